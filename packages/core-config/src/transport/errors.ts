const BRAND = Symbol.for('@causal-organism/core-config/ReliableTransportError');

/** Codes of {@link ReliableTransportError}. */
export type ReliableTransportErrorCode = 'invalid_option';

/**
 * Thrown by `makeReliableTransport` when an option is out of range: a programmer error caught at
 * start-up, never at send time (sending never throws into the host).
 */
export class ReliableTransportError extends Error {
  override readonly name = 'ReliableTransportError';
  readonly code: ReliableTransportErrorCode;
  readonly [BRAND] = true;

  constructor(code: ReliableTransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** True for a `ReliableTransportError` from any copy of this package (no bare `instanceof`). */
  static isInstance(value: unknown): value is ReliableTransportError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
