import { ExpressCtxOptionsError } from '../errors';
import type { ExpressCtxLogger } from '../types';

// RFC 9110 token characters: what a header name may contain.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Validates a header name and returns it lower-cased (Node lower-cases incoming header keys). */
export function headerName(option: string, value: unknown): string {
  if (typeof value !== 'string' || !HEADER_NAME.test(value)) {
    throw new ExpressCtxOptionsError({
      code: 'INVALID_HEADER_NAME',
      option,
      message: `expected an HTTP header name such as 'x-request-id', got ${describe(value)}.`,
    });
  }
  return value.toLowerCase();
}

/** Validates a whole number within [min, max]. */
export function wholeNumber(option: string, value: unknown, range: { min: number; max: number }): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ExpressCtxOptionsError({
      code: 'INVALID_NUMBER',
      option,
      message: `expected a whole number from ${range.min} to ${range.max}, got ${describe(value)}.`,
    });
  }
  return value;
}

/** Throws unless `ok`; for options whose shape is simply wrong (a string where a RegExp goes). */
export function expect(ok: boolean, option: string, message: string): void {
  if (!ok) throw new ExpressCtxOptionsError({ code: 'INVALID_OPTION', option, message });
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value.slice(0, 40)}'` : typeof value === 'number' ? String(value) : typeof value;
}

/**
 * Default logger: Node's warning channel (printed once to stderr as `(node) Warning: ...`,
 * observable with `process.on('warning')`). `src` must not use `console`.
 */
export const defaultLogger: ExpressCtxLogger = {
  warn(message, details) {
    process.emitWarning(details ? `${message} ${JSON.stringify(details)}` : message, { code: 'EXPRESS_CTX' });
  },
};

/** Calls the logger without ever letting a broken logger reach the host. */
export function safeWarn(logger: ExpressCtxLogger, message: string, details?: Record<string, unknown>): void {
  try {
    logger.warn(message, details);
  } catch {
    // A logger that throws must not turn telemetry into an outage.
  }
}
