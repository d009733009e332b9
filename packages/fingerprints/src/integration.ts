import { defineIntegration, type Client, type Event, type EventHint, type IntegrationFn } from '@sentry/core';
import { applyRules } from './apply';
import { builtinRules, tagPlatformError, type BuiltinSelection } from './builtins';
import { FingerprintOptionsError, FingerprintRuleSyntaxError } from './errors';
import { parseRules } from './parser';
import type { FingerprintEvent, FingerprintRule } from './types';

const INTEGRATION_NAME = 'Fingerprints';

/** Options of {@link fingerprintIntegration}. */
export interface FingerprintIntegrationOptions {
  /**
   * Your rules, in Sentry's rule language (a string) or as rule objects (`parseRules`, builders).
   * They run before the built-ins; the first matching rule wins. A string is parsed once, here.
   * @default []
   */
  rules?: string | readonly FingerprintRule[];
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

function normalizeRules(rules: FingerprintIntegrationOptions['rules']): readonly FingerprintRule[] {
  if (rules === undefined) return [];
  if (typeof rules === 'string') {
    try {
      return parseRules(rules);
    } catch (error) {
      if (FingerprintRuleSyntaxError.isInstance(error)) throw error;
      throw new FingerprintOptionsError('invalid-rules', `fingerprintIntegration: could not read rules: ${String(error)}`, { cause: error });
    }
  }
  const list: unknown = rules;
  if (!Array.isArray(list)) {
    throw new FingerprintOptionsError('invalid-rules', 'fingerprintIntegration: `rules` must be a rules text or an array of rules from parseRules()/fingerprintRule()');
  }
  for (const [i, r] of (list as FingerprintRule[]).entries()) {
    if (r === null || typeof r !== 'object' || !Array.isArray(r.matchers) || !Array.isArray(r.fingerprint) || typeof r.attributes !== 'object') {
      throw new FingerprintOptionsError('invalid-rules', `fingerprintIntegration: rules[${i}] is not a rule object; build rules with parseRules() or fingerprintRule()`);
    }
  }
  return list as readonly FingerprintRule[];
}

function normalizeBuiltins(builtins: FingerprintIntegrationOptions['builtins']): BuiltinSelection | undefined {
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

const _fingerprintIntegration = ((options: FingerprintIntegrationOptions = {}) => {
  const custom = normalizeRules(options.rules);
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
          tagPlatformError(fe, { error: hint?.originalException, builtins: selection });
          // Built-ins do not override a fingerprint the application set on purpose (scope or
          // captureException); custom rules do, as server-side rules do on Sentry.
          if (!hasExplicitFingerprint(event)) rules = withBuiltins;
        }
        if (rules.length === 0) return event;
        // event.sdk is filled in only when the envelope is built, after processEvent, so `sdk:`
        // matchers read the client's metadata (verified against @sentry/core 11.12.0).
        const sdkName = client?.getSdkMetadata?.()?.sdk?.name;
        const result = applyRules(fe, rules, sdkName === undefined ? undefined : { sdkName });
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
}) satisfies IntegrationFn;

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
export const fingerprintIntegration = defineIntegration(_fingerprintIntegration);
