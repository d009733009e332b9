const BRAND = Symbol.for('@causal-organism/core-config/ConfigError');

/** What was wrong with the configuration. */
export type ConfigErrorCode =
  /** An environment variable has a value that can't be used. */
  | 'invalid-env'
  /** `required: true` was passed and `SENTRY_DSN` is not set. */
  | 'missing-dsn'
  /** An option passed in code is not valid (e.g. a removed v11 option). */
  | 'invalid-option'
  /** The runtime is older than the SDK supports. */
  | 'unsupported-runtime';

/** One problem found in the configuration: which variable, what was wrong, and a good example. */
export interface ConfigIssue {
  /** The variable or option name, e.g. `SENTRY_SAMPLE_RATE`. */
  name: string;
  /** The value that was given, truncated; secrets in DSNs are masked. */
  value: string | undefined;
  /** What is wrong with it. */
  problem: string;
  /** A value that would be accepted. */
  example: string;
}

/**
 * Thrown by `initSentry` when configuration stops start-up. The message names every bad variable,
 * says what is wrong and shows an example of a good value.
 */
export class ConfigError extends Error {
  // Declared, then set in the constructor: class fields (a computed brand key among them) compile
  // to helper calls in every browser bundle (es2020).
  declare readonly [BRAND]: true;
  declare readonly name: 'ConfigError';
  declare readonly code: ConfigErrorCode;
  declare readonly issues: readonly ConfigIssue[];

  constructor(code: ConfigErrorCode, issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    super(formatIssues(issues), options);
    Object.assign(this, { [BRAND]: true, name: 'ConfigError', code, issues });
  }

  /** `instanceof` that also works across two copies of this package. */
  static isInstance(value: unknown): value is ConfigError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

function formatIssues(issues: readonly ConfigIssue[]): string {
  const lines = issues.map(
    (issue) =>
      `${issue.name}${issue.value === undefined ? '' : `=${JSON.stringify(issue.value)}`}: ${issue.problem}. Example: ${issue.name}=${issue.example}`,
  );
  return `Sentry configuration is invalid:\n  ${lines.join('\n  ')}`;
}
