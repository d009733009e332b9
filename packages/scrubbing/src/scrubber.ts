import { ScrubbingConfigError } from './errors';
import { keyBytes, keyedHashHex } from './internal/hash';
import { createKeyMatcher, type KeyMatcher } from './internal/keys';
import { matchesSelector, parseSelector, type Selector } from './internal/paths';
import {
  BUILTIN_RULES,
  DEFAULT_REPLACEMENTS,
  customRule,
  isPlaceholder,
  keyValueRule,
  scanFlags,
  type Redact,
  type TextRule,
} from './internal/rules';
import type { RuleSetting, ScrubMethod, ScrubOptions, Scrubber, ValueRuleSettings } from './types';

const METHODS: readonly ScrubMethod[] = ['replace', 'mask', 'hash', 'remove'];

/** Default method per configurable rule; emails and IPs are masked, everything else replaced. */
const DEFAULT_METHODS: Record<keyof ValueRuleSettings, ScrubMethod> = {
  creditCard: 'replace',
  ssn: 'replace',
  iban: 'replace',
  pemKey: 'replace',
  urlAuth: 'replace',
  authHeader: 'replace',
  jwt: 'replace',
  keyValue: 'replace',
  tokens: 'replace',
  email: 'mask',
  ip: 'mask',
};

/** Run order. `urlAuth` runs before `email` (so `user:pass@host` is one secret), `jwt` before `authHeader`. */
const RULE_ORDER: ReadonlyArray<[keyof ValueRuleSettings, TextRule[]]> = [
  ['pemKey', [BUILTIN_RULES.pemKey!]],
  ['urlAuth', [BUILTIN_RULES.urlAuth!]],
  ['jwt', [BUILTIN_RULES.jwt!]],
  ['tokens', [BUILTIN_RULES.tokens!]],
  ['authHeader', [BUILTIN_RULES.authHeader!]],
  ['keyValue', []], // built per scrubber: it shares the key matcher
  ['creditCard', [BUILTIN_RULES.creditCard!]],
  ['iban', [BUILTIN_RULES.iban!]],
  ['ssn', [BUILTIN_RULES.ssn!]],
  ['email', [BUILTIN_RULES.email!]],
  ['ip', [BUILTIN_RULES.ipv4!, BUILTIN_RULES.ipv6!]],
];

/** Top-level event fields the SDK writes itself; never user data. */
const EVENT_SKIP = new Set([
  'event_id', 'timestamp', 'start_timestamp', 'platform', 'level', 'release', 'dist', 'environment', 'sdk',
  'debug_meta', 'sdkProcessingMetadata', 'type', 'modules', 'measurements', 'received', 'version',
]);
/** Stack frame fields: code locations, not data. `vars` and source context lines are still scanned. */
const FRAME_SKIP = new Set([
  'filename', 'abs_path', 'lineno', 'colno', 'function', 'module', 'in_app', 'platform', 'instruction_addr',
  'addr_mode', 'symbol_addr', 'image_addr', 'package', 'symbol', 'raw_function', 'debug_id',
]);

/** Marker for "delete this value" (method `remove` on a key or path match). */
const REMOVED: unique symbol = Symbol('removed');
type Out = unknown;

interface Compiled {
  rules: Array<{ rule: TextRule; redact: Redact; trigger: number }>;
  isSensitiveKey: KeyMatcher;
  /** {@link K_SENSITIVE} | {@link K_EVENT_SKIP} | … for a key: one cached lookup per key and node. */
  keyInfo: (key: string) => number;
  keyRedact: (value: string) => string | typeof REMOVED;
  keyMethod: ScrubMethod;
  paths: Selector[];
  safePaths: Selector[];
  maxStringLength: number;
  maxTotalLength: number;
  maxDepth: number;
  minLength: number;
  hasCustom: boolean;
}

let processHashKey: Uint8Array | undefined;

function getProcessHashKey(): Uint8Array {
  if (processHashKey) return processHashKey;
  const cryptoObject = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (!cryptoObject?.getRandomValues) {
    throw new ScrubbingConfigError({
      code: 'HASH_KEY_UNAVAILABLE',
      option: 'hashKey',
      message:
        'the hash method needs a key, and globalThis.crypto.getRandomValues is not available to draw one. Pass hashKey (at least 16 bytes) or use another method.',
    });
  }
  processHashKey = cryptoObject.getRandomValues(new Uint8Array(32));
  return processHashKey;
}

function countCodePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

function makeRedact(method: ScrubMethod, replacement: string, hashKey: () => Uint8Array): Redact {
  switch (method) {
    case 'replace':
      return () => replacement;
    case 'mask':
      return (secret) => '*'.repeat(countCodePoints(secret));
    case 'hash':
      return (secret) => `[hash:${keyedHashHex(hashKey(), secret)}]`;
    case 'remove':
      return () => '';
  }
}

function resolveSetting(
  name: keyof ValueRuleSettings,
  setting: RuleSetting | undefined,
): { method: ScrubMethod; replacement: string } | undefined {
  const base = { method: DEFAULT_METHODS[name], replacement: DEFAULT_REPLACEMENTS[name]! };
  if (setting === undefined || setting === true) return base;
  if (setting === false) return undefined;
  if (typeof setting === 'string') {
    assertMethod(setting, `rules.${name}`);
    return { ...base, method: setting };
  }
  if (typeof setting === 'object' && setting !== null) {
    if (setting.method !== undefined) assertMethod(setting.method, `rules.${name}.method`);
    if (setting.replacement !== undefined && typeof setting.replacement !== 'string') {
      invalid(`rules.${name}.replacement`, 'must be a string');
    }
    return { method: setting.method ?? base.method, replacement: setting.replacement ?? base.replacement };
  }
  return invalid(`rules.${name}`, 'must be true, false, a method name or { method, replacement }');
}

function invalid(option: string, message: string): never {
  throw new ScrubbingConfigError({ code: 'INVALID_OPTION', option, message });
}

function assertMethod(method: unknown, option: string): asserts method is ScrubMethod {
  if (!METHODS.includes(method as ScrubMethod)) {
    invalid(option, `unknown method ${JSON.stringify(method)}; use one of ${METHODS.join(', ')}`);
  }
}

function positive(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) invalid(option, `must be a positive number, got ${String(value)}`);
  return value;
}

function compile(options: ScrubOptions = {}): Compiled {
  if (typeof options !== 'object' || options === null) invalid('options', 'must be an object');
  const known = new Set(Object.keys(DEFAULT_METHODS));
  for (const name of Object.keys(options.rules ?? {})) {
    if (!known.has(name)) invalid(`rules.${name}`, `unknown rule; known rules are ${[...known].join(', ')}`);
  }
  let hashKeyBytes: Uint8Array | undefined;
  if (options.hashKey !== undefined) {
    if (typeof options.hashKey !== 'string' && !(options.hashKey instanceof Uint8Array)) {
      throw new ScrubbingConfigError({ code: 'INVALID_HASH_KEY', option: 'hashKey', message: 'must be a string or a Uint8Array' });
    }
    hashKeyBytes = keyBytes(options.hashKey);
    if (hashKeyBytes.length < 16) {
      throw new ScrubbingConfigError({
        code: 'INVALID_HASH_KEY',
        option: 'hashKey',
        message: `is ${hashKeyBytes.length} bytes; use at least 16 random bytes so hashes cannot be brute-forced`,
      });
    }
  }
  const hashKey = (): Uint8Array => hashKeyBytes ?? getProcessHashKey();

  for (const [i, k] of (options.sensitiveKeys ?? []).entries()) {
    if (typeof k !== 'string' && !(k instanceof RegExp)) invalid(`sensitiveKeys[${i}]`, 'must be a string or a RegExp');
  }
  for (const [i, k] of (options.safeKeys ?? []).entries()) {
    if (typeof k !== 'string') invalid(`safeKeys[${i}]`, 'must be a string');
  }
  const isSensitiveKey = createKeyMatcher({
    useDefaults: options.useDefaultSensitiveKeys !== false,
    sensitive: options.sensitiveKeys ?? [],
    safe: options.safeKeys ?? [],
  });

  const rules: Compiled['rules'] = [];
  let usesHash = false;
  for (const [name, builtins] of RULE_ORDER) {
    const setting = resolveSetting(name, options.rules?.[name]);
    if (!setting) continue;
    usesHash ||= setting.method === 'hash';
    const redact = makeRedact(setting.method, setting.replacement, hashKey);
    const list = name === 'keyValue' ? [keyValueRule(isSensitiveKey)] : builtins;
    for (const rule of list) rules.push({ rule, redact, trigger: rule.trigger });
  }
  for (const [i, p] of (options.patterns ?? []).entries()) {
    const option = `patterns[${i}]`;
    if (typeof p !== 'object' || p === null || typeof p.id !== 'string' || p.id === '') invalid(`${option}.id`, 'must be a non-empty string');
    const group = p.group ?? 0;
    if (!Number.isInteger(group) || group < 0) invalid(`${option}.group`, 'must be a non-negative integer');
    let re: RegExp;
    try {
      const source = p.pattern instanceof RegExp ? p.pattern.source : p.pattern;
      const flags = p.pattern instanceof RegExp ? p.pattern.flags.replace(/[gyd]/g, '') : '';
      if (typeof source !== 'string' || source === '') throw new TypeError('empty pattern');
      re = new RegExp(source, `${flags}g${group > 0 ? 'd' : ''}`);
    } catch (cause) {
      throw new ScrubbingConfigError({
        code: 'INVALID_PATTERN',
        option: `${option}.pattern`,
        message: `is not a valid regular expression (${cause instanceof Error ? cause.message : String(cause)}); pass a RegExp or a RegExp source string`,
        cause,
      });
    }
    if (p.method !== undefined) assertMethod(p.method, `${option}.method`);
    const method = p.method ?? 'replace';
    usesHash ||= method === 'hash';
    rules.push({ rule: customRule(re, group), redact: makeRedact(method, p.replacement ?? `[${p.id}]`, hashKey), trigger: 0 });
  }

  const keyMethod = options.method ?? 'replace';
  assertMethod(keyMethod, 'method');
  const replacement = options.replacement ?? '[Filtered]';
  if (typeof replacement !== 'string') invalid('replacement', 'must be a string');
  usesHash ||= keyMethod === 'hash';
  // Fail at configuration time, not on the first event, if hashing cannot work here.
  if (usesHash) hashKey();
  const keyRedactText = makeRedact(keyMethod, replacement, hashKey);
  const keyRedact = keyMethod === 'remove' ? (): typeof REMOVED => REMOVED : keyRedactText;

  const paths = (options.paths ?? []).map((p, i) => parseSelector(p, `paths[${i}]`));
  const safePaths = (options.safePaths ?? []).map((p, i) => parseSelector(p, `safePaths[${i}]`));
  const hasCustom = (options.patterns ?? []).length > 0;

  return {
    rules,
    isSensitiveKey,
    keyInfo: createKeyInfo(isSensitiveKey),
    keyRedact,
    keyMethod,
    paths,
    safePaths,
    maxStringLength: positive(options.maxStringLength, 32768, 'maxStringLength'),
    maxTotalLength: positive(options.maxTotalLength, 1_000_000, 'maxTotalLength'),
    maxDepth: positive(options.maxDepth, 24, 'maxDepth'),
    // No built-in rule can match fewer than 4 characters (`pw=x`).
    minLength: hasCustom ? 1 : 4,
    hasCustom,
  };
}

const K_SENSITIVE = 1;
const K_EVENT_SKIP = 2;
const K_FRAME_SKIP = 4;
const K_FRAMES = 8;
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
        (key === 'frames' ? K_FRAMES : 0);
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

const BENIGN_STRINGS = new Set(['', 'true', 'false', 'null', 'undefined']);

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

function walkObject(w: Walk, obj: Record<string, unknown>, mode: number): Out {
  let copy: Record<string, unknown> | undefined;
  const skip = mode === M_EVENT ? K_EVENT_SKIP : mode === M_FRAME ? K_FRAME_SKIP : 0;
  const usePaths = w.path !== undefined;
  const checkOwn = w.checkOwn;
  const { keyInfo } = w.c;
  for (const key in obj) {
    if (checkOwn && !Object.prototype.hasOwnProperty.call(obj, key)) continue;
    const info = keyInfo(key);
    if ((info & skip) !== 0) continue;
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

/** What the integration needs beyond the public scrubber: one keyed entry (attributes). */
export interface Engine extends Scrubber {
  /** Scrub `value` as if it sat under `key`; returns `removed` when the method deletes it. */
  scrubEntry: (key: string, value: unknown) => unknown;
  readonly removed: symbol;
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
