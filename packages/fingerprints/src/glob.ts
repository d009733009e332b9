/**
 * A small glob compiler with the semantics Sentry uses for fingerprint matchers (Relay's
 * `is_glob_match`, built on Rust's `globset`). Off-the-shelf JS globbers treat `(`, `)`, `+`, `@`
 * and `!` as extglob syntax and get documented Sentry examples wrong (`"connection error (code: *)"`).
 *
 * Syntax: `*` any run, `?` one character, `[abc]` `[a-z]` `[!a-z]` classes, `{a,b}` alternation,
 * `\x` a literal x. Everything else is literal. The whole value must match.
 */

/** How one matcher globs. */
export interface GlobOptions {
  /** Compare case-insensitively. */
  caseInsensitive: boolean;
  /**
   * Path semantics (Sentry's `path`, `package`, `release` matchers): `*` and `?` stop at `/`, `**`
   * as a whole segment crosses directories, `\` is turned into `/` in pattern and value (so
   * backslash escapes do not exist), and a value without a leading `/` is also tried with one.
   */
  path: boolean;
}

/** A compiled glob: call it with the value to test. */
export type GlobTest = (value: string) => boolean;

const SPECIAL = /[*?[{\\]/;

/** Compiles `pattern` once; the returned function is cheap to call many times. */
export function compileGlob(pattern: string, options: GlobOptions): GlobTest {
  if (options.path) return compilePathGlob(pattern, options.caseInsensitive);
  const fast = fastPath(pattern, options.caseInsensitive);
  if (fast !== undefined) return fast;
  return withPrefilter(regexGlob(pattern, options), requiredLiteral(pattern, false), options.caseInsensitive);
}

/**
 * The glob as one anchored regex and nothing else: the definition of a match. {@link compileGlob}
 * puts fast paths and literal prefilters in front of it for the per-event speed the Node path
 * needs; the browser entry uses it as it is, because those shortcuts cost more bytes than a page
 * gains from them.
 */
export function regexGlob(pattern: string, options: GlobOptions): GlobTest {
  const re = new RegExp(globToRegExpSource(pattern, options), options.caseInsensitive ? 'is' : 's');
  if (!options.path) return (value) => re.test(value);
  return (value) => {
    const v = value.includes('\\') ? value.replace(/\\/g, '/') : value;
    return re.test(v) || (!v.startsWith('/') && re.test(`/${v}`));
  };
}

// A literal every match must contain (the longest top-level run of plain characters) lets most
// non-matching values fail with one `includes` instead of a backtracking regex.
function withPrefilter(test: GlobTest, literal: string, caseInsensitive: boolean): GlobTest {
  if (literal.length < 3) return test;
  if (!caseInsensitive) return (v) => v.includes(literal) && test(v);
  const lower = literal.toLowerCase();
  if (lower === literal.toUpperCase() || /[^ -~]/.test(literal)) {
    // No letters: case does not matter. Non-ASCII: leave folding to the regex.
    return /[^ -~]/.test(literal) ? test : (v) => v.includes(literal) && test(v);
  }
  // Most values (paths, modules) are already lower case: only fold the ones with capitals.
  return (v) => (v.includes(lower) || (HAS_UPPER.test(v) && lowerCase(v).includes(lower))) && test(v);
}

const HAS_UPPER = /[A-Z]/;

// Rule sets test the same exception value or message against many case-insensitive globs in a
// row; remembering the last few lower-cased strings saves an allocation per rule.
const LOWER_KEYS: string[] = ['', '', '', '', '', '', '', ''];
const LOWER_VALUES: string[] = ['', '', '', '', '', '', '', ''];
let lowerNext = 0;
function lowerCase(v: string): string {
  for (let i = 0; i < 8; i++) if (LOWER_KEYS[i] === v) return LOWER_VALUES[i]!;
  const lower = v.toLowerCase();
  LOWER_KEYS[lowerNext] = v;
  LOWER_VALUES[lowerNext] = lower;
  lowerNext = (lowerNext + 1) & 7;
  return lower;
}

function closingIndex(pattern: string, open: number, path: boolean): number {
  const opener = pattern[open]!;
  const closer = opener === '[' ? ']' : '}';
  let depth = 0;
  for (let j = open; j < pattern.length; j++) {
    const c = pattern[j]!;
    if (c === '\\' && !path) {
      j++;
      continue;
    }
    if (opener === '[' && c === ']' && j <= open + 2 && (j === open + 1 || '!^'.includes(pattern[open + 1]!))) continue;
    if (c === opener) depth++;
    else if (c === closer && --depth === 0) return j;
  }
  return -1;
}

/** The longest run of characters that any matching value contains verbatim. */
export function requiredLiteral(pattern: string, path: boolean): string {
  let best = '';
  let run = '';
  const flush = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && !path) {
      if (i + 1 < pattern.length) run += pattern[++i]!;
      continue;
    }
    if (ch === '*' || ch === '?' || ch === '[' || ch === '{') {
      flush();
      // Skip a class or an alternation entirely: its text is optional or variable.
      if (ch === '[' || ch === '{') {
        const close = closingIndex(pattern, i, path);
        if (close === -1) return best;
        i = close;
      }
      // In path globs "**/" may match nothing, so the "/" after it is not required.
      if (path && ch === '*' && pattern[i + 1] === '*') {
        while (pattern[i + 1] === '*') i++;
        if (pattern[i + 1] === '/') i++;
      }
      continue;
    }
    run += ch;
  }
  flush();
  // A leading "/" may come from the retry with a "/" in front of the value: not only when the
  // pattern starts with it, also after anything that can match nothing (`*/my-utils/*` matches
  // `my-utils/c.js` as `/my-utils/c.js`; found by the browser evaluator's differential test).
  return path && best.startsWith('/') ? best.slice(1) : best;
}

/** Translates a glob to the body of an anchored regex. Exposed for tests and `explain`. */
export function globToRegExpSource(pattern: string, options: GlobOptions): string {
  const p = options.path ? pattern.replace(/\\/g, '/') : pattern;
  return `^(?:${translate(p, options.path)})$`;
}

function compilePathGlob(pattern: string, caseInsensitive: boolean): GlobTest {
  const full = regexGlob(pattern, { caseInsensitive, path: true });
  const literal = requiredLiteral(pattern.replace(/\\/g, '/'), true);
  // Backslashes in the value become "/" before matching, so only prefilter values without them.
  const filtered = withPrefilter(full, literal, caseInsensitive);
  return (value) => (value.includes('\\') ? full(value) : filtered(value));
}

// Literal patterns and the common `lit*`, `*lit`, `*lit*` shapes skip the regex engine: rule sets
// are mostly written this way and applyRules runs on every event.
function fastPath(pattern: string, caseInsensitive: boolean): GlobTest | undefined {
  let body = pattern;
  const leading = body.startsWith('*');
  if (leading) body = body.slice(1);
  const trailing = body.endsWith('*') && body.length > 0;
  if (trailing) body = body.slice(0, -1);
  if (SPECIAL.test(body)) return undefined;
  if (body === '' && (leading || trailing)) return () => true;
  if (!caseInsensitive) {
    if (leading && trailing) return (v) => v.includes(body);
    if (leading) return (v) => v.endsWith(body);
    if (trailing) return (v) => v.startsWith(body);
    return (v) => v === body;
  }
  // Only fold when the literal is pure ASCII: JS toLowerCase and regex `i` disagree on a few
  // non-ASCII letters, so those go through the regex like any other glob.
  if (/[^ -~]/.test(body)) return undefined;
  const lower = body.toLowerCase();
  let folded: GlobTest;
  if (leading && trailing) folded = (v) => v.toLowerCase().includes(lower);
  else if (leading) folded = (v) => v.length >= lower.length && v.slice(v.length - lower.length).toLowerCase() === lower;
  else if (trailing) folded = (v) => v.length >= lower.length && v.slice(0, lower.length).toLowerCase() === lower;
  else folded = (v) => v.length === lower.length && v.toLowerCase() === lower;
  // The same goes for the value: toLowerCase turns the Kelvin sign into `k` and `İ` into `i̇`, the
  // regex does not. Those can only make a false match, so a match on a non-ASCII value is
  // confirmed by the regex (rare, and only on matches; found by the browser differential test).
  const confirm = regexGlob(pattern, { caseInsensitive: true, path: false });
  return (v) => folded(v) && (!NON_ASCII.test(v) || confirm(v));
}

const NON_ASCII = /[^\0-\x7f]/;

const escapeRe = (ch: string): string => ch.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

function translate(pattern: string, path: boolean): string {
  return translateRange(pattern, path, { start: 0, stopAt: undefined }).source;
}

interface Cursor {
  start: number;
  /** Inside `{…}`: stop at `,` or `}` (depth handled by recursion). */
  stopAt: ',}' | undefined;
}

function translateRange(pattern: string, path: boolean, cursor: Cursor): { source: string; end: number } {
  const anyChar = path ? '[^/]' : '[\\s\\S]';
  let out = '';
  let i = cursor.start;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (cursor.stopAt !== undefined && (ch === ',' || ch === '}')) break;
    if (ch === '\\' && !path) {
      const next = pattern[i + 1];
      out += next === undefined ? '\\\\' : escapeRe(next);
      i += next === undefined ? 1 : 2;
      continue;
    }
    if (ch === '*') {
      let j = i;
      while (pattern[j] === '*') j++;
      const run = j - i;
      const atSegmentStart = i === 0 || pattern[i - 1] === '/';
      const atSegmentEnd = j === pattern.length || pattern[j] === '/';
      if (path && run >= 2 && atSegmentStart && atSegmentEnd) {
        if (j === pattern.length) {
          // `x/**` (or a bare `**`): everything below.
          out += '[\\s\\S]*';
          i = j;
        } else {
          // `**/x` and `a/**/b`: zero or more whole directories.
          out += '(?:[\\s\\S]*/)?';
          i = j + 1;
        }
        continue;
      }
      out += `${anyChar}*`;
      i = j;
      continue;
    }
    if (ch === '?') {
      out += anyChar;
      i++;
      continue;
    }
    if (ch === '[') {
      const cls = readClass(pattern, i, path);
      if (cls !== undefined) {
        out += cls.source;
        i = cls.end;
        continue;
      }
      out += '\\[';
      i++;
      continue;
    }
    if (ch === '{') {
      const alt = readAlternation(pattern, i, path);
      if (alt !== undefined) {
        out += alt.source;
        i = alt.end;
        continue;
      }
      out += '\\{';
      i++;
      continue;
    }
    out += escapeRe(ch);
    i++;
  }
  return { source: out, end: i };
}

function readClass(pattern: string, open: number, path: boolean): { source: string; end: number } | undefined {
  let i = open + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === ']' && !first) {
      const negation = negate ? (path ? '^/' : '^') : '';
      return { source: `[${negation}${body}]`, end: i + 1 };
    }
    first = false;
    if (ch === '\\' && !path && i + 1 < pattern.length) {
      body += escapeClassChar(pattern[i + 1]!);
      i += 2;
      continue;
    }
    if (ch === '-' && body !== '' && pattern[i + 1] !== ']' && i + 1 < pattern.length) {
      body += '-';
      i++;
      continue;
    }
    body += escapeClassChar(ch);
    i++;
  }
  return undefined;
}

const escapeClassChar = (ch: string): string => (/[\\\]^[-]/.test(ch) ? `\\${ch}` : ch);

function readAlternation(pattern: string, open: number, path: boolean): { source: string; end: number } | undefined {
  const alternatives: string[] = [];
  let i = open + 1;
  for (;;) {
    const part = translateRange(pattern, path, { start: i, stopAt: ',}' });
    alternatives.push(part.source);
    if (part.end >= pattern.length) return undefined;
    i = part.end + 1;
    if (pattern[part.end] === '}') return { source: `(?:${alternatives.join('|')})`, end: i };
  }
}
