/**
 * Alert rules as typed data. One source of truth read by three consumers: the provisioner
 * (Sentry's Monitors/Alerts API or the legacy rules API), local-sentry's evaluator, and the docs.
 */

/** Where a firing goes. Targets are references (names, ids, URLs), never secrets. */
export type AlertAction =
  | { type: 'email'; /** `team:<slug-or-id>`, `user:<email-or-id>` or `issue-owners`. */ target: string }
  | { type: 'slack'; /** Sentry's Slack integration id, or the workspace name local-sentry maps. */ workspace: string; channel: string }
  | {
      type: 'webhook';
      url: string;
      /** Body shape. @default 'generic' */ format?: 'slack' | 'generic';
      /** Sentry internal integration (Sentry App) id whose webhook legacy metric alerts post to. @default none */ sentryAppId?: string;
    }
  | {
      type: 'pagerduty';
      /** PagerDuty service reference as configured in Sentry. */ service: string;
      severity?: 'default' | 'critical' | 'warning' | 'error' | 'info';
      /** Sentry's PagerDuty integration id (the provisioner needs it for sentry.io). @default none */ integrationId?: string;
    };

interface AlertRuleBase {
  /** Unique per project; the provisioner creates or updates by name. */
  name: string;
  /** Only events of this environment count. Unset: every environment. */
  environment?: string;
  actions: AlertAction[];
  /** Minimum minutes between two firings of the same rule. @default 5 */
  cooldownMinutes?: number;
}

/**
 * "More than `threshold` error events within `windowSeconds`", project-wide. Strict greater-than,
 * like Sentry's `gt` condition: exactly `threshold` events do not fire.
 */
export interface ErrorRateRule extends AlertRuleBase {
  kind: 'error-rate';
  threshold: number;
  windowSeconds: number;
}

/** "A new issue was created" whose level is one of `levels`. */
export interface NewIssueRule extends AlertRuleBase {
  kind: 'new-issue';
  levels: Array<'fatal' | 'error' | 'warning' | 'info' | 'debug'>;
}

export type AlertRule = ErrorRateRule | NewIssueRule;

/** Server-side data scrubbing settings of a Sentry project (Settings > Security & Privacy). */
export interface ScrubbingSettings {
  /** Sentry's data scrubber on. */
  dataScrubber: boolean;
  /** Use Sentry's default sensitive field list as well. */
  dataScrubberDefaults: boolean;
  /** Replace user IP addresses. */
  scrubIPAddresses: boolean;
  /** Extra key names to scrub. */
  sensitiveFields: string[];
  /** Key names never scrubbed. */
  safeFields: string[];
}

/**
 * The definitions file an app keeps in its repo and feeds to `sentry-alerts plan|apply`.
 * JSON, or an ES module whose default export has this shape.
 */
export interface AlertDefinitions {
  rules: AlertRule[];
  /** Fingerprint rules text (the `fingerprints` package's rule language) to push to the project. @default not managed */
  fingerprintRules?: string;
  /** Path of a fingerprint rules file, relative to the definitions file. Ignored when `fingerprintRules` is set. */
  fingerprintRulesFile?: string;
  /** `'recommended'` for {@link recommendedScrubbing}, explicit settings, or `false` to leave them alone. @default 'recommended' */
  scrubbing?: 'recommended' | ScrubbingSettings | false;
  /** Days of error retention the platform requires (17.7). @default 90 */
  retentionDays?: number;
}

/** Which Sentry API the provisioner writes to. */
export type ProvisionDriver = 'workflows' | 'legacy';

/** One resource the provisioner would create, update or leave alone. */
export interface PlanChange {
  action: 'create' | 'update' | 'unchanged';
  resource: 'detector' | 'workflow' | 'issue-alert-rule' | 'metric-alert-rule' | 'project-settings';
  /** Rule name, or the project slug for settings. */
  name: string;
  /** Remote id once it exists. */
  id?: string;
  /** Dotted paths of the fields that differ (update), or that will be set (create). */
  changes: string[];
  /** The body sent (or that would be sent). */
  body: unknown;
}

/** What `plan` found, or what `apply` did. */
export interface ProvisionPlan {
  driver: ProvisionDriver;
  org: string;
  project: string;
  changes: PlanChange[];
  /** Things the provisioner adjusted or could not express (e.g. a cooldown rounded up). */
  warnings: string[];
  /** Remote rules with names not in the definitions; reported, never deleted. */
  unmanaged: string[];
}

/** What the provisioner could learn about event retention (Sentry has no API that reports it). */
export interface RetentionReport {
  requiredDays: number;
  /** Whether Sentry accepted a query reaching `requiredDays` back. */
  queryAccepted: boolean;
  /** Earliest day with stored errors within `requiredDays`, if any. */
  oldestDataAt: string | undefined;
  /** Sentry's answer when it refused the query. */
  detail: string | undefined;
  /** Why the figure cannot be read through the API, and how to set it. */
  note: string;
}
