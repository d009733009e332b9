// The browser engine: the same options, rules and output as the Node engine (`scrubber.ts`), in
// a fraction of the bundle. It shares the rule data and checks with the Node engine (token
// formats, key lists and key matching, Luhn/SSN/IBAN/IPv6 checks, the keyed hash, path selectors,
// option handling); what differs is the strategy. No prefilter, no verdict caches, no
// allocation-free scanners: each rule lists the spans to redact (regexes plus small loops that
// mirror the Node scanners' decisions), and a plain recursive walker copies on write.
// `browser.test.ts` checks on random events that both engines give the same output.

import { cardBrandValid, ibanLength, ibanValid, ipv6Valid, luhnValid, ssnValid } from './checks';
import { compileOptions, REMOVED, type Engine, type Redact } from './options';
import { matchesSelector, type Selector } from './paths';
import {
  BENIGN_STRINGS,
  BENIGN_VALUES,
  DIGIT_RUN,
  EVENT_SKIP,
  FILE_EXTENSIONS,
  FRAME_SKIP,
  IBAN_START,
  IPV4,
  IPV6,
  JWT,
  LINE_VALUE_KEY,
  SSN_DASHED,
} from './patterns';
import { buildTokenRegex } from './tokens';
import type { ScrubOptions, ValueRuleSettings } from '../types';

/** Spans to redact in `s`, flattened: start0, end0, start1, end1, … in scan order. */
type Find = (s: string) => number[];
type Pick = (m: RegExpExecArray, s: string) => number[] | false | undefined;

/** Output of an earlier redaction (`[Filtered]`, `[hash:…]`, `***`) is never redacted again. */
const PLACEHOLDER = /^(?:\[|\*+$)/;
const WORD = /\w/;

const wordAt = (s: string, i: number): boolean => WORD.test(s.charAt(i));
/** An ASCII digit's char code (NaN, past the end, is not). */
const isDigit = (c: number): boolean => (c ^ 48) < 10;
const hasQuery = (value: unknown): boolean => typeof value === 'string' && value.includes('?');

/** Replace the spans; a span overlapping the previous replacement only redacts what lies beyond it. */
function rewrite(s: string, spans: number[], redact: Redact): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const start = Math.max(spans[i]!, last);
    const end = spans[i + 1]!;
    const secret = s.slice(start, end);
    if (end <= start || PLACEHOLDER.test(secret)) continue;
    const replacement = redact(secret);
    if (replacement === secret) continue;
    out += s.slice(last, start) + replacement;
    last = end;
  }
  return last ? out + s.slice(last) : s;
}

/** The span of a whole match. */
const whole = (m: RegExpExecArray): number[] => [m.index, m.index + m[0].length];

/** Every match of a global regex, or what `pick` makes of it (nothing when it returns a falsy value). */
const scan =
  (re: RegExp, pick: Pick = whole): Find =>
  (s) => {
    const spans: number[] = [];
    re.lastIndex = 0;
    for (let m; (m = re.exec(s)); ) {
      if (m[0]) spans.push(...(pick(m, s) || []));
      else re.lastIndex++;
    }
    return spans;
  };

const pem: Find = (s) => {
  const spans: number[] = [];
  const blank = (i: number): boolean => /[\n\r \t]/.test(s.charAt(i));
  const nr = (i: number): boolean => /[nr]/.test(s.charAt(i));
  for (let from = 0, begin; (begin = s.indexOf('-----BEGIN ', from)) >= 0; ) {
    const labelEnd = s.indexOf('-----', begin + 11);
    if (labelEnd < 0 || labelEnd - begin > 80) {
      from = begin + 11;
      continue;
    }
    from = labelEnd + 5;
    if (!s.slice(begin + 11, labelEnd).includes('PRIVATE KEY')) continue;
    const end = s.indexOf('-----END ', from);
    // A truncated key (no END line) is still a key: redact to the end of the string.
    let a = from;
    let z = end < 0 ? s.length : end;
    // Trim blanks and `\n` escapes (a key inside JSON text) on both sides.
    while (a < z && (blank(a) || (s[a] === '\\' && nr(a + 1)))) a += s[a] === '\\' ? 2 : 1;
    while (z > a && (blank(z - 1) || (nr(z - 1) && s[z - 2] === '\\'))) z -= s[z - 2] === '\\' ? 2 : 1;
    spans.push(a, z);
    from = end < 0 ? s.length : end + 9;
  }
  return spans;
};

// `scheme://user:pass@`: the userinfo is at most 256 characters.
const urlAuth = scan(/[A-Za-z0-9]:\/\/([^\0- /?#@"'<>\\]{1,256})@/g, (m) => [m.index + 4, m.index + m[0].length - 1]);

// `Bearer …`, `Basic …`: prose such as "Basic setup" or "bearer of bad news" is kept.
const authHeader = scan(/\b(bearer|basic|token|negotiate)[ \t]+([A-Za-z0-9._~+/=-]{6,})/gi, (m) => {
  const credential = m[2]!;
  const n = credential.length;
  const end = m.index + m[0].length;
  let ok = n >= 16 || (n >= 8 && /\d/.test(credential));
  if (/^basic$/i.test(m[1]!)) {
    try {
      ok = (n >= 16 && /[\d=]/.test(credential)) || (typeof atob === 'function' && atob(credential).includes(':'));
    } catch {
      ok = false;
    }
  }
  return ok && [end - n, end];
});

// Payment cards: maximal digit runs, split into groups (two separators in a row end a number),
// then every window of consecutive groups with 13-19 digits, longest first.
const cards: Find = (s) => {
  const spans: number[] = [];
  DIGIT_RUN.lastIndex = 0;
  for (let m; (m = DIGIT_RUN.exec(s)); ) {
    const runStart = m.index;
    let runEnd = runStart + m[0].length;
    if (runEnd - runStart < 13) continue;
    while (!/\d/.test(s.charAt(runEnd - 1))) runEnd--;
    // Digits glued to letters (hex ids, version strings) are not a card: such an end group is excluded.
    const gluedLeft = wordAt(s, runStart - 1);
    const gluedRight = wordAt(s, runEnd);
    // Groups as start/end pairs; a pair of -1 marks two or more separators in a row. Read in
    // place: a run of 100 KB of `1 1 1 …` must not allocate per group.
    const groups: number[] = [];
    for (let i = runStart; i < runEnd; ) {
      const start = i;
      const digits = isDigit(s.charCodeAt(i));
      while (i < runEnd && isDigit(s.charCodeAt(i)) === digits) i++;
      if (digits) groups.push(start, i);
      else if (i - start > 1) groups.push(-1, -1);
    }
    const count = groups.length / 2;
    const len = (i: number): number => groups[2 * i + 1]! - groups[2 * i]!;
    for (let a = 0; a < count; a++) {
      if (groups[2 * a]! < 0) continue;
      let digits = 0;
      let last = a - 1;
      while (last + 1 < count && groups[2 * last + 2]! >= 0 && digits + len(last + 1) <= 19) digits += len(++last);
      for (let b = last; b >= a && digits >= 13; b--) {
        const start = groups[2 * a]!;
        const end = groups[2 * b + 1]!;
        // Digits joined by '-' to more characters are part of an id (traceparent, UUID) or run into a date.
        const glued =
          (gluedLeft && a === 0) ||
          (gluedRight && b === count - 1) ||
          (s[start - 1] === '-' && wordAt(s, start - 2)) ||
          (s[end] === '-' && wordAt(s, end + 1));
        // Printed compact, in fours (4-4-4-4, 4-4-4-4-3) or Amex/Diners 4-6-5 / 4-6-4.
        let shaped = a === b || (b - a === 2 && len(a) === 4 && len(a + 1) === 6 && (len(b) === 5 || len(b) === 4));
        if (!shaped) {
          shaped = len(b) <= 4;
          for (let i = a; shaped && i < b; i++) shaped = len(i) === 4;
        }
        const number = !glued && shaped && s.slice(start, end).replace(/\D/g, '');
        if (number && cardBrandValid(number) && luhnValid(number)) {
          spans.push(start, end);
          a = b;
          break;
        }
        digits -= len(b);
      }
    }
  }
  return spans;
};

// IBANs: a country code with a known length, then exactly that many characters (single spaces
// allowed between groups), then mod 97.
const iban = scan(IBAN_START, (m, s) => {
  const length = ibanLength(m[1]!);
  let compact = m[0];
  let i = m.index + 4;
  let space = false;
  while (compact.length < length && i < s.length) {
    const c = s[i]!;
    if (/[0-9A-Z]/.test(c)) compact += c;
    else if (c !== ' ' || space) break;
    space = c === ' ';
    i++;
  }
  if (compact.length !== length || wordAt(s, i) || !ibanValid(compact)) return;
  IBAN_START.lastIndex = i;
  return [m.index, i];
});

const ssnDashed = scan(SSN_DASHED, (m) => ssnValid(m[1]!, m[2]!, m[3]!) && [m.index, m.index + 11]);
// Undashed or spaced only right after an "ssn" / "social security (number)" word.
const ssnKeyword = scan(
  /\b(?:ssn|social[ _-]?security(?:[ _-]?(?:number|num|no))?)\b[^0-9A-Za-z]{0,5}(\d{3})[ -]?(\d{2})[ -]?(\d{4})(?!\d)/gi,
  (m) => ssnValid(m[1]!, m[2]!, m[3]!) && [m.index + m[0].search(/\d/), m.index + m[0].length],
);

// Emails, anchored on each '@' (or URL-encoded '%40'): local part back <= 64, domain forward <= 255.
const email: Find = (s) => {
  const spans: number[] = [];
  const re = /@|%40/g;
  for (let m; (m = re.exec(s)); ) {
    const sep = m.index;
    const domainStart = re.lastIndex;
    let local = sep;
    while (local > 0 && sep - local < 64 && /[\w.%+-]/.test(s.charAt(local - 1))) local--;
    const domain = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*/.exec(s.slice(domainStart, domainStart + 256))?.[0].slice(0, 255) ?? '';
    const dot = domain.lastIndexOf('.');
    const tld = domain.slice(dot + 1);
    if (local === sep || dot < 0 || !/^[A-Za-z]{2,24}$/.test(tld) || (tld.length <= 5 && FILE_EXTENSIONS.includes(tld.toLowerCase()))) continue;
    spans.push(local, (re.lastIndex = domainStart + domain.length));
  }
  return spans;
};

// key=value, "key": "value", key: value, query strings, SQL: the value of any sensitive key.
const keyValue =
  (isSensitiveKey: (key: string) => boolean): Find =>
  (s) => {
    const spans: number[] = [];
    const re = /[=:]/g;
    let floor = 0;
    for (let m; (m = re.exec(s)); ) {
      const i = m.index;
      const c = m[0];
      if (c === ':' && s.startsWith('//', i + 1)) continue; // scheme://
      let keyEnd = i;
      for (let back = 0; back < 3 && keyEnd > floor && /["'\\ ]/.test(s[keyEnd - 1]!); back++) keyEnd--;
      let keyStart = keyEnd;
      while (keyStart > floor && keyEnd - keyStart < 64 && /[\w.-]/.test(s[keyStart - 1]!)) keyStart--;
      const key = s.slice(keyStart, keyEnd);
      // One-character keys (`q=0.9`) and keys starting with a digit (times, dates) are never sensitive.
      if (key.length < 2 || /^[013-9]/.test(key) || !isSensitiveKey(key)) continue;
      let v = i + 1;
      if (s[v] === c) continue; // `==`, `::` are operators, not assignments
      while (v - i <= 3 && /[ \t]/.test(s.charAt(v))) v++;
      if (s[v] === '\\' && /["']/.test(s.charAt(v + 1))) v++;
      const quote = /["']/.test(s.charAt(v)) ? s[v++]! : '';
      const limit = Math.min(s.length, v + 4096);
      const rest = s.slice(v, limit);
      const stop = rest.search(quote ? quote : c === ':' && LINE_VALUE_KEY.test(key) ? /[\n\r]/ : /[\0- &;,"'<>()\]{}\\]/);
      let e = stop < 0 ? limit : v + stop;
      if (quote && e > v && s[e - 1] === '\\') e--;
      if (e === v || BENIGN_VALUES.includes(s.slice(v, e).toLowerCase())) continue;
      spans.push(v, e);
      // After a quoted value, keep looking inside it: an unbalanced quote may have swallowed
      // the next `key=value` (whose value then lies past the closing quote we stopped at).
      re.lastIndex = floor = quote ? v : e;
    }
    return spans;
  };

const tokens = scan(buildTokenRegex());

/** Passes of each configurable rule, in order (keyValue is built per engine: it shares the key matcher). */
const RULES: Record<Exclude<keyof ValueRuleSettings, 'keyValue'>, Find[]> = {
  pemKey: [pem],
  urlAuth: [urlAuth],
  jwt: [scan(JWT)],
  tokens: [tokens],
  authHeader: [authHeader],
  creditCard: [cards],
  iban: [iban],
  ssn: [ssnDashed, ssnKeyword],
  email: [email],
  ip: [scan(IPV4), scan(IPV6, (m) => ipv6Valid(m[0]) && whole(m))],
};

const DEEP = '[Filtered: depth]';

// How a node is walked.
const NORMAL = 0;
const SENSITIVE = 1; // under a sensitive key or path: every leaf is redacted
const EVENT = 2; // the event itself: SDK-written top-level fields are skipped
const FRAMES = 3; // a stack frame list
const FRAME = 4; // one stack frame: location fields are skipped

/** Compile options into the browser {@link Engine}. */
export function createBrowserEngine(options?: ScrubOptions): Engine {
  const config = compileOptions(options);
  const { isSensitiveKey, keyRedact, paths, safePaths, maxStringLength, maxDepth } = config;
  /** Each pass: how to find spans, how to redact them, and which prefilter it needs (see `scrubText`). */
  const passes: Array<[Find, Redact, number]> = [];
  for (const { name, redact, re, group } of config.rules) {
    const finds =
      name === 'custom'
        ? [scan(re!, (m) => (group ? m.indices?.[group] : whole(m)))]
        : name === 'keyValue'
          ? [keyValue(isSensitiveKey)]
          : RULES[name];
    for (const find of finds) passes.push([find, redact, name === 'jwt' ? 1 : name === 'tokens' ? 2 : 0]);
  }

  const scrubText = (input: string): string => {
    let s = input.length > maxStringLength ? `${input.slice(0, maxStringLength)}…[truncated ${input.length - maxStringLength}]` : input;
    // No built-in rule can match fewer than 4 characters (`pw=x`).
    if (s.length < (config.hasCustom ? 1 : 4)) return s;
    // The Node engine runs the JWT and token rules only on strings with a run of >= 15 characters
    // of [A-Za-z0-9_-], or of [A-Za-z0-9_.~+/=-] with an uppercase letter in it (tokens: and an
    // uppercase letter, g-z or '_' anywhere), judged before any rule ran and counting a non-ASCII
    // character by its low 7 bits. Mirrored here so that both engines give the same output (and
    // it spares the token regex most strings).
    const ascii = /[^\0-\x7f]/.test(s) ? s.replace(/[^\0-\x7f]/g, (c) => String.fromCharCode(c.charCodeAt(0) & 127)) : s;
    const long = /[\w-]{15}/.test(ascii) || (ascii.match(/[\w.~+/=-]{15,}/g) ?? []).some((run) => /[A-Z]/.test(run));
    const gates = [true, long, long && /[A-Zg-z_]/.test(ascii)];
    for (const [find, redact, gate] of passes) if (gates[gate]) s = rewrite(s, find(s), redact);
    return s;
  };

  /** One walk: its own budget, depth, ancestors and path (a getter may re-enter the engine). */
  const walk = (root: unknown, rootMode: number, event: boolean): unknown => {
    let budget = config.maxTotalLength;
    let depth = 0;
    const ancestors: object[] = [];
    const path: string[] | undefined = paths.length + safePaths.length ? [] : undefined;
    /** 1: a safe path, 2: a redacted path, 0: neither. */
    const matches = (selectors: Selector[]): boolean => selectors.some((sel) => matchesSelector(sel, path!));
    const verdict = (): number => (!path ? 0 : matches(safePaths) ? 1 : matches(paths) ? 2 : 0);

    const text = (s: string): string => ((budget -= s.length) < 0 ? '[Filtered: budget]' : scrubText(s));

    /** A value under a sensitive key or path. Booleans and null carry no secret and are kept. */
    const whole = (value: unknown): unknown =>
      typeof value === 'string'
        ? BENIGN_STRINGS.includes(value) || PLACEHOLDER.test(value)
          ? value
          : keyRedact(value)
        : typeof value === 'number' || typeof value === 'bigint'
          ? keyRedact(String(value))
          : typeof value === 'object' && value
            ? node(value, SENSITIVE)
            : value;

    const item = (value: unknown, mode: number): unknown => {
      if (mode === SENSITIVE) return whole(value);
      if (typeof value === 'string') return text(value);
      if (typeof value === 'object' && value) return node(value, mode);
      if (typeof value !== 'bigint') return value;
      const s = String(value);
      const out = text(s);
      return out === s ? value : out;
    };

    const node = (value: object, mode: number): unknown => {
      if (depth >= maxDepth) return DEEP;
      if (ancestors.includes(value)) return '[Circular ~]';
      if (value instanceof Date || value instanceof RegExp || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value;
      ancestors.push(value);
      depth++;
      try {
        if (Array.isArray(value)) return list(value as unknown[], mode);
        if (!(value instanceof Error)) return object(value as Record<string, unknown>, mode);
        // Errors keep `name`, `message` and `stack` in non-enumerable fields, which a key walk would miss.
        const plain: Record<string, unknown> = { name: value.name, message: value.message, stack: value.stack };
        for (const k of Object.keys(value)) plain[k] = (value as unknown as Record<string, unknown>)[k];
        const out = object(plain, mode);
        return out === plain ? value : out;
      } finally {
        depth--;
        ancestors.pop();
      }
    };

    const list = (array: unknown[], mode: number): unknown => {
      let copy: unknown[] | undefined;
      const itemMode = mode === SENSITIVE ? SENSITIVE : mode === FRAMES ? FRAME : NORMAL;
      for (let i = 0; i < array.length; i++) {
        const value = array[i];
        path?.push(String(i));
        const v = verdict();
        let out: unknown;
        if (v) out = v === 1 ? value : whole(value);
        else if (itemMode === NORMAL && Array.isArray(value) && value.length === 2 && typeof value[0] === 'string') {
          // `[name, value]` pairs (headers, query strings, cookies as tuples) are key/value entries.
          if (depth >= maxDepth) out = DEEP;
          else {
            depth++;
            const entry = item(value[1], isSensitiveKey(value[0]) ? SENSITIVE : NORMAL);
            depth--;
            out = entry === value[1] ? value : entry === REMOVED ? REMOVED : [value[0], entry];
          }
        } else out = item(value, itemMode);
        path?.pop();
        if (out !== value) (copy ??= array.slice())[i] = out;
      }
      return copy ? copy.filter((x) => x !== REMOVED) : array;
    };

    const object = (obj: Record<string, unknown>, mode: number): unknown => {
      let copy: Record<string, unknown> | undefined;
      const skip = mode === EVENT ? EVENT_SKIP : mode === FRAME ? FRAME_SKIP : [];
      for (const key of Object.keys(obj)) {
        const sensitive = isSensitiveKey(key);
        // A frame's file name is scanned when it carries a query string (a script from a signed URL).
        if (skip.includes(key) && !(mode === FRAME && (key === 'filename' || key === 'abs_path') && hasQuery(obj[key]))) continue;
        const value = obj[key];
        path?.push(key.toLowerCase());
        const v = verdict();
        const out = v === 1 ? value : v || mode === SENSITIVE || sensitive ? whole(value) : item(value, event && key === 'frames' ? FRAMES : NORMAL);
        path?.pop();
        if (out !== value) {
          copy ??= { ...obj };
          if (out === REMOVED) delete copy[key];
          else copy[key] = out;
        }
      }
      return copy ?? obj;
    };

    return rootMode === EVENT ? node(root as object, EVENT) : item(root, rootMode);
  };

  return {
    removed: REMOVED,
    scrubEntry: (key, value) => walk(value, isSensitiveKey(key) ? SENSITIVE : NORMAL, false),
    scrubEvent: <T extends object>(event: T): T => {
      if (typeof event !== 'object' || event === null) return event;
      const out = walk(event, EVENT, true);
      return (typeof out === 'object' && out !== null ? out : event) as T;
    },
    scrubText: (text) => (typeof text === 'string' ? scrubText(text) : text),
    scrubValue: <T>(value: T): T => {
      const out = walk(value, NORMAL, false);
      return (out === REMOVED ? undefined : out) as T;
    },
  };
}
