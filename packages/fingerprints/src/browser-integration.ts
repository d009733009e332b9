import { defineIntegration, type IntegrationFn } from '@sentry/core';
import { applyRules } from './browser-apply';
import { tagWith } from './builtins';
import { FingerprintOptionsError } from './errors';
import { checkRuleObjects, rulesIntegration, type FingerprintRulesIntegrationOptions as NodeOptions } from './rules-integration';

/** Options of the browser entry's {@link fingerprintRulesIntegration}: the root entry's, plus `parameterize`. */
export interface FingerprintRulesIntegrationOptions extends NodeOptions {
  /**
   * Sentry's message parameterisation, to resolve `{{ message }}` parts (and literal parts equal to
   * the message) in the page: `import { parameterize } from '@causal-organism/fingerprints/browser'`
   * (about 3 KB gzip). Without it those parts are sent as written and Sentry's server resolves them
   * the same way; only the kit's throttle then counts such a rule's messages as one group.
   * @default undefined
   */
  parameterize?: (message: string) => string;
}

const _fingerprintRulesIntegration = ((options: FingerprintRulesIntegrationOptions = {}) => {
  const { parameterize } = options;
  if (parameterize !== undefined && typeof parameterize !== 'function') {
    throw new FingerprintOptionsError('invalid-parameterize', 'fingerprintRulesIntegration: `parameterize` must be the parameterize function or left out');
  }
  return rulesIntegration(checkRuleObjects(options.rules, 'fingerprintRulesIntegration'), options, {
    apply: (event, rules, applyOptions) => applyRules(event, rules, { ...applyOptions, parameterize }),
    // Database connection failures come from server drivers: the browser recognises export and
    // validation errors only (a `tags.error.category` set by the app still selects any built-in).
    tag: (event, tagOptions) => tagWith(event, tagOptions, undefined),
  });
}) satisfies IntegrationFn;

/**
 * The root entry's `fingerprintRulesIntegration` for pages: your rule objects, then the platform
 * built-ins, with the same results, in a fraction of the bytes (see the README's size table).
 * Differences: database connection errors are not recognised from driver errors (there are no
 * drivers in a page), and without `parameterize` the parts that need Sentry's message
 * parameterisation are left for Sentry's server to resolve.
 *
 * @throws {FingerprintOptionsError} at start-up, when `rules`, `builtins` or `parameterize` has the wrong shape.
 */
export const fingerprintRulesIntegration = /* @__PURE__ */ defineIntegration(_fingerprintRulesIntegration);
