/**
 * Alert rules as typed data. One source of truth read by three consumers: the provisioner
 * (Sentry's Monitors/Alerts API or the legacy rules API), local-sentry's evaluator, and the docs.
 */

/** Where a firing goes. Targets are references (names, ids, URLs), never secrets. */
export type AlertAction =
  | { type: 'email'; /** `team:<slug-or-id>`, `user:<email-or-id>` or `issue-owners`. */ target: string }
  | { type: 'slack'; /** Sentry's Slack integration id, or the workspace name local-sentry maps. */ workspace: string; channel: string }
  | { type: 'webhook'; url: string; /** Body shape. @default 'generic' */ format?: 'slack' | 'generic' }
  | { type: 'pagerduty'; /** PagerDuty service reference as configured in Sentry. */ service: string; severity?: 'default' | 'critical' | 'warning' | 'error' | 'info' };

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
