import { ExportError } from '@causal-organism/fingerprints';

const WORKER_BRAND = Symbol.for('@causal-organism/worker/worker-error');
const EXPORT_JOB_BRAND = Symbol.for('@causal-organism/worker/export-job-error');

function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** Why the worker could not start. */
export type WorkerErrorCode = 'invalid-env' | 'missing-redis-url' | 'redis-unavailable' | 'metrics-port-unavailable';

/** The worker cannot start: bad configuration or a dependency it needs is not reachable. */
export class WorkerError extends Error {
  readonly [WORKER_BRAND] = true;
  readonly code: WorkerErrorCode;

  constructor(code: WorkerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerError';
    this.code = code;
  }

  /** True for instances from any copy of this module. */
  static isInstance(value: unknown): value is WorkerError {
    return hasBrand(value, WORKER_BRAND);
  }
}

/** What went wrong with an export job. */
export type ExportJobErrorCode = 'invalid-job' | 'unsupported-format' | 'render-failed' | 'simulations-disabled';

/**
 * An export job failed. It extends the platform's `ExportError`, so its fingerprint is
 * `['export-error', <class name>]`: every attempt of every job failing the same way is one issue.
 */
export class ExportJobError extends ExportError {
  readonly [EXPORT_JOB_BRAND] = true;
  readonly code: ExportJobErrorCode;
  /** `false`: retrying cannot help (bad job data); the job fails at once instead of using its attempts. */
  readonly retryable: boolean;

  constructor(code: ExportJobErrorCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options);
    this.code = code;
    this.retryable = options?.retryable ?? true;
  }

  /** True for instances (and subclasses) from any copy of this module. */
  static override isInstance(value: unknown): value is ExportJobError {
    return hasBrand(value, EXPORT_JOB_BRAND);
  }
}

/** The job's data is not an export request this worker understands. Never retried. */
export class InvalidExportJobError extends ExportJobError {
  constructor(code: 'invalid-job' | 'unsupported-format' | 'simulations-disabled', message: string) {
    super(code, message, { retryable: false });
  }
}

/** Producing the export failed; BullMQ retries it with backoff. */
export class ExportRenderError extends ExportJobError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('render-failed', message, options);
  }
}
