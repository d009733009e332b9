export { platformDefaultRules } from './defaults';
export { describeRule, describeRules } from './describe';
export type { PlatformDefaultRulesOptions } from './defaults';
export { parseAlertDefinitions, recommendedScrubbing, SENTRY_WINDOWS_SECONDS } from './definitions';
export type { ParseDefinitionsResult } from './definitions';
export { loadAlertDefinitions } from './load';
export { createAlertsProvisioner } from './provisioner';
export type { AlertsProvisioner, AlertsProvisionerOptions } from './provisioner';
export { detectorBody, workflowBody, workflowAction } from './drivers/workflows';
export { issueAlertBody, metricAlertBody } from './drivers/legacy';
export { AlertsError } from './errors';
export type { AlertsErrorCode } from './errors';
export type {
  AlertAction,
  AlertDefinitions,
  AlertRule,
  ErrorRateRule,
  NewIssueRule,
  PlanChange,
  ProvisionDriver,
  ProvisionPlan,
  RetentionReport,
  ScrubbingSettings,
} from './types';
