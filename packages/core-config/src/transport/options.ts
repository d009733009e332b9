import { ReliableTransportError } from './errors';
import type { ReliableTransportOptions, TransportLogger, TransportOutcome, TransportOutcomeInfo } from './types';

/** Options with every default filled in. */
export interface ResolvedTransportOptions {
  concurrency: number;
  maxQueuedEnvelopes: number;
  maxQueuedBytes: number;
  store: { directory: string; maxEnvelopes: number; maxBytes: number } | undefined;
  initialRetryDelayMs: number;
  maxRetryDelayMs: number;
  requestTimeoutMs: number;
  storeOnExit: boolean;
  logger: TransportLogger;
  onOutcome: ((outcome: TransportOutcome, info: TransportOutcomeInfo) => void) | undefined;
}

export const TRANSPORT_DEFAULTS = {
  concurrency: 30,
  maxQueuedEnvelopes: 2000,
  maxQueuedBytes: 32 * 1024 * 1024,
  maxStoredEnvelopes: 10_000,
  maxStoredBytes: 128 * 1024 * 1024,
  initialRetryDelayMs: 1000,
  maxRetryDelayMs: 60_000,
  requestTimeoutMs: 15_000,
} as const;

// Without an injected logger, warnings still reach stderr: a drop must never be silent.
const stderrLogger: TransportLogger = {
  info: () => undefined,
  warn: (message) => void process.stderr.write(`[core-config transport] warn: ${message}\n`),
  error: (message) => void process.stderr.write(`[core-config transport] error: ${message}\n`),
};

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new ReliableTransportError(
      'invalid_option',
      `makeReliableTransport: \`${name}\` must be a positive integer, got ${String(value)}. Example: { ${name}: ${fallback} }.`,
    );
  }
  return value;
}

/** Fills in defaults and rejects out-of-range values with a {@link ReliableTransportError}. */
export function resolveTransportOptions(options: ReliableTransportOptions): ResolvedTransportOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ReliableTransportError('invalid_option', 'makeReliableTransport: options must be an object, e.g. { store: { directory: "/var/lib/app/sentry" } }.');
  }
  let store: ResolvedTransportOptions['store'];
  if (options.store !== undefined) {
    const { directory } = options.store;
    if (typeof directory !== 'string' || directory.trim() === '') {
      throw new ReliableTransportError(
        'invalid_option',
        `makeReliableTransport: \`store.directory\` must be a non-empty path, got ${JSON.stringify(directory)}. Example: { store: { directory: "/var/lib/app/sentry-outbox" } }.`,
      );
    }
    store = {
      directory,
      maxEnvelopes: positiveInteger('store.maxEnvelopes', options.store.maxEnvelopes, TRANSPORT_DEFAULTS.maxStoredEnvelopes),
      maxBytes: positiveInteger('store.maxBytes', options.store.maxBytes, TRANSPORT_DEFAULTS.maxStoredBytes),
    };
  }
  const initialRetryDelayMs = positiveInteger('initialRetryDelayMs', options.initialRetryDelayMs, TRANSPORT_DEFAULTS.initialRetryDelayMs);
  const maxRetryDelayMs = positiveInteger('maxRetryDelayMs', options.maxRetryDelayMs, TRANSPORT_DEFAULTS.maxRetryDelayMs);
  if (maxRetryDelayMs < initialRetryDelayMs) {
    throw new ReliableTransportError(
      'invalid_option',
      `makeReliableTransport: \`maxRetryDelayMs\` (${maxRetryDelayMs}) is smaller than \`initialRetryDelayMs\` (${initialRetryDelayMs}); raise it or lower the initial delay.`,
    );
  }
  const logger = options.logger ?? stderrLogger;
  for (const level of ['info', 'warn', 'error'] as const) {
    if (typeof logger[level] !== 'function') {
      throw new ReliableTransportError('invalid_option', `makeReliableTransport: \`logger.${level}\` must be a function; pass an object with info, warn and error (pino's logger fits).`);
    }
  }
  if (options.onOutcome !== undefined && typeof options.onOutcome !== 'function') {
    throw new ReliableTransportError('invalid_option', 'makeReliableTransport: `onOutcome` must be a function (outcome, info) => void.');
  }
  return {
    concurrency: positiveInteger('concurrency', options.concurrency, TRANSPORT_DEFAULTS.concurrency),
    maxQueuedEnvelopes: positiveInteger('maxQueuedEnvelopes', options.maxQueuedEnvelopes, TRANSPORT_DEFAULTS.maxQueuedEnvelopes),
    maxQueuedBytes: positiveInteger('maxQueuedBytes', options.maxQueuedBytes, TRANSPORT_DEFAULTS.maxQueuedBytes),
    store,
    initialRetryDelayMs,
    maxRetryDelayMs,
    requestTimeoutMs: positiveInteger('requestTimeoutMs', options.requestTimeoutMs, TRANSPORT_DEFAULTS.requestTimeoutMs),
    storeOnExit: options.storeOnExit ?? true,
    logger,
    onOutcome: options.onOutcome,
  };
}
