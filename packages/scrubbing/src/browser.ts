// The browser entry (`@causal-organism/scrubbing/browser`): the same exports, options and output
// as the root entry, on the small engine (see internal/browser-engine.ts), for bundles where size
// matters more than the last microsecond.
import type { Integration } from '@sentry/core';
import { createBrowserEngine } from './internal/browser-engine';
import { createScrubbingIntegration } from './internal/integration';
import type { ScrubOptions, Scrubber, ScrubbingIntegrationOptions } from './types';

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

/**
 * Validate `options` and build every rule once (browser engine). Reuse the result on hot paths.
 * @throws {ScrubbingConfigError} when an option is invalid (the message names it and says how to fix it)
 */
export function createScrubber(options?: ScrubOptions): Scrubber {
  const { scrubEvent, scrubText, scrubValue } = createBrowserEngine(options);
  return { scrubEvent, scrubText, scrubValue };
}

/**
 * A scrubbed copy of a Sentry event (browser engine); the input is never mutated.
 * @throws {ScrubbingConfigError} when `options` are invalid
 */
export function scrubEvent<T extends object>(event: T, options?: ScrubOptions): T {
  return createBrowserEngine(options).scrubEvent(event);
}

/**
 * One string with every value rule applied (browser engine).
 * @throws {ScrubbingConfigError} when `options` are invalid
 */
export function scrubText(text: string, options?: ScrubOptions): string {
  return createBrowserEngine(options).scrubText(text);
}

/**
 * Any JSON-like value scrubbed by key and value rules (browser engine).
 * @throws {ScrubbingConfigError} when `options` are invalid
 */
export function scrubValue<T>(value: T, options?: ScrubOptions): T {
  return createBrowserEngine(options).scrubValue(value);
}

/**
 * The Sentry (v11) integration on the browser engine: the same hooks and fail-closed behaviour as
 * the root entry's `scrubbingIntegration`.
 * @throws {ScrubbingConfigError} when options are invalid (at construction, not per event)
 */
export function scrubbingIntegration(options?: ScrubbingIntegrationOptions): Integration {
  return createScrubbingIntegration(createBrowserEngine, options);
}
