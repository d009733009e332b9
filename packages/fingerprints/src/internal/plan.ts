import type { FingerprintRule } from '../types';
import { compileRule, groupMatches, literalCheck, type CompiledRule } from './compile';
import { familyOf, type EventView } from './event';
import type { LiteralCheck } from './literal';

/**
 * A rule set compiled once into a matcher plan. Most rules written in practice require some
 * literal of a single-valued fact: an exact exception type, a tag value, a message prefix. Those
 * rules are indexed by that literal, so for one event the plan reads each fact once and finds
 * the few rules it can still match with Map lookups; every other rule is rejected without being
 * looked at. The remaining rules run in their original order, so first match still wins.
 */
export interface Plan {
  /** The rules this plan was built from, to notice an array changed in place. */
  readonly rules: readonly FingerprintRule[];
  readonly compiled: CompiledRule[];
  /** Rules without an index entry: always evaluated. */
  readonly always: Uint8Array;
  readonly indexes: FactIndex[];
  /** Scratch marks for candidates, reused across events (see `candidates`). */
  readonly marks: Uint32Array;
  generation: number;
  busy: boolean;
}

/** Facts a rule can be indexed on: all but `tags.*` read from a fixed place of the event. */
type FactKey = 'type' | 'value' | 'message' | 'logger' | 'level' | 'family' | 'sdk' | `tags.${string}`;

interface FactIndex {
  key: FactKey;
  /** For `tags.NAME`: NAME. */
  tag: string;
  lowerCase: boolean;
  exact: Map<string, number[]>;
  /** Prefixes of equal length share one Map: one key and one lookup per length and value. */
  prefixes: PrefixBucket[];
}

/**
 * Prefixes of one length, keyed by a number made from their first and last four characters
 * (ASCII case folded when the fact is case-insensitive): no slice, no lower-cased copy and no
 * string hashing per event. Equal keys only make a rule a candidate; its matchers still decide.
 */
interface PrefixBucket {
  length: number;
  byKey: Map<number, number[]>;
  /** Every rule of the bucket, for values whose key cannot be computed (non-ASCII, folded). */
  all: number[];
}

/**
 * The key of `v`'s first `length` characters, or -1 when a case-insensitive value has a non-ASCII
 * character there (JavaScript lower-cases a few of those to ASCII letters, e.g. the Kelvin sign).
 */
function prefixKey(v: string, length: number, lowerCase: boolean): number {
  let h = length;
  const head = length < 4 ? length : 4;
  for (let i = 0; i < length; i++) {
    if (i === head && length > 8) i = length - 4;
    let c = v.charCodeAt(i);
    if (lowerCase) {
      if (c >= 65 && c <= 90) c += 32;
      else if (c > 127) return -1;
    }
    h = (Math.imul(h, 31) + c) & 0x3fffffff;
  }
  return h;
}

const EMPTY_CHECK: LiteralCheck = { exact: undefined, prefix: '', suffix: '', contains: '', lowerCase: false, path: false, containsRe: undefined, kind: 0 };

const INDEXABLE: ReadonlySet<string> = new Set(['type', 'value', 'message', 'logger', 'level']);

// Plans hang off the rules array. An array changed in place (push, splice, a rule replaced) is
// noticed by comparing it with the plan's copy: a cheap pointer walk, much cheaper than a plan.
const plans = new WeakMap<readonly FingerprintRule[], Plan>();
const PLAN = Symbol('fingerprint-plan');

/** The plan for `rules`, built on first use and reused while the array holds the same rules. */
export function planFor(rules: readonly FingerprintRule[]): Plan {
  const own = (rules as { [PLAN]?: Plan })[PLAN];
  if (own !== undefined && sameRules(own.rules, rules)) return own;
  const plan = plans.get(rules);
  if (plan !== undefined && sameRules(plan.rules, rules)) return plan;
  // Callers that build a new array per call (`[...mine, ...builtinRules]`) get a recent plan
  // with the same rules rather than a new one every time.
  for (let i = 0; i < recent.length; i++) if (sameRules(recent[i]!.rules, rules)) return recent[i]!;
  const fresh = buildPlan(rules);
  // On the array itself (non-enumerable: invisible to JSON and spreads) it is found faster than
  // in the WeakMap; frozen arrays (builtinRules) use the WeakMap.
  if (Object.isExtensible(rules)) Object.defineProperty(rules, PLAN, { value: fresh, writable: true, configurable: true, enumerable: false });
  else plans.set(rules, fresh);
  recent.unshift(fresh);
  if (recent.length > RECENT_PLANS) recent.pop();
  return fresh;
}

const RECENT_PLANS = 4;
const recent: Plan[] = [];

function sameRules(a: readonly FingerprintRule[], b: readonly FingerprintRule[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function buildPlan(rules: readonly FingerprintRule[]): Plan {
  const n = rules.length;
  const compiled = rules.map(compileRule);
  const always = new Uint8Array(n).fill(1);
  const indexes = new Map<string, FactIndex>();
  for (let i = 0; i < n; i++) {
    const entry = indexEntry(rules[i]!);
    if (entry === undefined) continue;
    const { key, check } = entry;
    let index = indexes.get(key);
    if (index === undefined) {
      index = { key, tag: key.startsWith('tags.') ? key.slice(5) : '', lowerCase: check.lowerCase, exact: new Map(), prefixes: [] };
      indexes.set(key, index);
    }
    if (entry.alternatives !== undefined) {
      for (const alternative of entry.alternatives) push(index.exact, alternative, i);
    } else if (check.exact !== undefined) {
      push(index.exact, check.exact, i);
    } else {
      let bucket = index.prefixes.find((p) => p.length === check.prefix.length);
      if (bucket === undefined) {
        bucket = { length: check.prefix.length, byKey: new Map(), all: [] };
        index.prefixes.push(bucket);
      }
      push(bucket.byKey, prefixKey(check.prefix, check.prefix.length, false), i);
      bucket.all.push(i);
    }
    always[i] = 0;
  }
  return {
    rules: rules.slice(),
    compiled,
    always,
    indexes: [...indexes.values()],
    marks: new Uint32Array(n),
    generation: 0,
    busy: false,
  };
}

function push<K>(map: Map<K, number[]>, key: K, rule: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [rule]);
  else list.push(rule);
}

/** The most selective literal a rule requires of an indexable fact: exact beats a longer prefix. */
const entries = new WeakMap<FingerprintRule, IndexEntry | null>();

/** {@link findIndexEntry}, once per rule object. */
function indexEntry(rule: FingerprintRule): IndexEntry | undefined {
  let entry = entries.get(rule);
  if (entry === undefined) {
    entry = findIndexEntry(rule) ?? null;
    entries.set(rule, entry);
  }
  return entry ?? undefined;
}

interface IndexEntry {
  key: FactKey;
  check: LiteralCheck;
  /** The value must equal one of these (`{a,b}` globs, `family:`/`sdk:` lists); `check` is then unused. */
  alternatives?: string[];
}

const LIST_STOP = /[*?[\]{}\\]/;

/**
 * `{A,B}` as a whole pattern, with plain alternatives: the exact values it accepts (lower-cased for
 * case-insensitive keys, and only when ASCII), else undefined.
 */
function braceAlternatives(pattern: string, lowerCase: boolean): string[] | undefined {
  if (!pattern.startsWith('{') || !pattern.endsWith('}')) return undefined;
  const alternatives = pattern.slice(1, -1).split(',');
  if (alternatives.some((a) => a === '' || LIST_STOP.test(a) || (lowerCase && /[^\0-\x7f]/.test(a)))) return undefined;
  return lowerCase ? alternatives.map((a) => a.toLowerCase()) : alternatives;
}

/** `family:`/`sdk:` lists as the matcher reads them; `all` matches everything, so it cannot be indexed. */
function listAlternatives(pattern: string): string[] | undefined {
  const list = pattern
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  return list.length === 0 || list.includes('all') ? undefined : list;
}

function findIndexEntry(rule: FingerprintRule): IndexEntry | undefined {
  let best: (IndexEntry & { score: number }) | undefined;
  const consider = (entry: IndexEntry & { score: number }) => {
    if (entry.score > 0 && (best === undefined || entry.score > best.score)) best = entry;
  };
  for (const m of rule.matchers) {
    if (m.negated) continue;
    if (m.key === 'family' || m.key === 'sdk') {
      const alternatives = listAlternatives(m.pattern);
      // Lowest priority: these facts say little, but they spare frame matchers on other platforms.
      if (alternatives !== undefined) consider({ key: m.key, check: EMPTY_CHECK, alternatives, score: 1 });
      continue;
    }
    if (!(INDEXABLE.has(m.key) || m.key.startsWith('tags.'))) continue;
    const check = literalCheck(m);
    const lowerCase = m.key === 'value' || m.key === 'message' || m.key === 'level';
    const alternatives = braceAlternatives(m.pattern, lowerCase);
    if (alternatives !== undefined) {
      consider({ key: m.key as FactKey, check: { ...EMPTY_CHECK, lowerCase }, alternatives, score: Math.min(...alternatives.map((a) => a.length)) + 8 });
      continue;
    }
    if (check === undefined) continue;
    // Longer literals are more selective; an exact value beats a prefix of the same length.
    consider({ key: m.key as FactKey, check, score: check.exact !== undefined ? check.exact.length + 8 : check.prefix.length });
  }
  if (best === undefined) return undefined;
  const { score: _score, ...entry } = best;
  return entry;
}

/** Marks the rules of `index` whose literal the value (as the matchers read it) has. */
function markValue(index: FactIndex, value: string, m: Marks): void {
  if (index.exact.size > 0) markAll(index.exact.get(index.lowerCase ? value.toLowerCase() : value), m);
  for (let p = 0; p < index.prefixes.length; p++) {
    const bucket = index.prefixes[p]!;
    if (value.length < bucket.length) continue;
    const key = prefixKey(value, bucket.length, index.lowerCase);
    markAll(key === -1 ? bucket.all : bucket.byKey.get(key), m);
  }
}

/** Marks the candidates `index` finds on this event, reading its fact the way the matchers do. */
function markFact(index: FactIndex, view: EventView, m: Marks): void {
  const key = index.key;
  switch (key) {
    case 'type':
    case 'value': {
      const exceptions = view.exceptions();
      for (let i = 0; i < exceptions.length; i++) {
        const v = key === 'type' ? exceptions[i]!.type : exceptions[i]!.value;
        // Values are matched trimmed; trim only when there is something to trim.
        if (typeof v === 'string') markValue(index, key === 'value' && mayNeedTrim(v) ? v.trim() : v, m);
      }
      return;
    }
    case 'message': {
      const messages = view.messages();
      for (let i = 0; i < messages.length; i++) markValue(index, messages[i]!, m);
      return;
    }
    case 'logger': {
      const v = view.logger();
      if (v !== undefined) markValue(index, v, m);
      return;
    }
    case 'level':
      markValue(index, view.level(), m);
      return;
    case 'family':
      markValue(index, familyOf(view.platform), m);
      return;
    case 'sdk':
      markValue(index, view.sdk(), m);
      return;
    default: {
      const v = view.tag(index.tag);
      if (v !== undefined) markValue(index, v, m);
    }
  }
}

function mayNeedTrim(v: string): boolean {
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(v.length - 1);
  return first <= 32 || first >= 160 || last <= 32 || last >= 160;
}

/** Candidate marks of one applyRules call: a rule is a candidate when its mark equals `generation`. */
interface Marks {
  marks: Uint32Array;
  generation: number;
}

function markAll(list: number[] | undefined, m: Marks): void {
  if (list === undefined) return;
  for (let i = 0; i < list.length; i++) m.marks[list[i]!] = m.generation;
}

/**
 * Index of the first rule of the plan matching the event, or -1. Indexed rules whose literal is
 * absent from the event are skipped; the rest are evaluated in order, cheapest matcher groups
 * first, so the result is the same as trying every rule in order.
 */
export function firstMatch(plan: Plan, view: EventView): number {
  // A re-entrant call (an event whose getters call applyRules) gets its own marks.
  // The plan carries its own marks (no allocation per event); a re-entrant call gets fresh ones.
  const reentrant = plan.busy;
  let m: Marks;
  if (reentrant) m = { marks: new Uint32Array(plan.rules.length), generation: 1 };
  else {
    plan.generation = (plan.generation + 1) >>> 0 || 1;
    if (plan.generation === 1) plan.marks.fill(0);
    m = plan;
  }
  const { marks, generation } = m;
  plan.busy = true;
  try {
    for (let k = 0; k < plan.indexes.length; k++) {
      markFact(plan.indexes[k]!, view, m);
    }
    const { compiled, always } = plan;
    for (let i = 0; i < compiled.length; i++) {
      if (always[i] === 0 && marks[i] !== generation) continue;
      const groups = compiled[i]!.groups;
      let ok = true;
      for (let g = 0; g < groups.length; g++) {
        if (!groupMatches(groups[g]!, view)) {
          ok = false;
          break;
        }
      }
      if (ok) return i;
    }
    return -1;
  } finally {
    if (!reentrant) plan.busy = false;
  }
}
