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
  // Declared, then assigned in the constructor: class field initializers compile to helper code
  // in ES2020 bundles, and this class is in every browser bundle.
  declare readonly name: 'ScrubbingConfigError';
  declare readonly code: ScrubbingConfigErrorCode;
  /** The option that was wrong, e.g. `patterns[2].pattern`. */
  declare readonly option: string;
  declare readonly [BRAND]: true;

  constructor(init: { code: ScrubbingConfigErrorCode; option: string; message: string; cause?: unknown }) {
    super(`${init.option}: ${init.message}`, init.cause === undefined ? undefined : { cause: init.cause });
    Object.assign(this, { name: 'ScrubbingConfigError', code: init.code, option: init.option, [BRAND]: true });
  }

  /** True for a `ScrubbingConfigError` from any copy of this package. */
  static isInstance(value: unknown): value is ScrubbingConfigError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
