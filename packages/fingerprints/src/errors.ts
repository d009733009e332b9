const SYNTAX_BRAND = Symbol.for('@causal-organism/fingerprints/FingerprintRuleSyntaxError');
const OPTIONS_BRAND = Symbol.for('@causal-organism/fingerprints/FingerprintOptionsError');

/**
 * What went wrong while reading a rules text:
 * - `syntax`: the text does not follow the grammar (what was expected and what was found are given);
 * - `unknown-matcher`: `key:` is not one of Sentry's matchers (`tags.NAME` is always accepted);
 * - `unknown-attribute`: `key="…"` after `->` is not `title`;
 * - `invalid-value`: a matcher value Sentry could never match (for example `app:maybe`).
 */
export type FingerprintRuleSyntaxErrorCode = 'syntax' | 'unknown-matcher' | 'unknown-attribute' | 'invalid-value';

/** Fields of {@link FingerprintRuleSyntaxError}, also accepted by its constructor. */
export interface FingerprintRuleSyntaxErrorDetails {
  code: FingerprintRuleSyntaxErrorCode;
  /** 1-based line of the problem. */
  line: number;
  /** 1-based column of the problem (in UTF-16 code units, as editors count). */
  column: number;
  /** 0-based offset into the whole text. */
  offset: number;
  /** Human descriptions of what would have been valid here, e.g. `'"->"'`, `'a matcher such as type:ValueError'`. */
  expected: string[];
  /** What was found instead: `'"=>"'`, `'end of line'`, `'a tab'`. */
  found: string;
  /** The offending line, for display. */
  sourceLine: string;
  /** A one-line hint on how to fix it, when there is an obvious one. */
  hint?: string;
}

/**
 * A fingerprint rules text could not be read. The message reads like a compiler's:
 *
 * ```text
 * line 2, column 15: expected "->" or another matcher, found "=>"
 *   type:Timeout => timeout
 *                ^
 * ```
 *
 * Sentry's own wording (`Invalid syntax near "…" (line L, column C)`) is kept in {@link sentryMessage}
 * so tooling that compares with Sentry's settings page can show the same text.
 */
export class FingerprintRuleSyntaxError extends Error implements FingerprintRuleSyntaxErrorDetails {
  override readonly name = 'FingerprintRuleSyntaxError';
  readonly code: FingerprintRuleSyntaxErrorCode;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly expected: string[];
  readonly found: string;
  readonly sourceLine: string;
  readonly hint?: string;
  /** The message Sentry's server would give for the same text. */
  readonly sentryMessage: string;
  // Brands are set in the constructor, not as computed class fields: those make bundlers keep
  // the class in every bundle that imports this module (the browser entry never throws this one).
  declare readonly [SYNTAX_BRAND]: true;

  constructor(details: FingerprintRuleSyntaxErrorDetails & { sentryMessage: string; message: string }, options?: { cause?: unknown }) {
    super(details.message, options);
    (this as { [SYNTAX_BRAND]: boolean })[SYNTAX_BRAND] = true;
    this.code = details.code;
    this.line = details.line;
    this.column = details.column;
    this.offset = details.offset;
    this.expected = details.expected;
    this.found = details.found;
    this.sourceLine = details.sourceLine;
    if (details.hint !== undefined) this.hint = details.hint;
    this.sentryMessage = details.sentryMessage;
  }

  /** True for errors from any copy of this package (a `Symbol.for` brand, not `instanceof`). */
  static isInstance(value: unknown): value is FingerprintRuleSyntaxError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SYNTAX_BRAND] === true;
  }
}

/** Why {@link FingerprintOptionsError} was thrown. */
export type FingerprintOptionsErrorCode = 'invalid-rules' | 'invalid-builtins' | 'invalid-parameterize';

/** Options passed to `fingerprintIntegration` (or a rule builder) are not usable. Thrown at start-up, never per event. */
export class FingerprintOptionsError extends Error {
  // Declared and assigned in the constructor: no class-field helpers in the browser bundle.
  declare readonly name: 'FingerprintOptionsError';
  declare readonly code: FingerprintOptionsErrorCode;
  declare readonly [OPTIONS_BRAND]: true;

  constructor(code: FingerprintOptionsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.assign(this, { name: 'FingerprintOptionsError', code, [OPTIONS_BRAND]: true });
  }

  /** True for errors from any copy of this package. */
  static isInstance(value: unknown): value is FingerprintOptionsError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[OPTIONS_BRAND] === true;
  }
}
