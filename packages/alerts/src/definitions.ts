import * as v from 'valibot';
import type { AlertDefinitions, ScrubbingSettings } from './types';

/** Metric windows Sentry accepts (seconds): the same set for Monitors and legacy metric alerts. */
export const SENTRY_WINDOWS_SECONDS = [60, 300, 600, 900, 1800, 3600, 7200, 14_400, 86_400] as const;

/**
 * Server-side scrubbing the platform recommends (17.7). Client-side scrubbing (`scrubbing` package)
 * runs first; this is the net behind it for anything an SDK sent unscrubbed.
 */
export const recommendedScrubbing: ScrubbingSettings = {
  dataScrubber: true,
  dataScrubberDefaults: true,
  scrubIPAddresses: true,
  sensitiveFields: ['api_key', 'apikey', 'authorization', 'card', 'card_number', 'cc', 'cookie', 'credentials', 'cvv', 'iban', 'passwd', 'password', 'secret', 'session', 'ssn', 'token'],
  safeFields: ['request_id', 'trace_id'],
};

const nonEmpty = v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty'));

const actionSchema = v.variant('type', [
  v.object({ type: v.literal('email'), target: v.pipe(nonEmpty, v.regex(/^(team:.+|user:.+|issue-owners)$/, 'must be "team:<id>", "user:<id>" or "issue-owners"')) }),
  v.object({ type: v.literal('slack'), workspace: nonEmpty, channel: nonEmpty }),
  v.object({
    type: v.literal('webhook'),
    url: v.pipe(nonEmpty, v.url('must be an absolute http(s) URL')),
    format: v.optional(v.picklist(['slack', 'generic'])),
    sentryAppId: v.optional(nonEmpty),
  }),
  v.object({
    type: v.literal('pagerduty'),
    service: nonEmpty,
    severity: v.optional(v.picklist(['default', 'critical', 'warning', 'error', 'info'])),
    integrationId: v.optional(nonEmpty),
  }),
]);

const base = {
  name: v.pipe(nonEmpty, v.maxLength(256, 'must be at most 256 characters (Sentry\'s limit)')),
  environment: v.optional(nonEmpty),
  actions: v.array(actionSchema),
  cooldownMinutes: v.optional(v.pipe(v.number(), v.integer('must be a whole number of minutes'), v.minValue(0, 'must be >= 0'))),
};

const ruleSchema = v.variant('kind', [
  v.object({
    kind: v.literal('error-rate'),
    ...base,
    threshold: v.pipe(v.number(), v.integer('must be a whole number of events'), v.minValue(0, 'must be >= 0')),
    windowSeconds: v.pipe(
      v.number(),
      v.check((n) => (SENTRY_WINDOWS_SECONDS as readonly number[]).includes(n), `must be one of ${SENTRY_WINDOWS_SECONDS.join(', ')} (the windows Sentry accepts)`),
    ),
  }),
  v.object({
    kind: v.literal('new-issue'),
    ...base,
    levels: v.pipe(v.array(v.picklist(['fatal', 'error', 'warning', 'info', 'debug'])), v.minLength(1, 'must list at least one level')),
  }),
]);

const scrubbingSchema = v.object({
  dataScrubber: v.boolean(),
  dataScrubberDefaults: v.boolean(),
  scrubIPAddresses: v.boolean(),
  sensitiveFields: v.array(nonEmpty),
  safeFields: v.array(nonEmpty),
});

const definitionsSchema = v.pipe(
  v.object({
    rules: v.array(ruleSchema),
    fingerprintRules: v.optional(v.string()),
    fingerprintRulesFile: v.optional(nonEmpty),
    scrubbing: v.optional(v.union([v.literal('recommended'), v.literal(false), scrubbingSchema])),
    retentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  }),
  v.check((d) => new Set(d.rules.map((r) => r.name)).size === d.rules.length, 'rule names must be unique: the provisioner creates or updates by name'),
);

/** Result of {@link parseAlertDefinitions}: the definitions, or every problem with its field path. */
export type ParseDefinitionsResult = { ok: true; value: AlertDefinitions } | { ok: false; issues: string[] };

/** Validates untrusted definitions (a parsed JSON file). Never throws for bad input. */
export function parseAlertDefinitions(input: unknown): ParseDefinitionsResult {
  const result = v.safeParse(definitionsSchema, input);
  if (result.success) return { ok: true, value: result.output };
  return {
    ok: false,
    issues: result.issues.map((issue) => {
      const path = (issue.path ?? []).map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join('').replace(/^\./, '');
      return `${path || '(root)'}: ${issue.message}`;
    }),
  };
}
