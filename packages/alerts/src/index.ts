export { platformDefaultRules } from './defaults';
export type { PlatformDefaultRulesOptions } from './defaults';
export type { AlertAction, AlertRule, ErrorRateRule, NewIssueRule } from './types';
