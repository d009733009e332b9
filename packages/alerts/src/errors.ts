const ALERTS_ERROR = Symbol.for('@causal-organism/alerts/AlertsError');

/** What went wrong while loading or provisioning alert definitions. */
export type AlertsErrorCode =
  /** The definitions do not have the documented shape; `issues` lists each problem. */
  | 'invalid_definitions'
  /** The definitions file could not be read or imported. */
  | 'load_failed'
  /** Two remote resources share a rule's name, so updating by name would be a guess. */
  | 'conflict'
  /** The target Sentry cannot express something (no error detector, webhook on a legacy metric alert...). */
  | 'unsupported';

/** A typed alerts failure. API failures are `SentryApiError`s from `@causal-organism/stats-client`. */
export class AlertsError extends Error {
  readonly code: AlertsErrorCode;
  /** One line per problem, each naming the field (`rules[1].threshold: ...`). */
  readonly issues: string[];
  readonly [ALERTS_ERROR] = true;

  constructor(message: string, init: { code: AlertsErrorCode; issues?: string[]; cause?: unknown }) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AlertsError';
    this.code = init.code;
    this.issues = init.issues ?? [];
  }

  /** True for any `AlertsError`, from any copy of this package. */
  static isInstance(value: unknown): value is AlertsError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ALERTS_ERROR] === true;
  }
}
