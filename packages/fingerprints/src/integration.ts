import { defineIntegration, type IntegrationFn } from '@sentry/core';
import { FingerprintOptionsError, FingerprintRuleSyntaxError } from './errors';
import { parseRules } from './parser';
import { checkRuleObjects, NODE_RUNTIME, rulesIntegration, type FingerprintRulesIntegrationOptions } from './rules-integration';
import type { FingerprintRule } from './types';

/** Options of {@link fingerprintIntegration}. */
export interface FingerprintIntegrationOptions extends Omit<FingerprintRulesIntegrationOptions, 'rules'> {
  /**
   * Your rules, in Sentry's rule language (a string) or as rule objects (`parseRules`, builders).
   * They run before the built-ins; the first matching rule wins. A string is parsed once, here.
   * @default []
   */
  rules?: string | readonly FingerprintRule[];
}

function normalizeRules(rules: FingerprintIntegrationOptions['rules']): readonly FingerprintRule[] {
  if (typeof rules === 'string') {
    try {
      return parseRules(rules);
    } catch (error) {
      if (FingerprintRuleSyntaxError.isInstance(error)) throw error;
      throw new FingerprintOptionsError('invalid-rules', `fingerprintIntegration: could not read rules: ${String(error)}`, { cause: error });
    }
  }
  return checkRuleObjects(rules, 'fingerprintIntegration');
}

const _fingerprintIntegration = ((options: FingerprintIntegrationOptions = {}) => rulesIntegration(normalizeRules(options.rules), options, NODE_RUNTIME)) satisfies IntegrationFn;

/**
 * A Sentry v11 integration that sets `event.fingerprint` from fingerprint rules in the SDK, before
 * the event leaves: your rules first, then the platform built-ins. Works with `@sentry/node` and
 * `@sentry/browser`. It never throws into the host; failures go to `onError` and the event is
 * sent unchanged.
 *
 * ```ts
 * Sentry.init({ dsn, integrations: [fingerprintIntegration({ rules: 'error.type:ConnectionError -> system-down' })] });
 * ```
 *
 * @throws {FingerprintRuleSyntaxError} at start-up, when `rules` is a text with a syntax error.
 * @throws {FingerprintOptionsError} at start-up, when `rules` or `builtins` have the wrong shape.
 */
// Pure: bundlers drop the integration (and the parser it uses) when it is not imported.
export const fingerprintIntegration = /* @__PURE__ */ defineIntegration(_fingerprintIntegration);
