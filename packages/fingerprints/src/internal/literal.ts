/**
 * Necessary conditions drawn from a glob's literal text: a value the glob matches is equal to
 * `exact`, or starts with `prefix`, ends with `suffix` and contains `contains`. They let a rule set
 * reject most rules with a string comparison or a Map lookup instead of running the glob. They
 * are only ever used to rule a match OUT: a value passing them still goes through the glob.
 */
export interface LiteralCheck {
  /** The value must equal this (the glob has no wildcard). */
  exact: string | undefined;
  prefix: string;
  suffix: string;
  /** Only set when there is neither a prefix nor a suffix. */
  contains: string;
  /** Compare ignoring ASCII case (the literals are lower case). */
  lowerCase: boolean;
  /** Path values: a `/` in a literal also accepts a `\` in the value (Sentry normalises them). */
  path: boolean;
  /** `contains` as a case-insensitive (and, for paths, separator-agnostic) regex: no value is copied. */
  containsRe: RegExp | undefined;
  /** Which of the common shapes this is, for a quick dispatch (`KIND_*`). */
  kind: number;
}

export const KIND_EXACT = 1;
export const KIND_PREFIX = 2;
export const KIND_CONTAINS = 3;
export const KIND_CONTAINS_RE = 4;

function withKind(c: Omit<LiteralCheck, 'kind'>): LiteralCheck {
  let kind = 0;
  const onlyContains = c.exact === undefined && c.prefix === '' && c.suffix === '' && c.contains !== '';
  if (!c.lowerCase && c.exact !== undefined) kind = KIND_EXACT;
  else if (!c.lowerCase && c.exact === undefined && c.prefix !== '' && c.suffix === '' && c.contains === '') kind = KIND_PREFIX;
  else if (onlyContains) kind = c.containsRe === undefined ? KIND_CONTAINS : KIND_CONTAINS_RE;
  return { ...c, kind };
}

const NON_ASCII = /[^\0-\x7f]/;

/** Characters that end a literal run in a plain glob (class and alternation punctuation included). */
const PLAIN_STOP = new Set(['*', '?', '[', ']', '{', '}', ',', '\\']);
/** In path globs `\` is a separator, not an escape. */
const PATH_STOP = new Set(['*', '?', '[', ']', '{', '}', ',']);

function leadingRun(pattern: string, stop: ReadonlySet<string>): string {
  let i = 0;
  while (i < pattern.length && !stop.has(pattern[i]!)) i++;
  return pattern.slice(0, i);
}

function trailingRun(pattern: string, stop: ReadonlySet<string>): string {
  let i = pattern.length;
  while (i > 0 && !stop.has(pattern[i - 1]!)) i--;
  // `ab\` is the literal `ab\`; a run that starts right after an escaping backslash is still literal,
  // but an empty pattern tail says nothing.
  return pattern.slice(i);
}

/**
 * What a plain (non-path) glob requires of a whole value. `lowerCase` for case-insensitive
 * matchers: the literals are lower-cased, and non-ASCII ones are dropped, because JavaScript's
 * `toLowerCase` and the regex `i` flag fold a few non-ASCII letters differently.
 */
export function plainLiteralCheck(pattern: string, lowerCase: boolean, requiredLiteral: string): LiteralCheck {
  const fold = (s: string): string => (lowerCase ? (NON_ASCII.test(s) ? '' : s.toLowerCase()) : s);
  let special = false;
  for (let i = 0; i < pattern.length; i++) if (PLAIN_STOP.has(pattern[i]!) && pattern[i] !== ']' && pattern[i] !== '}' && pattern[i] !== ',') special = true;
  if (!special && (!lowerCase || !NON_ASCII.test(pattern))) {
    return withKind({ exact: lowerCase ? pattern.toLowerCase() : pattern, prefix: '', suffix: '', contains: '', lowerCase, path: false, containsRe: undefined });
  }
  const prefix = special ? fold(leadingRun(pattern, PLAIN_STOP)) : '';
  const suffix = special ? fold(trailingRun(pattern, PLAIN_STOP)) : '';
  const contains = prefix === '' && suffix === '' ? fold(requiredLiteral) : '';
  return withKind({ exact: undefined, prefix, suffix, contains, lowerCase, path: false, containsRe: containsRegExp(contains, lowerCase, false) });
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

function containsRegExp(literal: string, lowerCase: boolean, path: boolean): RegExp | undefined {
  if (literal === '' || (!lowerCase && !path)) return undefined;
  const source = escapeRe(literal);
  return new RegExp(path ? source.replace(/\\\//g, '[/\\\\]') : source, lowerCase ? 'i' : '');
}

/**
 * What a path glob (`path`, `package`) requires of a value, which is lower-cased, has `\` turned
 * into `/`, and may also be tried with a `/` in front. So: no prefix (the retry adds one), and a
 * suffix without its leading `/` (a `**` before it may match nothing, so `libcurl.so` matches).
 */
export function pathLiteralCheck(pattern: string, requiredLiteral: string): LiteralCheck {
  const normalized = pattern.replace(/\\/g, '/');
  const fold = (s: string): string => (NON_ASCII.test(s) ? '' : s.toLowerCase());
  let suffix = fold(trailingRun(normalized, PATH_STOP));
  if (suffix.startsWith('/')) suffix = suffix.slice(1);
  const literal = fold(requiredLiteral);
  // One condition is enough to rule most frames out: keep the longer literal (`.js` ends nearly
  // every path of a JavaScript app, `my-utils/` few).
  const contains = literal.length > suffix.length ? literal : '';
  if (contains !== '') suffix = '';
  return withKind({ exact: undefined, prefix: '', suffix, contains, lowerCase: true, path: true, containsRe: containsRegExp(contains, true, true) });
}

/** Whether the check says nothing (every value passes). */
export function isEmptyCheck(c: LiteralCheck): boolean {
  return c.exact === undefined && c.prefix === '' && c.suffix === '' && c.contains === '';
}

/** A key that is equal for equal checks, to share one evaluation per event. */
export function checkKey(c: LiteralCheck): string {
  return `${c.lowerCase ? 'i' : 's'}\0${c.exact ?? '\u0001'}\0${c.prefix}\0${c.suffix}\0${c.contains}`;
}

/**
 * Does `v` pass? Case-insensitive checks fold ASCII letters while comparing (no lower-cased copy
 * of the value), and path checks accept `\` where the literal has `/`.
 */
export function passes(c: LiteralCheck, v: string): boolean {
  switch (c.kind) {
    case KIND_EXACT:
      return v === c.exact;
    case KIND_PREFIX:
      return v.charCodeAt(0) === c.prefix.charCodeAt(0) && v.charCodeAt(c.prefix.length - 1) === c.prefix.charCodeAt(c.prefix.length - 1) && v.startsWith(c.prefix);
    case KIND_CONTAINS:
      return v.includes(c.contains);
    case KIND_CONTAINS_RE:
      return c.containsRe!.test(v);
  }
  if (c.exact !== undefined) return c.lowerCase ? v.length === c.exact.length && foldedAt(v, 0, c.exact) : v === c.exact;
  const { prefix, suffix } = c;
  if (v.length < prefix.length + suffix.length) return false;
  if (prefix !== '') {
    if (c.lowerCase ? !foldedAt(v, 0, prefix) : v.charCodeAt(0) !== prefix.charCodeAt(0) || !v.startsWith(prefix)) return false;
  }
  if (suffix !== '') {
    if (c.lowerCase ? !foldedAt(v, v.length - suffix.length, suffix) : v.charCodeAt(v.length - 1) !== suffix.charCodeAt(suffix.length - 1) || !v.endsWith(suffix)) return false;
  }
  if (c.contains === '') return true;
  return c.containsRe === undefined ? v.includes(c.contains) : c.containsRe.test(v);
}

/**
 * `v` from `start` equals the lower-case ASCII `literal`, ignoring ASCII case. A `\` in the value
 * also counts as `/` (path values; elsewhere it can only let a value through to its glob).
 */
function foldedAt(v: string, start: number, literal: string): boolean {
  for (let j = 0; j < literal.length; j++) {
    const want = literal.charCodeAt(j);
    let got = v.charCodeAt(start + j);
    if (got === want) continue;
    if (got >= 65 && got <= 90) got += 32;
    else if (got === 92) got = 47;
    // A few non-ASCII letters lower-case to ASCII (the Kelvin sign to `k`): let the glob decide.
    else if (got > 127) continue;
    if (got !== want) return false;
  }
  return true;
}
