import type { AlertAction, ErrorRateRule, NewIssueRule } from './types';

/** Options for {@link platformDefaultRules}. */
export interface PlatformDefaultRulesOptions {
  /** Where both rules send their firings. */
  actions: AlertAction[];
  /** Scope both rules to one environment. Unset: every environment. */
  environment?: string;
}

/** Requirement 17.5 and 17.6: error rate above 10 per minute, and any new error-or-fatal issue. */
export function platformDefaultRules({ actions, environment }: PlatformDefaultRulesOptions): [ErrorRateRule, NewIssueRule] {
  const scope = environment === undefined ? {} : { environment };
  return [
    { kind: 'error-rate', name: 'Error rate above 10/min', threshold: 10, windowSeconds: 60, actions, ...scope },
    { kind: 'new-issue', name: 'New error type', levels: ['error', 'fatal'], actions, ...scope },
  ];
}
