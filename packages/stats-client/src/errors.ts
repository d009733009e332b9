/**
 * Typed errors of the stats client. Guards use a `Symbol.for` brand so they hold even when two
 * copies of the package end up in one process (`instanceof` would not).
 */

const API_ERROR = Symbol.for('@causal-organism/stats-client/SentryApiError');
const CONFIG_ERROR = Symbol.for('@causal-organism/stats-client/StatsClientConfigError');

/** Why a Sentry Web API call failed. */
export type SentryApiErrorCode =
  /** Sentry answered with a non-2xx status that is not retryable, or retries ran out. */
  | 'http_error'
  /** 429, and the wait Sentry asked for is longer than `retry.maxRateLimitWaitMs`, or retries ran out. */
  | 'rate_limited'
  /** No response within `timeoutMs` (after retries). */
  | 'timeout'
  /** The connection failed (refused, reset, DNS) after retries. */
  | 'network'
  /** The caller's `AbortSignal` fired. Never retried. */
  | 'aborted'
  /** The body was not JSON or did not have the shape Sentry documents; `field` names where. */
  | 'invalid_response';

/** Fields of a {@link SentryApiError}. */
export interface SentryApiErrorInit {
  code: SentryApiErrorCode;
  method: string;
  /** Request path with its query string. Never contains the token (it only travels in a header). */
  path: string;
  status?: number;
  /** Sentry's `detail` message, when the body had one. */
  detail?: string;
  /** Dotted path of the first field that failed validation (`invalid_response` only). */
  field?: string;
  /** The parsed error body (DRF validation errors carry per-field messages here). */
  body?: unknown;
  /** True when at least one retry happened before giving up. */
  retried: boolean;
  /** How many HTTP attempts were made. */
  attempts: number;
  cause?: unknown;
}

/** A failed call to Sentry's Web API: status, Sentry's `detail`, the request, and whether it was retried. */
export class SentryApiError extends Error {
  readonly code: SentryApiErrorCode;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly field: string | undefined;
  readonly body: unknown;
  readonly retried: boolean;
  readonly attempts: number;
  readonly [API_ERROR] = true;

  constructor(message: string, init: SentryApiErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'SentryApiError';
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.detail = init.detail;
    this.field = init.field;
    this.body = init.body;
    this.retried = init.retried;
    this.attempts = init.attempts;
  }

  /** True for any `SentryApiError`, from any copy of this package. */
  static isInstance(value: unknown): value is SentryApiError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[API_ERROR] === true;
  }
}

/** What was wrong with the options given to the client. */
export type StatsClientConfigErrorCode = 'invalid_option' | 'missing_option' | 'browser_runtime';

/** Bad options (a missing token, an unparsable duration, ...): a programmer error, thrown at once. */
export class StatsClientConfigError extends Error {
  readonly code: StatsClientConfigErrorCode;
  /** The option that was wrong, e.g. `baseUrl` or `window`. */
  readonly option: string;
  readonly [CONFIG_ERROR] = true;

  constructor(message: string, init: { code: StatsClientConfigErrorCode; option: string; cause?: unknown }) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'StatsClientConfigError';
    this.code = init.code;
    this.option = init.option;
  }

  /** True for any `StatsClientConfigError`, from any copy of this package. */
  static isInstance(value: unknown): value is StatsClientConfigError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CONFIG_ERROR] === true;
  }
}
