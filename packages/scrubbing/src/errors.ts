const BRAND = Symbol.for('@causal-organism/scrubbing.ScrubbingConfigError');

/** Why a scrubbing configuration was rejected. */
export type ScrubbingConfigErrorCode =
  | 'INVALID_OPTION'
  | 'INVALID_PATTERN'
  | 'INVALID_SELECTOR'
  | 'INVALID_HASH_KEY'
  | 'HASH_KEY_UNAVAILABLE';

/**
 * Thrown by `createScrubber` / `scrubbingIntegration` (and the one-shot helpers) when options are
 * wrong. The message names the option and says how to fix it. Scrubbing itself never throws this.
 */
export class ScrubbingConfigError extends Error {
  override readonly name = 'ScrubbingConfigError';
  readonly code: ScrubbingConfigErrorCode;
  /** The option that was wrong, e.g. `patterns[2].pattern`. */
  readonly option: string;
  readonly [BRAND] = true;

  constructor(init: { code: ScrubbingConfigErrorCode; option: string; message: string; cause?: unknown }) {
    super(`${init.option}: ${init.message}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.option = init.option;
  }

  /** True for a `ScrubbingConfigError` from any copy of this package. */
  static isInstance(value: unknown): value is ScrubbingConfigError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
