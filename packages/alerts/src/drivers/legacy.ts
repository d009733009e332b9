import { AlertsError } from '../errors';
import type { AlertAction, AlertRule, ErrorRateRule, NewIssueRule, PlanChange } from '../types';
import { allowedCooldown, LEVEL_NUMBER, listByName, reconcile, seg, type DriverContext, type Remote } from './shared';

const RULE_IDS = {
  firstSeen: 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition',
  level: 'sentry.rules.filters.level.LevelFilter',
  email: 'sentry.mail.actions.NotifyEmailAction',
  slack: 'sentry.integrations.slack.notify_action.SlackNotifyServiceAction',
  webhook: 'sentry.rules.actions.notify_event_service.NotifyEventServiceAction',
  pagerduty: 'sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction',
} as const;

/** Legacy issue-alert `frequency` bounds, minutes. */
const ISSUE_ALERT_FREQUENCIES = [5, 10, 30, 60, 180, 720, 1440, 10_080, 43_200] as const;

/** An AlertAction as a legacy issue-alert action. */
export function issueAlertAction(action: AlertAction): Record<string, unknown> {
  switch (action.type) {
    case 'email': {
      if (action.target === 'issue-owners') return { id: RULE_IDS.email, targetType: 'IssueOwners', targetIdentifier: '', fallthroughType: 'ActiveMembers' };
      const at = action.target.indexOf(':');
      return { id: RULE_IDS.email, targetType: action.target.slice(0, at) === 'user' ? 'Member' : 'Team', targetIdentifier: action.target.slice(at + 1), fallthroughType: 'ActiveMembers' };
    }
    case 'slack': {
      // Without channel_id Sentry may answer 202 and look the channel up asynchronously; send it when we have one.
      const channelId = /^[CGD][A-Z0-9]{6,}$/.test(action.channel) ? { channel_id: action.channel } : {};
      return { id: RULE_IDS.slack, workspace: action.workspace, channel: action.channel, ...channelId };
    }
    case 'webhook':
      // Posts to the URLs configured in the project's WebHooks plugin (local-sentry: `webhookUrls`).
      return { id: RULE_IDS.webhook, service: 'webhooks' };
    case 'pagerduty':
      return { id: RULE_IDS.pagerduty, account: action.integrationId ?? '', service: action.service, severity: action.severity ?? 'default' };
  }
}

/** An AlertAction as a legacy metric-alert trigger action. */
export function metricAlertAction(action: AlertAction, ruleName: string): Record<string, unknown> {
  switch (action.type) {
    case 'email': {
      if (action.target === 'issue-owners') {
        throw new AlertsError(`"${ruleName}": legacy metric alerts cannot email issue owners; target a team or user.`, { code: 'unsupported' });
      }
      const at = action.target.indexOf(':');
      return { type: 'email', targetType: action.target.slice(0, at) === 'user' ? 'user' : 'team', targetIdentifier: action.target.slice(at + 1) };
    }
    case 'slack':
      return { type: 'slack', targetType: 'specific', targetIdentifier: action.channel, integrationId: action.workspace };
    case 'pagerduty':
      return { type: 'pagerduty', targetType: 'specific', targetIdentifier: action.service, integrationId: action.integrationId ?? null, priority: action.severity ?? 'default' };
    case 'webhook':
      // Metric alerts reach webhooks only through an internal integration (Sentry App), not the WebHooks plugin.
      if (action.sentryAppId !== undefined) return { type: 'sentry_app', targetType: 'sentry_app', targetIdentifier: action.sentryAppId, sentryAppId: action.sentryAppId };
      throw new AlertsError(`"${ruleName}": legacy metric alerts cannot post to plugin webhooks; set the action's sentryAppId (an internal integration) or use the workflows driver.`, {
        code: 'unsupported',
      });
  }
}

/** Legacy issue alert for a new-issue rule: first-seen trigger, level filter. */
export function issueAlertBody(rule: NewIssueRule, frequency: number): Record<string, unknown> {
  const numbers = [...new Set(rule.levels.map((l) => LEVEL_NUMBER[l]!))].sort((a, b) => a - b);
  const contiguousUp = Object.values(LEVEL_NUMBER).filter((n) => n >= numbers[0]!).length === numbers.length;
  const filters = numbers.length === 5 ? [] : contiguousUp
    ? [{ id: RULE_IDS.level, match: 'gte', level: String(numbers[0]) }]
    : numbers.map((n) => ({ id: RULE_IDS.level, match: 'eq', level: String(n) }));
  return {
    name: rule.name,
    actionMatch: 'all',
    filterMatch: contiguousUp ? 'all' : 'any',
    conditions: [{ id: RULE_IDS.firstSeen }],
    filters,
    actions: rule.actions.map(issueAlertAction),
    frequency,
    environment: rule.environment ?? null,
  };
}

/** Legacy metric alert for an error-rate rule. `timeWindow` is in minutes in this API. */
export function metricAlertBody(rule: ErrorRateRule, project: string): Record<string, unknown> {
  return {
    name: rule.name,
    projects: [project],
    dataset: 'events',
    queryType: 0,
    eventTypes: ['error', 'default'],
    query: '',
    aggregate: 'count()',
    timeWindow: rule.windowSeconds / 60,
    // thresholdType 0 = above: fires when the count is strictly greater than the threshold.
    thresholdType: 0,
    resolveThreshold: rule.threshold,
    environment: rule.environment ?? null,
    triggers: [{ label: 'critical', alertThreshold: rule.threshold, actions: rule.actions.map((a) => metricAlertAction(a, rule.name)) }],
  };
}

/** Provisions through the deprecated `/rules/` and `/alert-rules/` endpoints, for Sentry versions that only have those. */
export async function provisionLegacy(ctx: DriverContext, rules: readonly AlertRule[]): Promise<{ changes: PlanChange[]; unmanaged: string[] }> {
  const rulesPath = `/api/0/projects/${seg(ctx.org)}/${seg(ctx.project)}/rules/`;
  const alertRulesPath = `/api/0/organizations/${seg(ctx.org)}/alert-rules/`;
  const issueAlerts = await listByName(ctx, { path: rulesPath, what: 'issue alert rule' });
  const metricAlerts = rules.some((r) => r.kind === 'error-rate')
    ? await listByName(ctx, {
        path: alertRulesPath,
        what: 'metric alert rule',
        keep: (r) => !Array.isArray(r.projects) || r.projects.includes(ctx.project),
      })
    : new Map<string, Remote>();
  const changes: PlanChange[] = [];
  for (const rule of rules) {
    if (rule.kind === 'new-issue') {
      const frequency = allowedCooldown(ctx, { name: rule.name, minutes: rule.cooldownMinutes ?? 5, allowed: ISSUE_ALERT_FREQUENCIES, driver: 'legacy' });
      const result = await reconcile(ctx, {
        resource: 'issue-alert-rule',
        name: rule.name,
        desired: issueAlertBody(rule, frequency),
        existing: issueAlerts.get(rule.name),
        createPath: rulesPath,
        updatePath: (id) => `${rulesPath}${seg(id)}/`,
      });
      changes.push(result.change);
    } else {
      if (rule.cooldownMinutes !== undefined) ctx.warnings.push(`"${rule.name}": legacy metric alerts have no cooldown; they fire once per threshold crossing.`);
      const result = await reconcile(ctx, {
        resource: 'metric-alert-rule',
        name: rule.name,
        desired: metricAlertBody(rule, ctx.project),
        existing: metricAlerts.get(rule.name),
        createPath: alertRulesPath,
        updatePath: (id) => `${alertRulesPath}${seg(id)}/`,
      });
      changes.push(result.change);
    }
  }
  const names = new Set(rules.map((r) => r.name));
  return { changes, unmanaged: [...issueAlerts.keys(), ...metricAlerts.keys()].filter((n) => !names.has(n)) };
}
