import type { FingerprintEvent, FingerprintException, FingerprintFrame } from '../types';

const NATIVE_PLATFORMS = new Set(['objc', 'cocoa', 'swift', 'native', 'c']);
const JS_PLATFORMS = new Set(['javascript', 'node']);

/** Sentry's platform families for the `family:` matcher. */
export function familyOf(platform: string): 'native' | 'javascript' | 'other' {
  if (NATIVE_PLATFORMS.has(platform)) return 'native';
  if (JS_PLATFORMS.has(platform)) return 'javascript';
  return 'other';
}

const EMPTY: never[] = [];
export const UNKNOWN_FUNCTION = '<unknown>';
const isObject = (v: unknown): boolean => v !== null && typeof v === 'object';
function allObjects(xs: readonly unknown[]): boolean {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x === null || typeof x !== 'object') return false;
  }
  return true;
}

/**
 * A read-only view over one event with every derived list computed at most once. `applyRules`
 * builds one per call so 50 rules do not walk the event 50 times.
 */
export class EventView {
  private _exceptions?: FingerprintException[];
  private _frames?: FingerprintFrame[];
  private _messages?: string[];
  private _tags?: Map<string, string>;
  private _sdk?: string;
  readonly platform: string;
  readonly nativeLike: boolean;

  constructor(
    readonly event: FingerprintEvent,
    private readonly sdkFallback: string | undefined,
  ) {
    this.platform = typeof event.platform === 'string' && event.platform !== '' ? event.platform : 'javascript';
    this.nativeLike = NATIVE_PLATFORMS.has(this.platform) || this.platform === 'csharp';
  }

  /** `exception.values` without holes, oldest first. */
  exceptions(): FingerprintException[] {
    if (this._exceptions !== undefined) return this._exceptions;
    const values = this.event.exception?.values;
    this._exceptions = Array.isArray(values) ? (allObjects(values) ? values : values.filter(isObject)) : EMPTY;
    return this._exceptions;
  }

  /** The frames matchers test: every exception's frames, else the top-level stack trace, else the crashing thread's. */
  frames(): FingerprintFrame[] {
    if (this._frames !== undefined) return this._frames;
    let frames: FingerprintFrame[] = [];
    for (const exc of this.exceptions()) {
      const f = exc.stacktrace?.frames;
      if (Array.isArray(f)) frames = frames.length === 0 ? f : frames.concat(f);
    }
    if (frames.length === 0) frames = framesOf(this.event.stacktrace?.frames);
    if (frames.length === 0) frames = framesOf(crashingThread(this.event, false)?.stacktrace?.frames);
    // Copy only when there is something to drop: events almost never carry holes.
    this._frames = allObjects(frames) ? frames : frames.filter(isObject);
    return this._frames;
  }

  /** Items for `message:`: the log message (trimmed) and every exception value. */
  messages(): string[] {
    if (this._messages !== undefined) return this._messages;
    const out: string[] = [];
    const formatted = logMessage(this.event);
    if (formatted !== undefined) out.push(formatted.trim());
    for (const exc of this.exceptions()) if (typeof exc.value === 'string') out.push(exc.value);
    this._messages = out;
    return out;
  }

  /** Relay defaults `level` to `error` before grouping, so a missing level reads as `error`. */
  level(): string {
    return typeof this.event.level === 'string' && this.event.level !== '' ? this.event.level : 'error';
  }

  logger(): string | undefined {
    return typeof this.event.logger === 'string' && this.event.logger !== '' ? this.event.logger : undefined;
  }

  tag(name: string): string | undefined {
    const tags = this.event.tags;
    // The common shape (a plain object) is read directly; arrays of pairs are indexed once.
    if (tags !== null && typeof tags === 'object' && !Array.isArray(tags)) {
      return Object.prototype.hasOwnProperty.call(tags, name) ? tagValue(tags[name]) : undefined;
    }
    if (this._tags === undefined) this._tags = readTags(tags);
    return this._tags.get(name);
  }

  private _single: readonly unknown[] | undefined;

  /** The view itself as the single item of one-item groups (allocated once). */
  get single(): readonly unknown[] {
    return (this._single ??= [this]);
  }

  /** Normalised SDK name (`sentry.javascript.node`, …, or `other`). */
  sdk(): string {
    if (this._sdk === undefined) {
      const name = typeof this.event.sdk?.name === 'string' ? this.event.sdk.name : this.sdkFallback;
      this._sdk = normalizeSdkName(name ?? '');
    }
    return this._sdk;
  }

  /** Results of the matcher plan's frame gates on this event, by gate id: 1 passed, 2 failed (`framePasses` in compile.ts). */
  gates: number[] | undefined;

  /** Function name as Sentry's matchers see it: trimmed for native and C# frames only. */
  functionName(frame: FingerprintFrame): string {
    const fn = frame.function;
    if (typeof fn !== 'string' || fn === '') return UNKNOWN_FUNCTION;
    if (frame.raw_function !== undefined || !this.nativeLike) return fn;
    return trimFunctionName(fn, frame.platform ?? this.platform);
  }
}

function framesOf(frames: unknown): FingerprintFrame[] {
  return Array.isArray(frames) ? (frames as FingerprintFrame[]) : EMPTY;
}

/**
 * The matchers' thread: the only one, else the single crashed one, else the single current one.
 * Variables (`onlySingle`) use a thread only when there is exactly one.
 */
export function crashingThread(event: FingerprintEvent, onlySingle: boolean) {
  const threads = event.threads?.values;
  if (!Array.isArray(threads) || threads.length === 0) return undefined;
  if (threads.length === 1) return threads[0];
  if (onlySingle) return undefined;
  const crashed = threads.filter((t) => t?.crashed === true);
  if (crashed.length === 1) return crashed[0];
  const current = threads.filter((t) => t?.current === true);
  return current.length === 1 ? current[0] : undefined;
}

/**
 * The log message: `logentry.formatted`, else `logentry.message` (Relay copies one into the other
 * when there are no params), else the JS SDK's plain `message` string.
 */
export function logMessage(event: FingerprintEvent): string | undefined {
  const entry = event.logentry ?? (typeof event.message === 'object' && event.message !== null ? event.message : undefined);
  if (entry !== undefined) {
    if (typeof entry.formatted === 'string' && entry.formatted !== '') return entry.formatted;
    if (typeof entry.message === 'string' && entry.message !== '') return entry.message;
  }
  return typeof event.message === 'string' && event.message !== '' ? event.message : undefined;
}

function readTags(tags: FingerprintEvent['tags']): Map<string, string> {
  const map = new Map<string, string>();
  if (Array.isArray(tags)) {
    for (const pair of tags) if (Array.isArray(pair) && typeof pair[0] === 'string') setTag(map, pair[0], pair[1]);
  } else if (tags !== null && typeof tags === 'object') {
    for (const key of Object.keys(tags)) setTag(map, key, tags[key]);
  }
  return map;
}

function setTag(map: Map<string, string>, key: string, value: unknown): void {
  const s = tagValue(value);
  if (s !== undefined) map.set(key, s);
}

function tagValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

const SDK_SYNONYMS: Readonly<Record<string, string>> = {
  'sentry.react': 'sentry.javascript.react',
  'sentry.electron': 'sentry.javascript.electron',
  'sentry.nextjs': 'sentry.javascript.nextjs',
  'sentry.vue': 'sentry.javascript.vue',
  'sentry.angular': 'sentry.javascript.angular',
  'sentry.browser': 'sentry.javascript.browser',
  'sentry.node': 'sentry.javascript.node',
  'sentry.react.native': 'sentry.javascript.react.native',
};

const KNOWN_SDKS = new Set([
  'sentry.cocoa', 'sentry.dart', 'sentry.dotnet', 'sentry.elixir', 'sentry.go', 'sentry.java', 'sentry.kotlin',
  'sentry.native', 'sentry.php', 'sentry.python', 'sentry.ruby', 'sentry.rust', 'sentry.unity', 'sentry.unreal',
  'sentry.godot', 'sentry.symfony', 'sentry.laravel', 'sentry.perl', 'sentry.clojure', 'sentry.android', 'sentry.flutter',
]);

/**
 * Sentry's SDK-name normalisation for the `sdk:` matcher: names not starting with `sentry` become
 * `other`; separators become `.`; synonyms map to their `sentry.javascript.*` form;
 * `sentry.javascript.*` keeps its full name, `sentry.native.*` three parts, others two.
 * Reading taken: every `sentry.javascript.*` name is kept (Sentry checks a list of known ones).
 */
export function normalizeSdkName(name: string): string {
  // One process sends under one SDK name: remember the last answer.
  if (name === lastSdk.name) return lastSdk.normalized;
  const normalized = normalizeSdkNameUncached(name);
  lastSdk = { name, normalized };
  return normalized;
}

let lastSdk = { name: '', normalized: 'other' };

function normalizeSdkNameUncached(name: string): string {
  if (!name.startsWith('sentry')) return 'other';
  let n = name.replace(/[\W_]+/g, '.');
  n = SDK_SYNONYMS[n] ?? n;
  const parts = n.split('.');
  if (parts[1] === 'javascript') return parts.length >= 3 ? n : 'other';
  if (parts[1] === 'native') return parts.slice(0, 3).join('.');
  const short = parts.slice(0, 2).join('.');
  return KNOWN_SDKS.has(short) ? short : 'other';
}

// Sentry trims native symbols (arguments, templates, return types, Rust hashes, glibc versions)
// and C# signatures before matching; JavaScript names are left alone.
function trimFunctionName(fn: string, platform: string): string {
  let f = fn.trim();
  if (platform === 'csharp') {
    const cut = f.indexOf(' (');
    return cut === -1 ? f : f.slice(0, cut);
  }
  f = f.replace(/::h[0-9a-f]{16}$/, '').replace(/@GLIBC_[\d.]+$/, '');
  let depth = 0;
  let out = '';
  for (const ch of f) {
    if (ch === '(' || ch === '<') depth++;
    else if (ch === ')' || ch === '>') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  out = out.replace(/\s+const$/, '').trim();
  const space = out.lastIndexOf(' ');
  return space === -1 ? out : out.slice(space + 1);
}
