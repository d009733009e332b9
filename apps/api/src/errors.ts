import { ExportError } from '@causal-organism/fingerprints';

const API_ERROR_BRAND = Symbol.for('@causal-organism/api/error');

/** Codes of {@link ApiConfigError}. */
export type ApiConfigErrorCode = 'invalid-port' | 'invalid-host' | 'invalid-url' | 'invalid-number' | 'invalid-flag';

/** A bad environment variable: start-up stops with the variable's name, the value's problem and an example. */
export class ApiConfigError extends Error {
  readonly [API_ERROR_BRAND] = true;
  readonly code: ApiConfigErrorCode;
  /** The environment variable that was wrong. */
  readonly variable: string;

  constructor(options: { code: ApiConfigErrorCode; variable: string; message: string; cause?: unknown }) {
    super(`${options.variable}: ${options.message}`, { cause: options.cause });
    this.name = 'ApiConfigError';
    this.code = options.code;
    this.variable = options.variable;
  }

  /** True for instances from any copy of this module. */
  static isInstance(value: unknown): value is ApiConfigError {
    return value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[API_ERROR_BRAND] === true && (value as { name?: unknown }).name === 'ApiConfigError';
  }
}

/**
 * The report export job failed. Subclass of the fingerprints package's `ExportError`, so it
 * groups as `['export-error', 'ReportExportError']` whatever caused it (the cause is kept).
 */
export class ReportExportError extends ExportError {}

/** Codes of {@link ServiceUnavailableError}. */
export type ServiceUnavailableErrorCode = 'postgres-not-configured' | 'redis-not-configured' | 'redis-unavailable';

/**
 * A backing service the route needs is not configured or not reachable. `status` is 503; the
 * driver's own error, when there is one, is the `cause` (and decides the fingerprint).
 */
export class ServiceUnavailableError extends Error {
  readonly [API_ERROR_BRAND] = true;
  readonly code: ServiceUnavailableErrorCode;
  readonly status = 503;

  constructor(options: { code: ServiceUnavailableErrorCode; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'ServiceUnavailableError';
    this.code = options.code;
  }

  /** True for instances from any copy of this module. */
  static isInstance(value: unknown): value is ServiceUnavailableError {
    return value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[API_ERROR_BRAND] === true && (value as { name?: unknown }).name === 'ServiceUnavailableError';
  }
}
