import { compileGlob, requiredLiteral, type GlobOptions, type GlobTest } from '../glob';
import { checkKey, isEmptyCheck, KIND_CONTAINS, KIND_CONTAINS_RE, KIND_EXACT, KIND_PREFIX, passes, pathLiteralCheck, plainLiteralCheck, type LiteralCheck } from './literal';
import type { FingerprintException, FingerprintFrame, FingerprintMatcher, FingerprintRule } from '../types';
import { familyOf, UNKNOWN_FUNCTION, type EventView } from './event';
import { groupOf, parseBool, type MatcherGroup } from './keys';

/** One matcher as a predicate on one item of its group (negation already applied). */
export type ItemTest = (item: unknown, view: EventView) => boolean;

/** The frame fields whose values can be checked for literal text before running globs. */
export type FrameField = 'function' | 'module' | 'path' | 'package';

/** A literal condition some frame's field must meet for a (non-negated) frame matcher to match. */
export interface FrameGate {
  field: FrameField;
  check: LiteralCheck;
  /** Equal gates share one object and id, so one event evaluates each at most once. */
  id: number;
}

// Gates are shared by every rule that needs the same literal of the same field. The registry
// grows with the distinct patterns a process compiles (rule texts are code, so it stays small).
const gateRegistry = new Map<string, FrameGate>();

export interface CompiledGroup {
  group: MatcherGroup;
  matchers: FingerprintMatcher[];
  /** Positive tests, parallel to `matchers`; negation is applied by the caller. */
  positive: ItemTest[];
  /** Frame groups only: cheap whole-event checks that rule out every frame at once. */
  gates: FrameGate[];
}

export interface CompiledRule {
  /** Groups in evaluation order: cheap single-item groups first, frames last. */
  groups: CompiledGroup[];
}

const GROUP_COST: Record<MatcherGroup, number> = {
  sdk: 0,
  family: 0,
  release: 1,
  log: 1,
  tags: 2,
  exception: 3,
  message: 4,
  frame: 9,
};

// Rules stay plain data (parsed, built or deserialised). Their compiled form hangs off the rule
// under a non-enumerable symbol (invisible to JSON, equality checks and spreads), which is faster
// to reach than a WeakMap; frozen rules fall back to the WeakMap.
const COMPILED = Symbol('compiled');
const compiledFrozen = new WeakMap<FingerprintRule, CompiledRule>();

/** The compiled form of `rule`, compiled once and reused on every later event. */
export function compileRule(rule: FingerprintRule): CompiledRule {
  const own = (rule as { [COMPILED]?: CompiledRule })[COMPILED];
  if (own !== undefined) return own;
  let c = compiledFrozen.get(rule);
  if (c !== undefined) return c;
  c = build(rule);
  if (Object.isExtensible(rule)) Object.defineProperty(rule, COMPILED, { value: c, enumerable: false });
  else compiledFrozen.set(rule, c);
  return c;
}

function build(rule: FingerprintRule): CompiledRule {
  const byGroup = new Map<MatcherGroup, CompiledGroup>();
  for (const matcher of rule.matchers) {
    const group = groupOf(matcher.key);
    let g = byGroup.get(group);
    if (g === undefined) {
      g = { group, matchers: [], positive: [], gates: [] };
      byGroup.set(group, g);
    }
    g.matchers.push(matcher);
    g.positive.push(positiveTest(matcher, compileGlob));
    const gate = frameGate(matcher);
    if (gate !== undefined) g.gates.push(gate);
  }
  return { groups: [...byGroup.values()].sort((a, b) => GROUP_COST[a.group] - GROUP_COST[b.group]) };
}

/** The items a group is tested against. Single-item groups use the view itself as the item. */
export function itemsOf(group: MatcherGroup, view: EventView): readonly unknown[] {
  switch (group) {
    case 'exception':
      return view.exceptions();
    case 'message':
      return view.messages();
    case 'frame':
      return view.frames();
    default:
      return view.single;
  }
}

function frameGate(m: FingerprintMatcher): FrameGate | undefined {
  if (m.negated) return undefined;
  const field = m.key === 'function' || m.key === 'module' || m.key === 'path' || m.key === 'package' ? m.key : undefined;
  if (field === undefined) return undefined;
  const check = literalCheck(m);
  if (check === undefined) return undefined;
  const key = `${field}\0${checkKey(check)}`;
  let gate = gateRegistry.get(key);
  if (gate === undefined) {
    gate = { field, check, id: gateRegistry.size };
    gateRegistry.set(key, gate);
  }
  return gate;
}

/**
 * The literal condition a value must meet for matcher `m` (ignoring negation) to hold on it, or
 * undefined when the pattern has no usable literal text. Keys without globs (`app`, `family`,
 * `sdk`) have none.
 */
export function literalCheck(m: FingerprintMatcher): LiteralCheck | undefined {
  let check: LiteralCheck;
  switch (m.key) {
    case 'app':
    case 'family':
    case 'sdk':
      return undefined;
    case 'path':
    case 'package':
    case 'release': {
      const normalized = m.pattern.replace(/\\/g, '/');
      check = pathLiteralCheck(m.pattern, requiredLiteral(normalized, true));
      break;
    }
    default:
      check = plainLiteralCheck(m.pattern, CASE_INSENSITIVE.has(m.key), requiredLiteral(m.pattern, false));
  }
  return isEmptyCheck(check) ? undefined : check;
}

const CASE_INSENSITIVE: ReadonlySet<string> = new Set(['value', 'message', 'level']);

/** Does some single item satisfy every matcher of the group? Sentry: no items, no match (even negated). */
export function groupMatches(g: CompiledGroup, view: EventView): boolean {
  for (let i = 0; i < g.gates.length; i++) {
    if (!framePasses(view, g.gates[i]!)) return false;
  }
  const items = itemsOf(g.group, view);
  const n = g.positive.length;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    let ok = true;
    for (let k = 0; k < n; k++) {
      if (g.positive[k]!(item, view) === g.matchers[k]!.negated) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function onString(glob: GlobTest, read: (item: unknown, view: EventView) => string | undefined): ItemTest {
  return (item, view) => {
    const v = read(item, view);
    return v !== undefined && glob(v);
  };
}

/** Compiles one glob: `compileGlob` (fast paths, prefilters) in Node, the bare `regexGlob` in the browser. */
export type GlobCompiler = (pattern: string, options: GlobOptions) => GlobTest;

/** Matcher `m` as a test on one item of its group, negation not applied: what a match means, for both entries. */
export function positiveTest(m: FingerprintMatcher, compile: GlobCompiler): ItemTest {
  const { key, pattern } = m;
  const plain = (caseInsensitive: boolean) => compile(pattern, { caseInsensitive, path: false });
  const path = () => compile(pattern, { caseInsensitive: true, path: true });
  switch (key) {
    case 'type':
      return onString(plain(false), (e) => str((e as FingerprintException).type));
    case 'value':
      return onString(plain(true), (e) => str((e as FingerprintException).value)?.trim());
    case 'message':
      return onString(plain(true), (s) => s as string);
    case 'logger':
      return onString(plain(false), (_, v) => v.logger());
    case 'level':
      return onString(plain(true), (_, v) => v.level());
    case 'function':
      return onString(plain(false), (f, v) => v.functionName(f as FingerprintFrame));
    case 'module':
      return onString(plain(false), (f) => str((f as FingerprintFrame).module));
    case 'path': {
      const glob = path();
      return (item) => {
        const f = item as FingerprintFrame;
        const abs = str(f.abs_path) ?? str(f.filename);
        if (abs !== undefined && glob(abs)) return true;
        const filename = str(f.filename);
        return filename !== undefined && filename !== abs && glob(filename);
      };
    }
    case 'package':
      return onString(path(), (f) => str((f as FingerprintFrame).package));
    case 'release':
      return onString(path(), (_, v) => str(v.event.release)?.trim());
    case 'app': {
      const want = parseBool(pattern);
      return (f) => want !== undefined && (f as FingerprintFrame).in_app === want;
    }
    case 'family': {
      const list = splitList(pattern);
      return (_, v) => list.includes('all') || list.includes(familyOf(v.platform));
    }
    case 'sdk': {
      const list = splitList(pattern);
      return (_, v) => list.includes('all') || list.includes(v.sdk());
    }
    default: {
      const tag = key.slice(5);
      return onString(plain(false), (_, v) => v.tag(tag));
    }
  }
}

const splitList = (pattern: string): string[] =>
  pattern
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Whether some frame meets the gate's literal condition (a necessary condition of its matcher). */
export function framePasses(view: EventView, gate: FrameGate): boolean {
  const gates = (view.gates ??= []);
  const known = gates[gate.id];
  if (known !== undefined) return known === 1;
  const hit = someFrame(view, gate);
  gates[gate.id] = hit ? 1 : 2;
  return hit;
}

/**
 * Reads the gate's field straight from the frames (no projected copies: most gates are the
 * only one asking about their field) and stops at the first frame that passes.
 */
function someFrame(view: EventView, gate: FrameGate): boolean {
  const frames = view.frames();
  const c = gate.check;
  const n = frames.length;
  // The shapes rule sets are written in get their own tight loops: this runs over every frame.
  if (gate.field === 'function' && !view.nativeLike && c.kind === KIND_EXACT && c.exact !== '' && c.exact !== UNKNOWN_FUNCTION) {
    const want = c.exact;
    for (let i = 0; i < n; i++) if (frames[i]!.function === want) return true;
    return false;
  }
  if (gate.field === 'function' && !view.nativeLike && c.kind === KIND_PREFIX && c.prefix.charCodeAt(0) !== 60 /* < */) {
    const p = c.prefix;
    const first = p.charCodeAt(0);
    const lastAt = p.length - 1;
    const last = p.charCodeAt(lastAt);
    // First and last character of the prefix rule out nearly every name before startsWith runs.
    for (let i = 0; i < n; i++) {
      const fn = frames[i]!.function;
      if (typeof fn === 'string' && fn.charCodeAt(0) === first && fn.charCodeAt(lastAt) === last && fn.startsWith(p)) return true;
    }
    return false;
  }
  if (gate.field === 'module' && c.kind === KIND_CONTAINS) {
    const w = c.contains;
    for (let i = 0; i < n; i++) {
      const v = frames[i]!.module;
      if (typeof v === 'string' && v.includes(w)) return true;
    }
    return false;
  }
  if (gate.field === 'path' && c.kind === KIND_CONTAINS_RE) {
    const re = c.containsRe!;
    for (let i = 0; i < n; i++) {
      const f = frames[i]!;
      if (typeof f.abs_path === 'string' && re.test(f.abs_path)) return true;
      if (typeof f.filename === 'string' && f.filename !== f.abs_path && re.test(f.filename)) return true;
    }
    return false;
  }
  switch (gate.field) {
    case 'function':
      for (let i = 0; i < n; i++) if (passes(c, view.functionName(frames[i]!))) return true;
      return false;
    case 'module':
      for (let i = 0; i < n; i++) {
        const v = frames[i]!.module;
        if (typeof v === 'string' && passes(c, v)) return true;
      }
      return false;
    case 'package':
      for (let i = 0; i < n; i++) {
        const v = frames[i]!.package;
        if (typeof v === 'string' && passes(c, v)) return true;
      }
      return false;
    default:
      for (let i = 0; i < n; i++) {
        const f = frames[i]!;
        if (typeof f.abs_path === 'string' && passes(c, f.abs_path)) return true;
        if (typeof f.filename === 'string' && f.filename !== f.abs_path && passes(c, f.filename)) return true;
      }
      return false;
  }
}
