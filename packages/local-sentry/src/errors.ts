const BRAND = Symbol.for('@causal-organism/local-sentry/error');

/** Codes of {@link LocalSentryError}. */
export type LocalSentryErrorCode = 'invalid-options' | 'listen-failed' | 'storage-failed';

/** A problem starting or running local-sentry, with what to do about it in the message. */
export class LocalSentryError extends Error {
  readonly code: LocalSentryErrorCode;
  readonly [BRAND] = true;

  constructor(code: LocalSentryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalSentryError';
    this.code = code;
  }

  /** True for a LocalSentryError from any copy of this package. */
  static isInstance(value: unknown): value is LocalSentryError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

const INGEST_BRAND = Symbol.for('@causal-organism/local-sentry/ingest-error');

/** Codes of {@link IngestError}, each mapped to the HTTP status Relay answers with. */
export type IngestErrorCode =
  | 'missing-auth'
  | 'multiple-auth'
  | 'invalid-auth'
  | 'unknown-key'
  | 'unknown-project'
  | 'bad-encoding'
  | 'too-large'
  | 'invalid-envelope'
  | 'invalid-json'
  | 'rate-limited';

const STATUS: Record<IngestErrorCode, number> = {
  'missing-auth': 401,
  'multiple-auth': 401,
  'invalid-auth': 401,
  'unknown-key': 401,
  'unknown-project': 400,
  'bad-encoding': 400,
  'too-large': 413,
  'invalid-envelope': 400,
  'invalid-json': 400,
  'rate-limited': 429,
};

/** A rejected ingest request; `status` and `message` become Relay's `{"detail": ...}` answer. */
export class IngestError extends Error {
  readonly code: IngestErrorCode;
  readonly status: number;
  readonly [INGEST_BRAND] = true;

  constructor(code: IngestErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngestError';
    this.code = code;
    this.status = STATUS[code];
  }

  /** True for an IngestError from any copy of this package. */
  static isInstance(value: unknown): value is IngestError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[INGEST_BRAND] === true;
  }
}
