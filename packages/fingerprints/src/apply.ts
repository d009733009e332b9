import { compileRule, groupMatches, itemsOf, type CompiledGroup } from './internal/compile';
import { EventView } from './internal/event';
import type { MatcherGroup } from './internal/keys';
import { firstMatch, planFor } from './internal/plan';
import { resultFor } from './internal/resolve';
import { parameterize } from './parameterize';
import type {
  ApplyRulesOptions,
  Explanation,
  FingerprintEvent,
  FingerprintException,
  FingerprintFrame,
  FingerprintMatcher,
  FingerprintResult,
  FingerprintRule,
  MatcherExplanation,
  RuleExplanation,
} from './types';

/**
 * Tries `rules` in order on `event`; the first rule whose matchers all match wins (Sentry's
 * first-match-wins). Returns `null` when none matches.
 *
 * Matchers are grouped by what they read: one single exception must satisfy every `type`/`value`
 * matcher of a rule, one single frame every `function`/`module`/`path`/`package`/`app` matcher, and
 * so on; different groups are independent. The rule set compiles on first use into a plan that is
 * reused while the array holds the same rules: keep the array and pass it on every call.
 *
 * ```ts
 * const rules = parseRules('error.type:ConnectionError -> system-down, {{ transaction }}');
 * applyRules({ transaction: 'GET /users', exception: { values: [{ type: 'ConnectionError' }] } }, rules);
 * // { fingerprint: ['system-down', 'GET /users'], rawFingerprint: ['system-down', '{{ transaction }}'], rule }
 * ```
 */
export function applyRules(event: FingerprintEvent, rules: readonly FingerprintRule[], options?: ApplyRulesOptions): FingerprintResult | null {
  if (rules.length === 0) return null;
  const view = new EventView(event, options?.sdkName);
  const i = firstMatch(planFor(rules), view);
  return i === -1 ? null : resultFor(rules[i]!, view, parameterize);
}

/**
 * For each rule: did it match, and if not, which matcher failed on which field or frame. Use it
 * when grouping surprises you:
 *
 * ```ts
 * for (const r of explain(event, rules).rules) console.log(r.rule.text, r.matched ? 'MATCH' : r.reason);
 * ```
 */
export function explain(event: FingerprintEvent, rules: readonly FingerprintRule[], options?: ApplyRulesOptions): Explanation {
  const view = new EventView(event, options?.sdkName);
  let chosen: FingerprintRule | undefined;
  const out: RuleExplanation[] = rules.map((rule) => {
    const matchers: MatcherExplanation[] = [];
    let matched = true;
    let firstFailure: string | undefined;
    for (const group of compileRule(rule).groups) {
      const explained = explainGroup(group, view);
      matchers.push(...explained.matchers);
      if (!explained.matched) {
        matched = false;
        firstFailure ??= explained.reason;
      }
    }
    const isChosen = matched && chosen === undefined;
    if (isChosen) chosen = rule;
    const reason = matched
      ? isChosen
        ? 'matched; this rule sets the fingerprint'
        : 'matched, but an earlier rule matched first (first match wins)'
      : firstFailure!;
    return { rule, matched, chosen: isChosen, matchers, reason };
  });
  return { result: chosen === undefined ? null : resultFor(chosen, view, parameterize), rules: out };
}

const ITEM_NAMES: Record<MatcherGroup, string> = {
  exception: 'exception',
  message: 'message or exception value',
  frame: 'stack frame',
  log: 'log record',
  tags: 'tags',
  sdk: 'sdk',
  family: 'platform',
  release: 'release',
};

function explainGroup(group: CompiledGroup, view: EventView): { matched: boolean; reason: string; matchers: MatcherExplanation[] } {
  const items = itemsOf(group.group, view);
  const matched = groupMatches(group, view);
  const show = (m: FingerprintMatcher) => `${m.negated ? '!' : ''}${m.key}:"${m.pattern}"`;
  if (items.length === 0) {
    const reason = `the event has no ${ITEM_NAMES[group.group]}s, so ${group.matchers.map(show).join(' ')} cannot match (Sentry: no items, no match, even when negated)`;
    return { matched: false, reason, matchers: group.matchers.map((matcher) => ({ matcher, matched: false, reason })) };
  }
  const passing = group.positive.map((test, k) => {
    const hits: number[] = [];
    items.forEach((item, idx) => {
      if (test(item, view) !== group.matchers[k]!.negated) hits.push(idx);
    });
    return hits;
  });
  const matchers = group.matchers.map((matcher, k): MatcherExplanation => {
    const hits = passing[k]!;
    const seen = describeValues(matcher, items, view);
    let reason: string;
    if (hits.length === 0) {
      reason = `${show(matcher)} matches no ${ITEM_NAMES[group.group]} (${items.length} checked; ${seen})`;
    } else if (items.length === 1) {
      reason = `${show(matcher)} matches (${seen})`;
    } else {
      reason = `${show(matcher)} matches ${ITEM_NAMES[group.group]} #${hits.map((h) => h + 1).slice(0, 5).join(', #')}${hits.length > 5 ? ', …' : ''}`;
    }
    return { matcher, matched, reason };
  });
  let reason: string;
  if (matched) reason = 'matched';
  else {
    const failing = matchers.find((m, k) => passing[k]!.length === 0);
    reason =
      failing !== undefined
        ? failing.reason
        : `each of ${group.matchers.map(show).join(', ')} matches some ${ITEM_NAMES[group.group]}, but no single ${ITEM_NAMES[group.group]} matches all of them (they must hold on the same one)`;
  }
  return { matched, reason, matchers };
}

function describeValues(matcher: FingerprintMatcher, items: readonly unknown[], view: EventView): string {
  const values = new Set<string>();
  for (const item of items) {
    const v = valueFor(matcher, item, view);
    values.add(v === undefined ? '(missing)' : JSON.stringify(v));
    if (values.size >= 4) break;
  }
  const list = [...values].join(', ');
  return `${matcher.key} seen: ${list}${items.length > values.size && values.size >= 4 ? ', …' : ''}`;
}

function valueFor(matcher: FingerprintMatcher, item: unknown, view: EventView): string | undefined {
  const frame = item as FingerprintFrame;
  const exc = item as FingerprintException;
  switch (matcher.key) {
    case 'type':
      return exc.type;
    case 'value':
      return exc.value;
    case 'message':
      return item as string;
    case 'logger':
      return view.logger();
    case 'level':
      return view.level();
    case 'function':
      return view.functionName(frame);
    case 'module':
      return frame.module;
    case 'path':
      return frame.abs_path ?? frame.filename;
    case 'package':
      return frame.package;
    case 'app':
      return frame.in_app === undefined ? undefined : String(frame.in_app);
    case 'family':
      return view.platform;
    case 'sdk':
      return view.sdk();
    case 'release':
      return view.event.release;
    default:
      return view.tag(matcher.key.slice(5));
  }
}
