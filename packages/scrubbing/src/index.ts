export { createScrubber, scrubEvent, scrubText, scrubValue } from './scrubber';
export { scrubbingIntegration } from './integration';
export { ScrubbingConfigError } from './errors';
export type { ScrubbingConfigErrorCode } from './errors';
export type {
  CustomPattern,
  RuleSetting,
  ScrubLogger,
  ScrubMethod,
  ScrubOptions,
  Scrubber,
  ScrubbingIntegrationOptions,
  ValueRuleSettings,
} from './types';
