import type { KeyMatcher } from './internal/keys';
import { compileOptions, REMOVED, type Config, type Engine, type Redact } from './internal/options';
import { matchesSelector } from './internal/paths';
import { BENIGN_STRINGS as BENIGN_LIST, EVENT_SKIP as EVENT_SKIP_LIST, FRAME_SKIP as FRAME_SKIP_LIST } from './internal/patterns';
import { BUILTIN_RULES, customRule, isPlaceholder, keyValueRule, scanFlags, type TextRule } from './internal/rules';
import type { ScrubOptions, Scrubber, ValueRuleSettings } from './types';

/** The Node engine's rules for each configurable rule (keyValue is built per scrubber: it shares the key matcher). */
const NODE_RULES: Record<Exclude<keyof ValueRuleSettings, 'keyValue'>, TextRule[]> = {
  pemKey: [BUILTIN_RULES.pemKey!],
  urlAuth: [BUILTIN_RULES.urlAuth!],
  jwt: [BUILTIN_RULES.jwt!],
  tokens: [BUILTIN_RULES.tokens!],
  authHeader: [BUILTIN_RULES.authHeader!],
  creditCard: [BUILTIN_RULES.creditCard!],
  iban: [BUILTIN_RULES.iban!],
  ssn: [BUILTIN_RULES.ssn!],
  email: [BUILTIN_RULES.email!],
  ip: [BUILTIN_RULES.ipv4!, BUILTIN_RULES.ipv6!],
};

const EVENT_SKIP = new Set(EVENT_SKIP_LIST);
const FRAME_SKIP = new Set(FRAME_SKIP_LIST);

type Out = unknown;

interface Compiled extends Omit<Config, 'rules'> {
  rules: Array<{ rule: TextRule; redact: Redact; trigger: number }>;
  /** {@link K_SENSITIVE} | {@link K_EVENT_SKIP} | … for a key: one cached lookup per key and node. */
  keyInfo: (key: string) => number;
  minLength: number;
}

/** Shared option handling, then the Node engine's rule objects (with their prefilter triggers). */
function compile(options?: ScrubOptions): Compiled {
  const config = compileOptions(options);
  const rules: Compiled['rules'] = [];
  for (const { name, redact, re, group } of config.rules) {
    const list = name === 'custom' ? [customRule(re!, group!)] : name === 'keyValue' ? [keyValueRule(config.isSensitiveKey)] : NODE_RULES[name];
    for (const rule of list) rules.push({ rule, redact, trigger: rule.trigger });
  }
  return {
    ...config,
    rules,
    keyInfo: createKeyInfo(config.isSensitiveKey),
    // No built-in rule can match fewer than 4 characters (`pw=x`).
    minLength: config.hasCustom ? 1 : 4,
  };
}

const K_SENSITIVE = 1;
const K_EVENT_SKIP = 2;
const K_FRAME_SKIP = 4;
const K_FRAMES = 8;
/** `filename`/`abs_path`: skipped in a frame unless the value has a `?` (a URL's query string). */
const K_FRAME_URL = 16;
const KEY_INFO_LIMIT = 4096;

/**
 * Everything the walk needs to know about a key name, cached per key string: key names repeat
 * within an event and across events, so after warm-up a key costs one Map lookup. Bounded: the
 * cache is dropped when full (keys are attacker-controlled, e.g. request body field names).
 */
function createKeyInfo(isSensitiveKey: KeyMatcher): (key: string) => number {
  const cache = new Map<string, number>();
  // In front of the Map, a small direct-mapped cache indexed by length and two characters:
  // property names are internalized strings, so the `===` below is mostly a pointer comparison,
  // and the common keys of an event (frame fields, headers, breadcrumb fields) hit it.
  const slotKeys: Array<string | undefined> = new Array<string | undefined>(1024).fill(undefined);
  const slotInfo = new Uint8Array(1024);
  return (key) => {
    const n = key.length;
    const slot = n === 0 ? 0 : ((key.charCodeAt(0) << 5) ^ (key.charCodeAt(n >> 1) << 2) ^ key.charCodeAt(n - 1) ^ (n << 7)) & 1023;
    if (slotKeys[slot] === key) return slotInfo[slot]!;
    let info = cache.get(key);
    if (info === undefined) {
      info =
        (isSensitiveKey(key) ? K_SENSITIVE : 0) |
        (EVENT_SKIP.has(key) ? K_EVENT_SKIP : 0) |
        (FRAME_SKIP.has(key) ? K_FRAME_SKIP : 0) |
        (key === 'frames' ? K_FRAMES : 0) |
        (key === 'filename' || key === 'abs_path' ? K_FRAME_URL : 0);
      if (cache.size >= KEY_INFO_LIMIT) cache.clear();
      cache.set(key, info);
    }
    slotKeys[slot] = key;
    slotInfo[slot] = info;
    return info;
  };
}

/** Per-call state: the scan budget, depth, ancestors (cycle check) and the path (selectors). */
interface Walk {
  c: Compiled;
  budget: number;
  depth: number;
  /** The objects being walked, `ancestors[0 .. top)`: written by index, never truncated. */
  ancestors: Array<object | undefined>;
  top: number;
  path: string[] | undefined;
  event: boolean;
  /** Set by walkNode for the walkObject call it makes: must for-in keys be checked as own? */
  checkOwn: boolean;
  /** Some code made a property of Object.prototype enumerable: for-in then yields inherited keys. */
  protoDirty: boolean;
  /** In use by a walk (a getter in the event may re-enter the scrubber: it then gets a fresh Walk). */
  busy: boolean;
}

const EMPTY = {};

/** Whether Object.prototype has an enumerable property (some library polluted it). */
function prototypeDirty(): boolean {
  for (const key in EMPTY) if (key !== undefined) return true;
  return false;
}

function isAncestor(w: Walk, node: object): boolean {
  const { ancestors } = w;
  for (let i = 0; i < w.top; i++) if (ancestors[i] === node) return true;
  return false;
}

// How a node is walked. Numbers rather than option objects: the walk must not allocate per node.
const M_NORMAL = 0;
const M_SENSITIVE = 1; // under a sensitive key or path: every leaf is redacted
const M_EVENT = 2; // the event itself: SDK-written top-level fields are skipped
const M_FRAMES = 3; // a stack frame list
const M_FRAME = 4; // one stack frame: location fields are skipped

function scrubString(c: Compiled, input: string): string {
  let s = input;
  if (s.length > c.maxStringLength) {
    s = `${s.slice(0, c.maxStringLength)}…[truncated ${s.length - c.maxStringLength}]`;
  }
  if (s.length < c.minLength) return s;
  const flags = scanFlags(s);
  // Most strings (words, names, short ids) set no flag: no rule can match them.
  if (flags === 0 && !c.hasCustom) return s;
  const { rules } = c;
  for (let i = 0; i < rules.length; i++) {
    const entry = rules[i]!;
    const trigger = entry.trigger;
    if (trigger === 0 || (flags & trigger) !== 0) s = entry.rule.apply(s, entry.redact);
  }
  return s;
}

function walkString(w: Walk, s: string): string {
  w.budget -= s.length;
  if (w.budget < 0) return '[Filtered: budget]';
  return scrubString(w.c, s);
}

const BENIGN_STRINGS = new Set(BENIGN_LIST);

/** A value under a sensitive key or path. Booleans and null carry no secret and are kept. */
function redactWhole(w: Walk, value: unknown): Out {
  if (typeof value === 'string') {
    if (BENIGN_STRINGS.has(value) || isPlaceholder(value)) return value;
    return w.c.keyRedact(value);
  }
  if (typeof value === 'number' || typeof value === 'bigint') return w.c.keyRedact(String(value));
  if (typeof value === 'object' && value !== null) return walkNode(w, value, M_SENSITIVE);
  return value;
}

function walkValue(w: Walk, value: unknown, mode: number): Out {
  if (mode === M_SENSITIVE) return redactWhole(w, value);
  if (typeof value === 'string') return walkString(w, value);
  if (typeof value === 'object' && value !== null) return walkNode(w, value, mode);
  if (typeof value === 'bigint') {
    const s = String(value);
    const out = walkString(w, s);
    return out === s ? value : out;
  }
  return value;
}

function pathVerdict(w: Walk): 'safe' | 'redact' | undefined {
  const path = w.path!;
  for (const sel of w.c.safePaths) if (matchesSelector(sel, path)) return 'safe';
  for (const sel of w.c.paths) if (matchesSelector(sel, path)) return 'redact';
  return undefined;
}

function walkNode(w: Walk, node: object, mode: number): Out {
  if (w.depth >= w.c.maxDepth) return '[Filtered: depth]';
  if (isAncestor(w, node)) return '[Circular ~]';
  const proto: unknown = Object.getPrototypeOf(node);
  const plain = proto === Object.prototype || proto === null;
  const isArray = !plain && Array.isArray(node);
  // Class instances are rare in events: only they pay for the instanceof checks.
  if (!plain && !isArray) {
    if (node instanceof Date || node instanceof RegExp || node instanceof ArrayBuffer || ArrayBuffer.isView(node)) return node;
  }
  w.ancestors[w.top++] = node;
  w.depth++;
  try {
    if (isArray) return walkArray(w, node as unknown[], mode);
    if (!plain && node instanceof Error) return walkError(w, node, mode);
    // A plain object's for-in only yields own keys, unless Object.prototype was polluted.
    w.checkOwn = !plain || w.protoDirty;
    return walkObject(w, node as Record<string, unknown>, mode);
  } finally {
    w.depth--;
    w.ancestors[--w.top] = undefined;
  }
}

/** Errors keep `name`, `message` and `stack` in non-enumerable fields, which a key walk would miss. */
function walkError(w: Walk, error: Error, mode: number): Out {
  const plain: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  for (const k of Object.keys(error)) plain[k] = (error as unknown as Record<string, unknown>)[k];
  w.checkOwn = true;
  const out = walkObject(w, plain, mode);
  return out === plain ? error : out;
}

function walkArray(w: Walk, arr: unknown[], mode: number): Out {
  let copy: unknown[] | undefined;
  let removed = false;
  const itemMode = mode === M_SENSITIVE ? M_SENSITIVE : mode === M_FRAMES ? M_FRAME : M_NORMAL;
  const usePaths = w.path !== undefined;
  for (let i = 0; i < arr.length; i++) {
    const item = arr[i];
    let out: Out;
    if (usePaths) w.path!.push(String(i));
    const verdict = usePaths ? pathVerdict(w) : undefined;
    if (verdict === 'safe') out = item;
    else if (verdict === 'redact') out = redactWhole(w, item);
    else if (itemMode === M_NORMAL && isPair(item)) out = walkPair(w, item);
    else out = walkValue(w, item, itemMode);
    if (usePaths) w.path!.pop();
    if (out !== item) {
      copy ??= arr.slice();
      if (out === REMOVED) removed = true;
      copy[i] = out;
    }
  }
  if (!copy) return arr;
  return removed ? copy.filter((x) => x !== REMOVED) : copy;
}

/** `[name, value]` pairs (headers, query strings, cookies as tuples) are key/value entries. */
function isPair(item: unknown): item is [string, unknown] {
  return Array.isArray(item) && item.length === 2 && typeof item[0] === 'string';
}

function walkPair(w: Walk, pair: [string, unknown]): Out {
  // Indexing, not destructuring: array destructuring goes through an iterator object.
  const key = pair[0];
  const value = pair[1];
  if (w.depth >= w.c.maxDepth) return '[Filtered: depth]';
  w.depth++;
  const out = walkValue(w, value, (w.c.keyInfo(key) & K_SENSITIVE) !== 0 ? M_SENSITIVE : M_NORMAL);
  w.depth--;
  if (out === value) return pair;
  return out === REMOVED ? REMOVED : [key, out];
}

function hasQuery(value: unknown): boolean {
  return typeof value === 'string' && value.includes('?');
}

function walkObject(w: Walk, obj: Record<string, unknown>, mode: number): Out {
  let copy: Record<string, unknown> | undefined;
  const skip = mode === M_EVENT ? K_EVENT_SKIP : mode === M_FRAME ? K_FRAME_SKIP : 0;
  const usePaths = w.path !== undefined;
  const checkOwn = w.checkOwn;
  const { keyInfo } = w.c;
  for (const key in obj) {
    if (checkOwn && !Object.prototype.hasOwnProperty.call(obj, key)) continue;
    const info = keyInfo(key);
    if ((info & skip) !== 0 && !(skip === K_FRAME_SKIP && (info & K_FRAME_URL) !== 0 && hasQuery(obj[key]))) continue;
    const value = obj[key];
    let out: Out;
    if (usePaths) w.path!.push(key.toLowerCase());
    const verdict = usePaths ? pathVerdict(w) : undefined;
    if (verdict === 'safe') {
      out = value;
    } else if (verdict === 'redact') {
      out = redactWhole(w, value);
    } else if (mode === M_SENSITIVE || (info & K_SENSITIVE) !== 0) {
      out = redactWhole(w, value);
    } else {
      out = walkValue(w, value, w.event && (info & K_FRAMES) !== 0 ? M_FRAMES : M_NORMAL);
    }
    if (usePaths) w.path!.pop();
    if (out !== value) {
      copy ??= { ...obj };
      if (out === REMOVED) delete copy[key];
      else copy[key] = out;
    }
  }
  return copy ?? obj;
}

function newWalk(c: Compiled): Walk {
  return {
    c,
    budget: 0,
    depth: 0,
    ancestors: [],
    top: 0,
    path: c.paths.length > 0 || c.safePaths.length > 0 ? [] : undefined,
    event: false,
    checkOwn: true,
    protoDirty: false,
    busy: false,
  };
}

/** Reset `w` for a new call (reused across calls, so a call allocates no per-call state). */
function reset(w: Walk, event: boolean): Walk {
  w.budget = w.c.maxTotalLength;
  w.depth = 0;
  w.top = 0;
  if (w.path) w.path.length = 0;
  w.event = event;
  w.protoDirty = prototypeDirty();
  w.busy = true;
  return w;
}

/** Internal: compile options into an {@link Engine}. */
export function createEngine(options?: ScrubOptions): Engine {
  const c = compile(options);
  const spare = newWalk(c);
  /** Run `fn` with the spare Walk, or a fresh one when a walk is already in progress (re-entry). */
  const run = (event: boolean, value: unknown, mode: number): Out => {
    const w = reset(spare.busy ? newWalk(c) : spare, event);
    try {
      return mode === M_EVENT ? walkNode(w, value as object, mode) : walkValue(w, value, mode);
    } finally {
      w.busy = false;
      // Normally already empty; after a throw, drop references to the caller's objects.
      for (let i = 0; i < w.top; i++) w.ancestors[i] = undefined;
      w.top = 0;
    }
  };
  return {
    removed: REMOVED,
    scrubEntry: (key: string, value: unknown): unknown => run(false, value, (c.keyInfo(key) & K_SENSITIVE) !== 0 ? M_SENSITIVE : M_NORMAL),
    scrubEvent: <T extends object>(event: T): T => {
      if (typeof event !== 'object' || event === null) return event;
      const out = run(true, event, M_EVENT);
      return (typeof out === 'object' && out !== null ? out : event) as T;
    },
    scrubText: (text: string): string => (typeof text === 'string' ? scrubString(c, text) : text),
    scrubValue: <T>(value: T): T => {
      const out = run(false, value, M_NORMAL);
      return (out === REMOVED ? undefined : out) as T;
    },
  };
}

/**
 * Validate `options` and build every rule once. Reuse the result on hot paths: the one-shot
 * helpers compile on every call.
 * @throws {ScrubbingConfigError} when an option is invalid (the message names it and says how to fix it)
 */
export function createScrubber(options?: ScrubOptions): Scrubber {
  const { scrubEvent, scrubText, scrubValue } = createEngine(options);
  return { scrubEvent, scrubText, scrubValue };
}

/**
 * Scrub a Sentry event: returns a copy with secrets redacted; branches without secrets are shared
 * with the input, which is never mutated. For repeated use, call {@link createScrubber} once.
 * @throws {ScrubbingConfigError} when `options` are invalid
 */
export function scrubEvent<T extends object>(event: T, options?: ScrubOptions): T {
  return createScrubber(options).scrubEvent(event);
}

/**
 * Scrub one string with every value rule (cards, SSNs, IBANs, keys, tokens, emails, IPs, …).
 * @throws {ScrubbingConfigError} when `options` are invalid
 */
export function scrubText(text: string, options?: ScrubOptions): string {
  return createScrubber(options).scrubText(text);
}

/**
 * Scrub any JSON-like value (a request body, attributes, a breadcrumb's data) by key and value rules.
 * @throws {ScrubbingConfigError} when `options` are invalid
 */
export function scrubValue<T>(value: T, options?: ScrubOptions): T {
  return createScrubber(options).scrubValue(value);
}
