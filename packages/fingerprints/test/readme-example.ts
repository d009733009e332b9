import * as Sentry from '@sentry/node';
import { applyRules, explain, fingerprintIntegration, parameterize, parseRules } from '@causal-organism/fingerprints';

// One rules file, in Sentry's own language: evaluated here, pushable to Sentry unchanged.
const rules = parseRules(`
# exceptions of these types are one outage
error.type:DatabaseUnavailable -> system-down
error.type:ConnectionError -> system-down
error.value:"connection error (code: *)" -> connection-error, {{ transaction }}
stack.function:"query_database" stack.module:"app.db*" -> {{ default }}, {{ transaction }}
`);

export function setUpSentry(dsn: string): void {
  Sentry.init({
    dsn,
    // Your rules first, then the platform built-ins (export, database connection, validation).
    integrations: [fingerprintIntegration({ rules, builtins: true })],
  });
}

export function whyThisGroup(event: Sentry.Event): string[] {
  const result = applyRules(event, rules); // null, or { fingerprint, rawFingerprint, title?, rule }
  if (result !== null) return result.fingerprint;
  return explain(event, rules).rules.map((r) => `${r.rule.text}: ${r.reason}`);
}

export const grouped = parameterize('connect ECONNREFUSED 10.0.0.12:5432 after 1500ms');
// 'connect ECONNREFUSED <ip>:<int> after <duration>'
