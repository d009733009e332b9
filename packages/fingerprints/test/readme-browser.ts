import { applyRules, fingerprintRule, fingerprintRulesIntegration, matcher, variables } from '@causal-organism/fingerprints/browser';

// Rule objects (the builders, or parseRules() output saved as JSON at build time); the built-ins run after them.
export const rules = [
  fingerprintRule({ matchers: [matcher('error.type', 'ChunkLoadError')], fingerprint: ['chunk-load'] }),
  fingerprintRule({ matchers: [matcher('error.type', 'QuotaExceededError')], fingerprint: ['quota', variables.message] }),
];

// Sentry.init({ dsn, integrations: [integration] }) from @sentry/browser, or core-config's
// initSentryBrowser({ fingerprints: { rules } }), which uses this entry.
export const integration = fingerprintRulesIntegration({ rules });

// `{{ message }}` stays for Sentry's server to parameterise: ['quota', '{{ message }}'].
// Pass { parameterize } (also exported by this entry, about 3 KB gzip) to resolve it in the page.
export const quota = applyRules({ exception: { values: [{ type: 'QuotaExceededError', value: 'used 5242880 bytes' }] } }, rules);
