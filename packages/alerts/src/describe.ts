import type { AlertAction, AlertRule } from './types';

function action(a: AlertAction): string {
  switch (a.type) {
    case 'email':
      return `email ${a.target}`;
    case 'slack':
      return `Slack ${a.channel}`;
    case 'webhook':
      return `webhook ${a.url}`;
    case 'pagerduty':
      return `PagerDuty ${a.service}${a.severity ? ` (${a.severity})` : ''}`;
  }
}

/** One sentence per rule, for docs and review: what fires, where it goes. */
export function describeRule(rule: AlertRule): string {
  const scope = rule.environment ? ` in ${rule.environment}` : ' in every environment';
  const when =
    rule.kind === 'error-rate'
      ? `more than ${rule.threshold} error events within ${rule.windowSeconds === 60 ? '1 minute' : `${rule.windowSeconds} s`}${scope}, project-wide (exactly ${rule.threshold} does not fire)`
      : `a new issue at level ${rule.levels.join(' or ')}${scope}`;
  const to = rule.actions.length > 0 ? rule.actions.map(action).join(', ') : 'no action (recorded only)';
  return `${when}; notifies ${to}; at most once per ${rule.cooldownMinutes ?? 5} min`;
}

/** A Markdown table of rules, so the docs are generated from the same definitions the provisioner applies. */
export function describeRules(rules: readonly AlertRule[]): string {
  return ['| Rule | Fires on |', '|---|---|', ...rules.map((r) => `| ${r.name} | ${describeRule(r)} |`)].join('\n');
}
