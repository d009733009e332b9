import { fingerprintIntegration } from '@causal-organism/fingerprints';
import { scrubbingIntegration } from '@causal-organism/scrubbing';
import * as Sentry from '@sentry/node';
import type { Integration, LogSeverityLevel } from '@sentry/core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeKit, REPLACED_DEFAULTS } from '../compose';
import { THROTTLE_NAME } from '../throttle';
import { parseDsn, type ParsedDsn } from '../dsn';
import { reliableDeliveryOptions } from '../transport';
import type { SentryEnvConfig } from '../env';
import { consoleLogger, kitDataCollection, resolveConfig } from '../resolve';
import type { CommonInitOptions, EventOutcome, KitLogger } from '../types';
import { cachedContextIntegration } from './context';
import { withEarlyHoldBack } from './early-throttle';
import { inAppContextLinesIntegration } from './context-lines';
import { installSignalHandlers, shutdown } from './shutdown';

// The scrubbing integration's name (`@causal-organism/scrubbing`): it stays the last processor.
const SCRUBBING_NAME = 'Scrubbing';

/** Options of {@link initSentry} (Node). Explicit options win over the environment. */
export interface NodeInitOptions extends CommonInitOptions {
  /** Where the `SENTRY_*` variables are read from. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Attach stack-frame local variables (scrubbed). Overrides `SENTRY_LOCAL_VARIABLES`. @default false */
  localVariables?: boolean;
  /**
   * With tracing on, let spans created through `@opentelemetry/api` join Sentry's traces
   * (`enableOpenTelemetrySetup`; v11 leaves it off, so OTel API spans are silently dropped). @default true
   */
  openTelemetry?: boolean;
  /**
   * Unhandled promise rejections: `strict` captures, flushes and exits with code 1 (Node's own
   * default behaviour, which a plain Sentry listener would otherwise switch off); `warn` captures and
   * keeps running. @default 'strict'
   */
  unhandledRejections?: 'strict' | 'warn';
  /** Signals that run `shutdown()` and exit; `false` leaves signals to the app. @default ['SIGTERM', 'SIGINT'] */
  signals?: NodeJS.Signals[] | false;
  /** Time allowed for the final flush on shutdown and on a crash, in ms. @default 5000 */
  shutdownTimeoutMs?: number;
  /**
   * Envelopes that may wait in memory for the receiver. The SDK's default of 64 drops a synchronous
   * burst of 1,000 errors down to 64 (`queue_overflow`); past this limit envelopes spill to the spool
   * directory, and only past the spool's limits are they dropped (counted, logged). @default 2000
   */
  maxQueuedEvents?: number;
  /**
   * Durable spool for envelopes the receiver can't take now (outage, rate limit, shutdown); the next
   * process with the same directory sends them. `false`: memory only.
   * @default { directory: SENTRY_SPOOL_DIR ?? <os tmpdir>/sentry-spool/<project id> }
   */
  spool?: { directory?: string; maxEnvelopes?: number; maxBytes?: number } | false;
  /**
   * Wire Sentry's pino integration: records at `logLevels` become Sentry logs; records at
   * `errorLevels` become error events (leave empty when you log through `createLogger`, which captures
   * error records itself and writes their event ids into them). Unset: pino is not instrumented.
   */
  pino?: { logLevels?: LogSeverityLevel[]; errorLevels?: LogSeverityLevel[] };
  /** Replace the transport (tests, tunnels). @default the SDK's Node transport */
  transport?: Sentry.NodeOptions['transport'];
  /** Last-word overrides passed to `Sentry.init` as they are. Prefer the typed options above. */
  sentryOptions?: Partial<Sentry.NodeOptions>;
}

/** What {@link initSentry} returns. */
export interface InitResult {
  /** `false` when no DSN is configured: capture calls are then no-ops. */
  enabled: boolean;
  /** The configuration in force, after environment and options were merged. */
  config: SentryEnvConfig;
  /** The SDK client; `undefined` when disabled. */
  client: Sentry.NodeClient | undefined;
}

/**
 * Initialises Sentry for a Node service from `SENTRY_*` variables and options, with the kit's safe,
 * loss-free defaults. Call it first, from the file given to `node --import`.
 *
 * Throws `ConfigError` when a variable is invalid (naming it, with an example of a good value) or
 * when `required` is set and no DSN is configured. Without a DSN it logs one line and runs disabled.
 */
export function initSentry(options: NodeInitOptions = {}): InitResult {
  const config = resolveConfig(options.env ?? process.env, options);
  const logger = options.logger ?? consoleLogger;
  if (config.dsn === undefined && config.spotlight === undefined) {
    logger.info('SENTRY_DSN is not set: error tracking is disabled');
    return { enabled: false, config, client: undefined };
  }

  const localVariables = options.localVariables ?? config.localVariables ?? false;
  const tracing = config.tracesSampleRate !== undefined;
  const kit = composeKit(options, config, { logger, fingerprintIntegration, scrubbingIntegration });
  // With every error sampled in, the throttle's outcome does not depend on the coin flip it would
  // otherwise skip, so errors of a full group may be held back before their event is built.
  if (config.sampleRate === undefined || config.sampleRate >= 1) {
    kit.integrations = kit.integrations.map((i) => (i.name === THROTTLE_NAME ? withEarlyHoldBack(i) : i));
  }
  let reportOutcome: ((outcome: EventOutcome) => void) | undefined;
  const nodeIntegrations: Integration[] = [Sentry.onUnhandledRejectionIntegration({ mode: options.unhandledRejections ?? 'strict' })];
  if (options.pino !== undefined) {
    nodeIntegrations.push(
      Sentry.pinoIntegration({
        log: { levels: options.pino.logLevels ?? ['info', 'warn', 'error', 'fatal'] },
        error: { levels: options.pino.errorLevels ?? [] },
      }),
    );
  }
  if (localVariables) nodeIntegrations.push(Sentry.localVariablesIntegration());
  const frameContextLines = options.dataCollection?.frameContextLines ?? 5;
  // Context and context lines run after the throttle (and before scrubbing, which stays last): they
  // only add data, which neither grouping nor the throttle reads, and both wait on I/O the first
  // time (OS facts, source files). In front of the throttle, every error of a storm's first
  // milliseconds waited there, unlearned and alive; hundreds alive at once made V8 pretenure the
  // SDK's hint objects for good, after which each later capture's error and stack were promoted to
  // old space and paid for in mark-compacts. After it, the first error teaches the throttle its
  // group synchronously, and held-back errors never wait.
  const contextIntegrations: Integration[] = [cachedContextIntegration(), inAppContextLinesIntegration({ lines: frameContextLines })];
  const scrubbingAt = kit.integrations.findIndex((i) => i.name === SCRUBBING_NAME);
  const kitIntegrations =
    scrubbingAt === -1
      ? [...kit.integrations, ...contextIntegrations]
      : [...kit.integrations.slice(0, scrubbingAt), ...contextIntegrations, ...kit.integrations.slice(scrubbingAt)];

  const client = Sentry.init({
    dsn: config.dsn,
    environment: config.environment,
    release: config.release,
    debug: config.debug,
    sampleRate: config.sampleRate,
    // Left unset unless tracing is wanted: even 0 builds and discards spans on every request.
    ...(tracing ? { tracesSampleRate: config.tracesSampleRate } : {}),
    enableOpenTelemetrySetup: tracing && options.openTelemetry !== false,
    spotlight: config.spotlight,
    serverName: config.serverName,
    shutdownTimeout: options.shutdownTimeoutMs ?? 5000,
    dataCollection: kitDataCollection({ localVariables, overrides: options.dataCollection }),
    // The SDK keeps a replaced default's position (and takes the replacement's instance), so the
    // defaults named like the kit's own context integrations are dropped here to let them run late.
    integrations: (defaults) => [
      ...defaults.filter((i) => !REPLACED_DEFAULTS.has(i.name) && !contextIntegrations.some((c) => c.name === i.name)),
      ...nodeIntegrations,
      ...kitIntegrations,
    ],
    beforeSend: options.beforeSend,
    ...deliveryOptions({ options, config, logger, onEventOutcome: (outcome) => reportOutcome?.(outcome) }),
    ...options.sentryOptions,
  });

  kit.wire(client);
  if (options.onEventOutcome !== undefined) reportOutcome = options.onEventOutcome;
  if (options.signals !== false) {
    installSignalHandlers({
      signals: options.signals ?? ['SIGTERM', 'SIGINT'],
      timeoutMs: options.shutdownTimeoutMs ?? 5000,
      logger,
    });
  }
  logger.info(`Sentry initialized for environment: ${config.environment}`);
  return { enabled: client !== undefined, config, client };
}

/**
 * The transport: the kit's reliable transport (bounded memory queue, durable spool, retries that
 * honour rate limits) unless the app brought its own.
 */
function deliveryOptions({
  options,
  config,
  logger,
  onEventOutcome,
}: {
  options: NodeInitOptions;
  config: SentryEnvConfig;
  logger: KitLogger;
  onEventOutcome: (outcome: EventOutcome) => void;
}): Pick<Sentry.NodeOptions, 'transport' | 'transportOptions'> {
  if (options.transport !== undefined) {
    return { transport: options.transport, transportOptions: { bufferSize: options.maxQueuedEvents ?? 2000 } };
  }
  const spool = options.spool;
  const projectId = config.dsn === undefined ? 'spotlight' : (parseDsn(config.dsn) as { ok: true; dsn: ParsedDsn }).dsn.projectId;
  return reliableDeliveryOptions({
    ...(options.maxQueuedEvents === undefined ? {} : { maxQueuedEnvelopes: options.maxQueuedEvents }),
    ...(spool === false
      ? {}
      : {
          store: {
            directory: spool?.directory ?? config.spoolDir ?? join(tmpdir(), 'sentry-spool', projectId),
            ...(spool?.maxEnvelopes === undefined ? {} : { maxEnvelopes: spool.maxEnvelopes }),
            ...(spool?.maxBytes === undefined ? {} : { maxBytes: spool.maxBytes }),
          },
        }),
    logger,
    onOutcome: (outcome, info) => {
      if (outcome === 'dropped' && info.itemTypes.includes('event')) {
        onEventOutcome({ kind: 'dropped', level: 'unknown', category: 'error', reason: info.reason ?? 'transport', quantity: 1 });
      }
    },
  });
}

export { shutdown };
export type { KitLogger };
