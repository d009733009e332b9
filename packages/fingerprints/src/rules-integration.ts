import { defineIntegration, type Client, type Event, type EventHint, type IntegrationFn } from '@sentry/core';
import { applyRules } from './apply';
import { builtinRules } from './builtin-rules';
import { tagPlatformError, type BuiltinSelection, type PlatformClassification } from './builtins';
import { FingerprintOptionsError } from './errors';
import type { ApplyRulesOptions, FingerprintEvent, FingerprintResult, FingerprintRule } from './types';

const INTEGRATION_NAME = 'Fingerprints';

/**
 * Options of {@link fingerprintRulesIntegration}: those of {@link FingerprintIntegrationOptions}
 * with `rules` as rule objects only.
 */
export interface FingerprintRulesIntegrationOptions {
  /**
   * Your rules as rule objects (`parseRules`, the builders, or rule objects stored as JSON). They
   * run before the built-ins; the first matching rule wins.
   * @default []
   */
  rules?: readonly FingerprintRule[];
  /**
   * The platform rules: export, database connection and validation errors. `true` turns all
   * three on, `false` all off, an object picks some.
   * @default true
   */
  builtins?: boolean | BuiltinSelection;
  /**
   * Send the fingerprint with variables resolved here (`'GET /users/:id'`) rather than as the rule
   * wrote it (`'{{ transaction }}'`, which Sentry's server resolves the same way).
   * @default true
   */
  resolveVariables?: boolean;
  /**
   * Called when this integration fails on an event. The event is then sent unchanged: telemetry
   * never breaks the host. Pass your logger here.
   * @default no-op
   */
  onError?: (error: unknown) => void;
}

/** What the integration records in `event.contexts.grouping` when a rule matched. */
export interface GroupingContext {
  /** The matching rule in Sentry's display form. */
  rule: string;
  /** Whether it was one of the built-in platform rules. */
  builtin: boolean;
  /** The rule's title; Sentry only applies titles from server-side rules, so this is informational. */
  title?: string;
  [key: string]: unknown;
}

/** Checks that `rules` is an array of rule objects (start-up only). */
export function checkRuleObjects(rules: unknown, integration: string): readonly FingerprintRule[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) {
    const takesText = integration === 'fingerprintIntegration';
    const hint = typeof rules === 'string' ? '; parse rules text with parseRules() first, or use fingerprintIntegration, which does' : '';
    throw new FingerprintOptionsError('invalid-rules', `${integration}: \`rules\` must be ${takesText ? 'a rules text or ' : ''}an array of rules from parseRules()/fingerprintRule()${hint}`);
  }
  for (const [i, r] of (rules as FingerprintRule[]).entries()) {
    if (r === null || typeof r !== 'object' || !Array.isArray(r.matchers) || !Array.isArray(r.fingerprint) || typeof r.attributes !== 'object') {
      throw new FingerprintOptionsError('invalid-rules', `${integration}: rules[${i}] is not a rule object; build rules with parseRules() or fingerprintRule()`);
    }
  }
  return rules as readonly FingerprintRule[];
}

function normalizeBuiltins(builtins: FingerprintRulesIntegrationOptions['builtins']): BuiltinSelection | undefined {
  if (builtins === undefined || builtins === true) return {};
  if (builtins === false) return undefined;
  if (typeof builtins !== 'object' || builtins === null) {
    throw new FingerprintOptionsError('invalid-builtins', 'fingerprintIntegration: `builtins` must be true, false or { export?, databaseConnection?, validation? }');
  }
  return builtins;
}

/** Only a client fingerprint that says something other than "default grouping" counts as explicit. */
function hasExplicitFingerprint(event: Event): boolean {
  const fp = event.fingerprint;
  return Array.isArray(fp) && fp.length > 0 && !(fp.length === 1 && fp[0] === '{{ default }}');
}

/**
 * What the integration runs per event, which differs between the entries: Node has the indexed
 * matcher plan and the database classifiers; the browser entry a compact evaluator with the same
 * results and no database classifiers.
 */
export interface RulesRuntime {
  apply(event: FingerprintEvent, rules: readonly FingerprintRule[], options?: ApplyRulesOptions): FingerprintResult | null;
  tag(event: FingerprintEvent, options: { error?: unknown; builtins?: BuiltinSelection }): PlatformClassification | undefined;
}

/** The Node entry's runtime. */
export const NODE_RUNTIME: RulesRuntime = { apply: applyRules, tag: tagPlatformError };

/** The integration object for checked rule objects; shared by every integration of both entries. */
export function rulesIntegration(custom: readonly FingerprintRule[], options: Omit<FingerprintRulesIntegrationOptions, 'rules'>, runtime: RulesRuntime) {
  const selection = normalizeBuiltins(options.builtins);
  // Built once: applyRules compiles a rule set into a plan per array, so the arrays must not be
  // rebuilt per event.
  const withBuiltins = custom.length === 0 ? builtinRules : [...custom, ...builtinRules];
  const resolve = options.resolveVariables !== false;
  const onError = options.onError ?? (() => undefined);

  return {
    name: INTEGRATION_NAME,
    processEvent(event: Event, hint: EventHint, client: Client): Event {
      // Error events only: transactions and other typed events are not grouped by fingerprint rules.
      if (event.type !== undefined) return event;
      try {
        const fe = event as FingerprintEvent;
        let rules = custom;
        if (selection !== undefined) {
          runtime.tag(fe, { error: hint?.originalException, builtins: selection });
          // Built-ins do not override a fingerprint the application set on purpose (scope or
          // captureException); custom rules do, as server-side rules do on Sentry.
          if (!hasExplicitFingerprint(event)) rules = withBuiltins;
        }
        if (rules.length === 0) return event;
        // event.sdk is filled in only when the envelope is built, after processEvent, so `sdk:`
        // matchers read the client's metadata (verified against @sentry/core 11.12.0).
        const sdkName = client?.getSdkMetadata?.()?.sdk?.name;
        const result = runtime.apply(fe, rules, sdkName === undefined ? undefined : { sdkName });
        if (result === null) return event;
        const fingerprint = resolve ? result.fingerprint : result.rawFingerprint;
        // A title-only rule keeps default grouping, as on Sentry.
        if (fingerprint.length > 0) event.fingerprint = fingerprint;
        const grouping: GroupingContext = { rule: result.rule.text, builtin: result.rule.builtin === true };
        if (result.title !== undefined) grouping.title = result.title;
        // One fresh object (as for tags in tagPlatformError): cheaper than growing the SDK's.
        event.contexts = Object.assign({}, event.contexts, { grouping });
      } catch (error) {
        try {
          onError(error);
        } catch {
          // A failing logger must not break the host either.
        }
      }
      return event;
    },
  };
}

const _fingerprintRulesIntegration = ((options: FingerprintRulesIntegrationOptions = {}) =>
  rulesIntegration(checkRuleObjects(options.rules, 'fingerprintRulesIntegration'), options, NODE_RUNTIME)) satisfies IntegrationFn;

/**
 * {@link fingerprintIntegration} for rule objects only: the same integration (your rules, then the
 * platform built-ins, which ship pre-compiled), without the rule-text parser. Use it where bundle
 * size counts, in the browser:
 *
 * ```ts
 * Sentry.init({ dsn, integrations: [fingerprintRulesIntegration({ rules: [fingerprintRule({ matchers: [matcher('error.type', 'ChunkLoadError')], fingerprint: ['chunk-load'] })] })] });
 * ```
 *
 * @throws {FingerprintOptionsError} at start-up, when `rules` is not an array of rule objects (a
 * rules text included) or `builtins` has the wrong shape.
 */
export const fingerprintRulesIntegration = /* @__PURE__ */ defineIntegration(_fingerprintRulesIntegration);
