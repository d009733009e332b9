import { fingerprintRulesIntegration, type FingerprintRulesIntegrationOptions } from '@causal-organism/fingerprints/browser';
// The small browser engine: same rules, options and output as the root entry's (differential tests).
import { scrubbingIntegration } from '@causal-organism/scrubbing/browser';
import * as SentryBrowser from '@sentry/browser';
import type { Client, Integration } from '@sentry/core';
import { composeKit, REPLACED_DEFAULTS } from './compose';
import type { SentryEnvConfig } from './env';
import { ConfigError } from './errors';
import { consoleLogger, kitDataCollection, resolveConfig } from './resolve';
import type { CommonInitOptions } from './types';

/** Options of {@link initSentryBrowser}. Explicit options win over `env`. */
export interface BrowserInitOptions extends Omit<CommonInitOptions, 'fingerprints'> {
  /**
   * Client-side fingerprint rules as rule objects (`parseRules(text)` at build time, the builders,
   * or JSON), then the platform built-ins. Rule text is not accepted here so that the rule parser
   * stays out of page bundles. @default { builtins: true }
   */
  fingerprints?: FingerprintRulesIntegrationOptions | false;
  /**
   * The `SENTRY_*` values, as the page or the bundler provides them (a browser has no
   * `process.env`): e.g. `{ SENTRY_DSN: import.meta.env.VITE_SENTRY_DSN }`. @default {}
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Pass `browserTracingIntegration()` (re-exported here) to trace page loads and navigations and to
   * propagate traces to your API (with `SENTRY_TRACES_SAMPLE_RATE` set). Not bundled unless you import
   * it: it is about 55 KB minified, more than the rest of the kit.
   */
  tracingIntegration?: Integration;
  /** URLs that get `sentry-trace`/`baggage` headers so browser and API errors share a trace. @default same origin only */
  tracePropagationTargets?: Array<string | RegExp>;
  /**
   * Pass `makeBrowserOfflineTransport` (re-exported here) to keep events in IndexedDB while the
   * network is down and send them later. Off unless you import it, so the queue (about 1.2 KB gzip)
   * is only bundled by pages that want it. `true` is refused with a `ConfigError` saying so.
   * @default false
   */
  offline?: false | typeof SentryBrowser.makeBrowserOfflineTransport;
  /** Last-word overrides passed to `Sentry.init` as they are. */
  sentryOptions?: Partial<SentryBrowser.BrowserOptions>;
}

/** What {@link initSentryBrowser} returns. */
export interface BrowserInitResult {
  enabled: boolean;
  config: SentryEnvConfig;
  client: Client | undefined;
}

/**
 * Initialises `@sentry/browser` with the same validation, defaults, throttle, noise control and
 * counters as the Node entry. Throws `ConfigError` on invalid values; runs disabled without a DSN.
 */
export function initSentryBrowser(options: BrowserInitOptions = {}): BrowserInitResult {
  const offline = offlineTransport(options.offline);
  const config = resolveConfig(options.env ?? {}, options);
  const logger = options.logger ?? consoleLogger;
  if (config.dsn === undefined) {
    logger.info('SENTRY_DSN is not set: error tracking is disabled');
    return { enabled: false, config, client: undefined };
  }
  const kit = composeKit(options, config, {
    logger,
    // The options type above only admits rule objects; the integration re-checks at run time.
    fingerprintIntegration: (fingerprintOptions) => fingerprintRulesIntegration(fingerprintOptions as FingerprintRulesIntegrationOptions),
    scrubbingIntegration,
  });
  const tracing = config.tracesSampleRate !== undefined;
  const client = SentryBrowser.init({
    dsn: config.dsn,
    environment: config.environment,
    release: config.release,
    debug: config.debug,
    sampleRate: config.sampleRate,
    ...(tracing ? { tracesSampleRate: config.tracesSampleRate } : {}),
    ...(options.tracePropagationTargets === undefined ? {} : { tracePropagationTargets: options.tracePropagationTargets }),
    // Browser events carry `infer_ip: auto` unless userInfo is off; the IP is PII we don't need.
    dataCollection: kitDataCollection({ localVariables: false, overrides: options.dataCollection }),
    integrations: (defaults) => [
      ...defaults.filter((i) => !REPLACED_DEFAULTS.has(i.name)),
      ...(tracing && options.tracingIntegration !== undefined ? [options.tracingIntegration] : []),
      ...kit.integrations,
    ],
    beforeSend: options.beforeSend,
    transportOptions: { bufferSize: 1000 },
    ...(offline === undefined ? {} : { transport: offline(SentryBrowser.makeFetchTransport) }),
    ...options.sentryOptions,
  });
  kit.wire(client);
  logger.info(`Sentry initialized for environment: ${config.environment}`);
  return { enabled: client !== undefined, config, client };
}

/**
 * The offline queue maker the app passed, if any. Referring to `makeBrowserOfflineTransport` here
 * would bundle it into every page, so the app passes it in; `offline: true` (the old default, and a
 * plain JavaScript caller's guess) gets a `ConfigError` naming the fix rather than silently no queue.
 */
function offlineTransport(value: BrowserInitOptions['offline'] | true): typeof SentryBrowser.makeBrowserOfflineTransport | undefined {
  if (value === undefined || value === false) return undefined;
  if (typeof value === 'function') return value;
  throw new ConfigError('invalid-option', [
    {
      name: 'options.offline',
      value: String(value),
      problem: "takes the transport maker, so the queue is bundled only when used: import { makeBrowserOfflineTransport } from '@causal-organism/core-config/browser'",
      example: 'makeBrowserOfflineTransport',
    },
  ]);
}

export { browserTracingIntegration, makeBrowserOfflineTransport } from '@sentry/browser';
export { parseSentryEnv } from './env';
export type { ParseEnvResult, SentryEnvConfig } from './env';
export { ConfigError };
export type { ConfigErrorCode, ConfigIssue } from './errors';
export { throttleIntegration } from './throttle';
export type { ThrottleOptions } from './throttle';
export { captureException, captureMessage, addBreadcrumb } from './helpers';
export type {
  BreadcrumbInput,
  CaptureExceptionContext,
  CaptureMessageContext,
  CommonInitOptions,
  EventOutcome,
  KitLogger,
} from './types';
