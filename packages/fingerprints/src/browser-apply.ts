import { regexGlob } from './glob';
import { itemsOf, positiveTest, type ItemTest } from './internal/compile';
import { EventView } from './internal/event';
import { groupOf, type MatcherGroup } from './internal/keys';
import { resultFor } from './internal/resolve';
import type { ApplyRulesOptions, FingerprintEvent, FingerprintMatcher, FingerprintResult, FingerprintRule } from './types';

/** Options of the browser entry's {@link applyRules}. */
export interface BrowserApplyRulesOptions extends ApplyRulesOptions {
  /**
   * Sentry's message parameterisation, for `{{ message }}` parts and literal parts equal to the
   * message. Pass `parameterize` (exported by this entry, about 3 KB gzip) to resolve them here;
   * without it they stay as written, and Sentry's server resolves them the same way.
   * @default undefined (left to the server)
   */
  parameterize?: (message: string) => string;
}

// Each matcher compiles once into the same test the Node entry runs (`positiveTest`), with the
// bare regex glob instead of the fast paths and prefilters: those are what the Node plan is made
// of, and a page sees a handful of errors, not thousands per second.
const tests = new WeakMap<FingerprintMatcher, ItemTest>();

function testOf(m: FingerprintMatcher): ItemTest {
  let test = tests.get(m);
  if (test === undefined) tests.set(m, (test = positiveTest(m, regexGlob)));
  return test;
}

/** Sentry's rule semantics: per group (exception, frame, …) one single item must satisfy all its matchers. */
function ruleMatches(rule: FingerprintRule, view: EventView): boolean {
  const groups = new Map<MatcherGroup, FingerprintMatcher[]>();
  for (const m of rule.matchers) groups.set(groupOf(m.key), [...(groups.get(groupOf(m.key)) ?? []), m]);
  for (const [group, matchers] of groups) {
    // No items, no match, even for a negated matcher (Sentry).
    if (!itemsOf(group, view).some((item) => matchers.every((m) => testOf(m)(item, view) !== m.negated))) return false;
  }
  return true;
}

/**
 * The browser entry's `applyRules`: the first rule whose matchers all match wins, with the same
 * result as the Node entry's `applyRules` (a differential test checks it on random rule sets and
 * events), evaluated rule by rule instead of through the indexed matcher plan. Without
 * `options.parameterize`, parts that need Sentry's message parameterisation stay as written.
 */
export function applyRules(event: FingerprintEvent, rules: readonly FingerprintRule[], options?: BrowserApplyRulesOptions): FingerprintResult | null {
  const view = new EventView(event, options?.sdkName);
  const rule = rules.find((r) => ruleMatches(r, view));
  return rule === undefined ? null : resultFor(rule, view, options?.parameterize);
}
