export { parseRules, ruleText } from './parser';
export { applyRules, explain } from './apply';
export { parameterize, PARAMETERIZATION_PATTERNS } from './parameterize';
export { compileGlob } from './glob';
export { defaultGroupingKey, groupEvent } from './grouping';
export { fingerprintIntegration } from './integration';
export { fingerprintRulesIntegration } from './rules-integration';
export { builtinRules } from './builtin-rules';
export {
  BUILTIN_RULES_TEXT,
  classifyPlatformError,
  endpointOf,
  ExportError,
  markDatabaseError,
  markExportError,
  PLATFORM_TAGS,
  tagPlatformError,
  ValidationError,
} from './builtins';
export { fingerprintRule, matcher, not, variables } from './builders';
export { FingerprintOptionsError, FingerprintRuleSyntaxError } from './errors';
export type {
  FingerprintOptionsErrorCode,
  FingerprintRuleSyntaxErrorCode,
  FingerprintRuleSyntaxErrorDetails,
} from './errors';
export type { GlobOptions, GlobTest } from './glob';
export type { FingerprintRuleSpec } from './builders';
export type { GroupEventOptions, GroupingDecision } from './grouping';
export type { FingerprintIntegrationOptions } from './integration';
export type { FingerprintRulesIntegrationOptions, GroupingContext } from './rules-integration';
export type { BuiltinSelection, DatabaseFailure, PlatformClassification } from './builtins';
export type {
  ApplyRulesOptions,
  Explanation,
  FingerprintEvent,
  FingerprintException,
  FingerprintFrame,
  FingerprintMatcher,
  FingerprintResult,
  FingerprintRule,
  FingerprintRuleAttributes,
  FingerprintStacktrace,
  GroupingKey,
  GroupingStrategy,
  MatcherExplanation,
  MatcherKey,
  MatcherKeyInput,
  RuleExplanation,
} from './types';
