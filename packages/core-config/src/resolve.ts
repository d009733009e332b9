import type { DataCollection, Event, EventHint } from '@sentry/core';
import { parseDsn, dsnIssue } from './dsn';
import { parseSentryEnv, type SentryEnvConfig } from './env';
import { ConfigError, type ConfigIssue } from './errors';
import type { CommonInitOptions, KitLogger } from './types';

/**
 * Merges the environment with explicit options (options win) and validates the explicit values
 * the same way as the variables. Throws `ConfigError` naming every bad value.
 */
export function resolveConfig(env: Readonly<Record<string, string | undefined>>, options: CommonInitOptions): SentryEnvConfig {
  const parsed = parseSentryEnv(env);
  const issues: ConfigIssue[] = parsed.ok ? [] : [...parsed.issues];
  const config: SentryEnvConfig = parsed.ok ? parsed.config : { environment: 'production', debug: false };

  if (options.dsn !== undefined) {
    const dsn = parseDsn(options.dsn);
    if (dsn.ok) config.dsn = options.dsn;
    else issues.push({ ...dsnIssue(options.dsn, dsn.problem), name: 'options.dsn' });
  }
  for (const key of ['sampleRate', 'tracesSampleRate'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value === 'number' && value >= 0 && value <= 1) config[key] = value;
    else issues.push({ name: `options.${key}`, value: String(value), problem: 'must be a number between 0 and 1', example: '0.25' });
  }
  if (options.environment !== undefined) config.environment = options.environment;
  if (options.release !== undefined) config.release = options.release;
  if (options.debug !== undefined) config.debug = options.debug;

  for (const removed of ['sendDefaultPii', 'enableLogs', 'skipOpenTelemetrySetup'] as const) {
    if (removed in options) {
      issues.push({ name: `options.${removed}`, value: undefined, problem: 'was removed in Sentry JS v11', example: 'dataCollection: { ... }' });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues.some((i) => i.name.startsWith('SENTRY_')) ? 'invalid-env' : 'invalid-option', issues);
  if (options.required === true && config.dsn === undefined) {
    throw new ConfigError('missing-dsn', [
      { name: 'SENTRY_DSN', value: undefined, problem: 'is required but not set', example: 'https://0123456789abcdef@o123.ingest.sentry.io/4505' },
    ]);
  }
  return config;
}

/**
 * Headers worth having on an error and safe to send. An allow list, because a deny list leaks every
 * custom identity or secret header nobody thought of.
 */
export const DEFAULT_ALLOWED_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'content-length',
  'content-type',
  'host',
  'origin',
  'referer',
  'user-agent',
  'x-request-id',
  'sentry-trace',
  'baggage',
  'traceparent',
];

/**
 * The kit's `dataCollection`, decided on purpose (v11's defaults collect IPs from spoofable headers,
 * cookies, all headers, raw bodies and frame variables):
 * - `userInfo: false`: the SDK's IP detection trusts forwarding headers; express-ctx sets the IP from `req.ip`.
 * - no cookies; request headers from an allow list; no response headers.
 * - no raw bodies from the SDK: express-ctx attaches the parsed body, capped and scrubbed.
 * - no frame local variables unless asked (they cost CPU and hold secrets).
 * - no database query parameters, AI or MCP payloads.
 */
export function kitDataCollection(options: { localVariables: boolean; overrides?: DataCollection }): DataCollection {
  return {
    userInfo: false,
    cookies: false,
    httpHeaders: { request: { allow: DEFAULT_ALLOWED_HEADERS }, response: false },
    httpBodies: [],
    urlQueryParams: true,
    stackFrameVariables: options.localVariables,
    frameContextLines: 5,
    databaseQueryData: false,
    queues: true,
    graphQL: { document: true, variables: false },
    genAI: { inputs: false, outputs: false },
    mcp: { inputs: false, outputs: false },
    ...options.overrides,
  };
}

/** Builds the ignore predicate from the three ignore options; `undefined` when none is set. */
export function buildIgnore(options: CommonInitOptions): ((event: Event, hint: EventHint) => boolean) | undefined {
  const messages = options.ignoreErrors ?? [];
  const classes = options.ignoreErrorClasses ?? [];
  const predicate = options.shouldIgnore;
  if (messages.length === 0 && classes.length === 0 && predicate === undefined) return undefined;
  return function shouldIgnoreEvent(event, hint) {
    const error = hint.originalException;
    const exception = event.exception?.values?.at(-1);
    const message = error instanceof Error ? error.message : (exception?.value ?? event.message ?? '');
    if (messages.some((m) => (typeof m === 'string' ? message.includes(m) : m.test(message)))) return true;
    if (classes.length > 0) {
      const typeName = exception?.type ?? (error instanceof Error ? error.name : undefined);
      for (const cls of classes) {
        if (typeof cls === 'string' ? cls === typeName : error instanceof cls) return true;
      }
    }
    return predicate?.(event, hint) === true;
  };
}

/** The logger used when none is injected. The one place the kit prints. */
export const consoleLogger: KitLogger = {
  /* eslint-disable no-console -- the default logger exists to print */
  info: (message) => console.info(`[sentry] ${message}`),
  warn: (message) => console.warn(`[sentry] ${message}`),
  error: (message) => console.error(`[sentry] ${message}`),
  /* eslint-enable no-console */
};
