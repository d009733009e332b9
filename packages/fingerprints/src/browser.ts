// The browser entry (`@causal-organism/fingerprints/browser`): rule objects, the built-ins and the
// integration, without the rule parser, the indexed matcher plan, the database classifiers and
// message parameterisation (opt-in). The names are the root entry's, so switching is one import.
export { applyRules } from './browser-apply';
export { fingerprintRulesIntegration } from './browser-integration';
export { builtinRules } from './builtin-rules';
export { ExportError, markExportError, PLATFORM_TAGS, ValidationError } from './builtins';
export { fingerprintRule, matcher, not, variables } from './builders';
export { FingerprintOptionsError } from './errors';
export { parameterize } from './parameterize';
export type { BrowserApplyRulesOptions } from './browser-apply';
export type { FingerprintRulesIntegrationOptions } from './browser-integration';
export type { BuiltinSelection } from './builtins';
export type { FingerprintRuleSpec } from './builders';
export type { FingerprintOptionsErrorCode } from './errors';
export type { GroupingContext } from './rules-integration';
export type {
  ApplyRulesOptions,
  FingerprintEvent,
  FingerprintMatcher,
  FingerprintResult,
  FingerprintRule,
  FingerprintRuleAttributes,
  MatcherKey,
  MatcherKeyInput,
} from './types';
