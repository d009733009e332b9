/** Codes of {@link ExpressCtxOptionsError}: which kind of option was wrong. */
export type ExpressCtxOptionsErrorCode = 'INVALID_HEADER_NAME' | 'INVALID_NUMBER' | 'INVALID_OPTION';

const OPTIONS_ERROR_BRAND = Symbol.for('@causal-organism/express-ctx/ExpressCtxOptionsError');

/**
 * Thrown by `createContextMiddleware`/`createErrorHandler` at start-up when an option is wrong
 * (a programmer error). The message names the option and says how to fix it. Nothing is ever
 * thrown while serving requests.
 */
export class ExpressCtxOptionsError extends Error {
  /** Which kind of option was wrong. */
  readonly code: ExpressCtxOptionsErrorCode;
  /** The option's name, e.g. `userIdHeader`. */
  readonly option: string;

  constructor(args: { code: ExpressCtxOptionsErrorCode; option: string; message: string; cause?: unknown }) {
    super(`express-ctx: option \`${args.option}\`: ${args.message}`, args.cause === undefined ? undefined : { cause: args.cause });
    this.name = 'ExpressCtxOptionsError';
    this.code = args.code;
    this.option = args.option;
    Object.defineProperty(this, OPTIONS_ERROR_BRAND, { value: true });
  }

  /** True for this error even when it comes from another copy of the package (no bare `instanceof`). */
  static isInstance(value: unknown): value is ExpressCtxOptionsError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[OPTIONS_ERROR_BRAND] === true;
  }
}
