// Value rules: find secrets inside any string. Every rule is linear-time: regexes only have
// quantifiers over disjoint character classes or bounded repeats, and the rest is hand-written
// scanning that never revisits a character more than a constant number of times.

import { cardBrandValidPrefix, ibanLength, ibanValid, ipv6Valid, ssnValid } from './checks';
import type { Redact } from './options';
import { BENIGN_VALUES, DIGIT_RUN, FILE_EXTENSIONS, IBAN_START, IPV4, IPV6, JWT, LINE_VALUE_KEY, SSN_DASHED } from './patterns';
import { buildTokenRegex } from './tokens';

/** Cheap facts about a string, gathered in one pass, that decide which rules can possibly match. */
export const F_DIGITS = 1; // a run of >= 9 digits, single spaces/dashes allowed between them
export const F_IP4 = 2; // digit '.' digit, three times (an IPv4 address has three such dots)
export const F_IP6 = 4; // '::' or two hex ':' hex
export const F_AT = 8; // '@' or '%40'
export const F_SEP = 16; // '=' or ':'
export const F_LONG = 32; // a run of >= 16 [A-Za-z0-9_-]
export const F_DASH = 64; // '-' (the PEM rule then looks for '-----BEGIN ' itself)
export const F_SPACE = 128; // ' ' or tab
export const F_LONG_ALPHA = 32768; // F_TOKEN_RUN, and a letter other than a-f (or '_') somewhere in the string
export const F_IBAN = 65536; // F_DIGITS or F_LONG, and an uppercase letter (an IBAN starts with its country code)
// What the JWT and token rules need: a run of >= 15 [A-Za-z0-9_-] (the shortest token, `xoxb-` +
// 10), or a run of >= 15 [A-Za-z0-9_.~+/=-] with an uppercase letter in it. Token bodies may hold
// '.', '~', '+', '/' and '=' (an Entra client secret such as `Wfk8Q~vPZ.JxW2a~eC4gZ9x_ycYXJ.nKw3pZ1bGa`
// has no long run of word characters), and every such format is mixed-case (base64, base62, a
// JWT's `eyJ`), while the URLs, paths and host names that also make such runs are lowercase.
export const F_TOKEN_RUN = 262144;

// Per ASCII character: bit 256 marks [A-Za-z0-9_-] (token characters), the low bits say which
// facts the character hints at. Every fact is a superset of what its rules need, so a rule never
// misses a string it could match.
const WORD = 256;
const C_DIGIT = 512;
const C_DOT = 1024;
const C_COLON = 2048;
const C_PCT = 4096;
const C_BLANK = 8192; // a separator allowed inside a digit run: space, tab, '-'
// A letter that is not lowercase hex, or '_'. Every token format has one (a prefix such as `sk_`,
// `AKIA`, `xoxb-`, `-us`), so ids made of lowercase hex (trace, span and event ids, git SHAs) skip them.
const C_NONHEX = 16384;
const C_UPPER = 131072;
const C_TOKEN_PUNCT = 524288; // '.', '~', '+', '/', '=': inside token bodies, not inside words
const CLASS = new Uint32Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = WORD | C_DIGIT;
for (let c = 65; c <= 90; c++) CLASS[c] = WORD | C_NONHEX | C_UPPER;
for (let c = 97; c <= 122; c++) CLASS[c] = c <= 102 ? WORD : WORD | C_NONHEX;
CLASS[95] = WORD | C_NONHEX;
CLASS[45] = WORD | F_DASH | C_BLANK;
CLASS[32] = F_SPACE | C_BLANK;
CLASS[9] = F_SPACE | C_BLANK;
CLASS[61] = F_SEP | C_TOKEN_PUNCT;
CLASS[58] = F_SEP | C_COLON;
CLASS[46] = C_DOT | C_TOKEN_PUNCT;
for (const c of [126, 43, 47]) CLASS[c] = C_TOKEN_PUNCT;
CLASS[64] = F_AT;
CLASS[37] = C_PCT;

/**
 * One pass over the string with a class table; no regex, no allocation. The loop is kept small
 * (letters, the bulk of text, take one table load, one OR and one test): the table is indexed with
 * `c & 127`, so a non-ASCII character aliases to some ASCII class. That only ever adds facts (more
 * rules run, none is skipped), since non-ASCII characters take no part in any rule's match. Token
 * runs are measured between non-token characters, digit runs between digits.
 */
export function scanFlags(s: string): number {
  let seen = 0;
  let lastBreak = -1; // last character outside [A-Za-z0-9_-]
  let lastTokenBreak = -1; // last character outside [A-Za-z0-9_.~+/=-]
  let lastUpper = -1;
  let lastDigit = -3;
  let digits = 0; // digits in the current run (single blanks allowed between them)
  let dottedDigits = 0; // digit '.' digit seen so far
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const k = CLASS[s.charCodeAt(i) & 127]!;
    seen |= k;
    if ((k & WORD) === 0) {
      if (i - lastBreak > 15) seen |= i - lastBreak > 16 ? F_LONG | F_TOKEN_RUN : F_TOKEN_RUN;
      lastBreak = i;
      if ((k & C_TOKEN_PUNCT) === 0) {
        if (i - lastTokenBreak > 15 && lastUpper > lastTokenBreak) seen |= F_TOKEN_RUN;
        lastTokenBreak = i;
      }
    } else if ((k & C_UPPER) !== 0) {
      lastUpper = i;
    } else if ((k & C_DIGIT) !== 0) {
      const gap = i - lastDigit;
      lastDigit = i;
      if (gap === 1) {
        if (++digits >= 9) seen |= F_DIGITS;
      } else if (gap === 2) {
        const between = CLASS[s.charCodeAt(i - 1) & 127]!;
        if ((between & C_BLANK) !== 0) {
          if (++digits >= 9) seen |= F_DIGITS;
        } else {
          digits = 1;
          // Versions (`6.1.0`) and times (`00:00.000`) have fewer than three.
          if ((between & C_DOT) !== 0 && ++dottedDigits >= 3) seen |= F_IP4;
        }
      } else {
        digits = 1;
      }
    }
  }
  if (n - lastBreak > 15) seen |= n - lastBreak > 16 ? F_LONG | F_TOKEN_RUN : F_TOKEN_RUN;
  if (n - lastTokenBreak > 15 && lastUpper > lastTokenBreak) seen |= F_TOKEN_RUN;
  let flags = seen & (F_SPACE | F_SEP | F_AT | F_DASH | F_LONG | F_DIGITS | F_IP4 | F_TOKEN_RUN);
  if ((seen & F_TOKEN_RUN) !== 0 && (seen & C_NONHEX) !== 0) flags |= F_LONG_ALPHA;
  if ((seen & (F_DIGITS | F_LONG)) !== 0 && (seen & C_UPPER) !== 0) flags |= F_IBAN;
  if ((seen & C_COLON) !== 0 && hasIpv6Hint(s)) flags |= F_IP6;
  if ((seen & C_PCT) !== 0 && s.includes('%40')) flags |= F_AT;
  return flags;
}

/** '::', or two ':' each between hex digits. */
function hasIpv6Hint(s: string): boolean {
  let colonHex = 0;
  for (let i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) {
    const next = s.charCodeAt(i + 1);
    if (next === 58) return true;
    if (isHex(s.charCodeAt(i - 1)) && isHex(next) && ++colonHex >= 2) return true;
  }
  return false;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}


/** A value rule: its id, which flags must be set for it to run, and the rewrite. */
export interface TextRule {
  readonly id: string;
  readonly trigger: number;
  apply(s: string, redact: Redact): string;
}

/** Output of an earlier redaction (`[Filtered]`, `[hash:…]`, `***`) is never redacted again. */
export function isPlaceholder(secret: string): boolean {
  return isPlaceholderAt(secret, 0, secret.length);
}

/** {@link isPlaceholder} of `s.slice(start, end)`, read in place (no substring is built). */
function isPlaceholderAt(s: string, start: number, end: number): boolean {
  const c = s.charCodeAt(start);
  if (c === 91 /* [ */) return start < end;
  if (c === 42 /* * */) {
    for (let i = start + 1; i < end; i++) if (s.charCodeAt(i) !== 42) return false;
    return start < end;
  }
  return false;
}

/** Collects replacements left to right without building anything until the first one. */
class Rewriter {
  private out = '';
  private last = 0;
  changed = false;
  constructor(private readonly s: string) {}
  /** Replace [start, end); returns false if the span was skipped. */
  put(span: { start: number; end: number }, redact: Redact): boolean {
    // A span that overlaps the previous one only redacts what lies beyond it.
    const start = Math.max(span.start, this.last);
    if (span.end <= start) return false;
    if (isPlaceholderAt(this.s, start, span.end)) return false;
    const secret = this.s.slice(start, span.end);
    const replacement = redact(secret);
    if (replacement === secret) return false;
    this.out += this.s.slice(this.last, start) + replacement;
    this.last = span.end;
    this.changed = true;
    return true;
  }
  result(): string {
    return this.changed ? this.out + this.s.slice(this.last) : this.s;
  }
}

type Span = { start: number; end: number };
/** A global regex and what to redact for each match (undefined keeps the match). */
interface Scan {
  re: RegExp;
  pick: (m: RegExpExecArray, s: string) => Span | undefined;
}

/** Runs a scan; allocates nothing unless something is redacted. */
function rewrite(s: string, scan: Scan, redact: Redact): string {
  const { re, pick } = scan;
  re.lastIndex = 0;
  let m = re.exec(s);
  if (m === null) return s;
  let w: Rewriter | undefined;
  do {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const span = pick(m, s);
    if (span) (w ??= new Rewriter(s)).put(span, redact);
  } while ((m = re.exec(s)) !== null);
  return w ? w.result() : s;
}

const whole = (m: RegExpExecArray): Span => ({ start: m.index, end: m.index + m[0].length });

// ---------------------------------------------------------------------------------------------
// PEM private keys: indexOf-driven, so an unterminated or repeated BEGIN line costs one pass.

function applyPem(s: string, redact: Redact): string {
  let w: Rewriter | undefined;
  let from = 0;
  for (;;) {
    const begin = s.indexOf('-----BEGIN ', from);
    if (begin < 0) break;
    const labelEnd = s.indexOf('-----', begin + 11);
    if (labelEnd < 0 || labelEnd - begin > 80) {
      from = begin + 11;
      continue;
    }
    if (!s.slice(begin + 11, labelEnd).includes('PRIVATE KEY')) {
      from = labelEnd + 5;
      continue;
    }
    let bodyStart = labelEnd + 5;
    const end = s.indexOf('-----END ', bodyStart);
    // A truncated key (no END line) is still a key: redact to the end of the string.
    let bodyEnd = end < 0 ? s.length : end;
    while (bodyStart < bodyEnd && isSpaceOrEscape(s, bodyStart)) bodyStart += s.charCodeAt(bodyStart) === 92 ? 2 : 1;
    while (bodyEnd > bodyStart && isSpaceOrEscapeEnd(s, bodyEnd)) bodyEnd -= s.charCodeAt(bodyEnd - 2) === 92 ? 2 : 1;
    (w ??= new Rewriter(s)).put({ start: bodyStart, end: bodyEnd }, redact);
    from = end < 0 ? s.length : end + 9;
  }
  return w ? w.result() : s;
}

function isSpaceOrEscape(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c === 10 || c === 13 || c === 32 || c === 9 || (c === 92 && (s[i + 1] === 'n' || s[i + 1] === 'r'));
}

function isSpaceOrEscapeEnd(s: string, end: number): boolean {
  const c = s.charCodeAt(end - 1);
  if (c === 10 || c === 13 || c === 32 || c === 9) return true;
  return (c === 110 || c === 114) && s.charCodeAt(end - 2) === 92;
}

// ---------------------------------------------------------------------------------------------
// Payment cards: take maximal digit runs (single space/dash between digits), then try every window
// of consecutive groups with 13-19 digits: O(groups x 19), no regex backtracking.

// DIGIT_RUN: a simple class run (no nested quantifier), so V8 runs it fast; double separators are
// split below. At least 12 characters, so the many short digit runs of an event never allocate a match.

/**
 * Scratch arrays reused across calls (scrubbing is synchronous), so a scan allocates nothing.
 * They are written by index and never truncated: truncating releases the backing store, and the
 * next pushes would allocate it again.
 */
const GROUPS = { starts: [] as number[], ends: [] as number[] };

function applyCards(s: string, redact: Redact): string {
  let w: Rewriter | undefined;
  DIGIT_RUN.lastIndex = 0;
  const { starts, ends } = GROUPS;
  // test() rather than exec(): no match array per candidate (phone numbers, ids), and the match
  // is recovered from lastIndex. The match is a maximal run of [0-9 -] (greedy, and the previous
  // match ended at a non-run character), starting at the run's first digit.
  while (DIGIT_RUN.test(s)) {
    let runEnd = DIGIT_RUN.lastIndex;
    let runStart = runEnd;
    while (runStart > 0 && isDigitOrSep(s.charCodeAt(runStart - 1))) runStart--;
    while (!isDigit(s.charCodeAt(runStart))) runStart++;
    if (runEnd - runStart < 13) continue;
    while (!isDigit(s.charCodeAt(runEnd - 1))) runEnd--;
    // Digits glued to letters (hex ids, version strings) are not a card: such an end group is excluded.
    const gluedLeft = isWordChar(s.charCodeAt(runStart - 1));
    const gluedRight = isWordChar(s.charCodeAt(runEnd));
    let count = 0;
    let g = runStart;
    for (let i = runStart; i <= runEnd; i++) {
      if (i < runEnd && isDigit(s.charCodeAt(i))) continue;
      starts[count] = g;
      ends[count++] = i;
      // Two separators in a row end a number: mark the gap so windows never span it.
      if (i + 1 < runEnd && !isDigit(s.charCodeAt(i + 1))) {
        starts[count] = -1;
        ends[count++] = -1;
        while (i + 1 < runEnd && !isDigit(s.charCodeAt(i + 1))) i++;
      }
      g = i + 1;
    }
    for (let a = 0; a < count; a++) {
      if (starts[a]! < 0) continue;
      // The longest window of <= 19 digits first: a 19-digit card also has a 16-digit prefix.
      let digits = 0;
      let last = a - 1;
      while (last + 1 < count && starts[last + 1]! >= 0 && digits + ends[last + 1]! - starts[last + 1]! <= 19) {
        last++;
        digits += ends[last]! - starts[last]!;
      }
      for (let b = last; b >= a && digits >= 13; b--) {
        const glued = (gluedLeft && a === 0) || (gluedRight && b === count - 1) || dashJoined(s, starts[a]!, ends[b]!);
        if (!glued && groupsLookLikeCard(GROUPS, a, b) && isCard(s, starts[a]!, ends[b]!)) {
          (w ??= new Rewriter(s)).put({ start: starts[a]!, end: ends[b]! }, redact);
          a = b;
          break;
        }
        digits -= ends[b]! - starts[b]!;
      }
    }
  }
  return w ? w.result() : s;
}

/**
 * Card numbers are printed compact, in fours (4-4-4-4, 4-4-4-4-3) or as Amex/Diners 4-6-5 / 4-6-4.
 * Other groupings (phone numbers, amounts, id lists) are not cards even when Luhn happens to pass.
 */
function groupsLookLikeCard(groups: { starts: number[]; ends: number[] }, a: number, b: number): boolean {
  if (a === b) return true;
  const { starts, ends } = groups;
  const lenB = ends[b]! - starts[b]!;
  if (b - a === 2 && ends[a]! - starts[a]! === 4 && ends[a + 1]! - starts[a + 1]! === 6 && (lenB === 5 || lenB === 4)) return true;
  for (let i = a; i < b; i++) if (ends[i]! - starts[i]! !== 4) return false;
  return lenB >= 1 && lenB <= 4;
}

/**
 * Digits joined by '-' to more characters are part of an id (traceparent, UUID) or run into a date
 * (`+1 200 555 3821 2365 2024-04-01`: `3821 2365 2024-04` is a Luhn-valid Diners number), not a card.
 */
function dashJoined(s: string, start: number, end: number): boolean {
  return (s.charCodeAt(start - 1) === 45 && isWordChar(s.charCodeAt(start - 2))) || (s.charCodeAt(end) === 45 && isWordChar(s.charCodeAt(end + 1)));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isDigitOrSep(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 32 || c === 45;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Brand (from the first six digits) then Luhn, reading digits in place: no string is built. */
function isCard(s: string, start: number, end: number): boolean {
  let p6 = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c) && ++digits <= 6) p6 = p6 * 10 + c - 48;
  }
  if (!cardBrandValidPrefix(p6, digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = end - 1; i >= start; i--) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) continue;
    let d = c - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------------------------------------
// US SSNs: dashed anywhere; undashed or spaced only right after an "ssn"/"social security" word.

/** Case-insensitive source for a word without the `i` flag (V8 allocates on every `i` exec). */
function ci(word: string): string {
  return word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

const SSN_KEYWORD = new RegExp(
  `\\b(?:${ci('ssn')}|${ci('social')}[ _-]?${ci('security')}(?:[ _-]?(?:${ci('number')}|${ci('num')}|${ci('no')}))?)\\b[^0-9A-Za-z]{0,5}(\\d{3})[ -]?(\\d{2})[ -]?(\\d{4})(?!\\d)`,
  'g',
);

const SSN_DASHED_SCAN: Scan = { re: SSN_DASHED, pick: (m) => (ssnValid(m[1]!, m[2]!, m[3]!) ? whole(m) : undefined) };
const SSN_KEYWORD_SCAN: Scan = {
  re: SSN_KEYWORD,
  pick(m) {
    if (!ssnValid(m[1]!, m[2]!, m[3]!)) return undefined;
    const end = m.index + m[0].length;
    return { start: m.index + m[0].search(/\d/), end };
  },
};

function applySsn(s: string, redact: Redact): string {
  return rewrite(rewrite(s, SSN_DASHED_SCAN, redact), SSN_KEYWORD_SCAN, redact);
}

// ---------------------------------------------------------------------------------------------
// IBANs: a country code with a known length, then exactly that many characters (single spaces
// allowed between groups), then ISO 7064 mod 97.


const IBAN_SCAN: Scan = {
  re: IBAN_START,
  pick(m, s) {
    const length = ibanLength(m[1]!);
    if (length === 0) return undefined;
    let compact = s.slice(m.index, m.index + 4);
    let i = m.index + 4;
    let lastSpace = false;
    while (compact.length < length && i < s.length) {
      const c = s.charCodeAt(i);
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
        compact += s[i];
        lastSpace = false;
      } else if (c === 32 && !lastSpace) {
        lastSpace = true;
      } else {
        break;
      }
      i++;
    }
    if (compact.length !== length || isWordChar(s.charCodeAt(i)) || !ibanValid(compact)) return undefined;
    IBAN_START.lastIndex = i;
    return { start: m.index, end: i };
  },
};

function applyIban(s: string, redact: Redact): string {
  return rewrite(s, IBAN_SCAN, redact);
}

// ---------------------------------------------------------------------------------------------
// URL userinfo, auth schemes, JWTs, well-known tokens.

function isUserinfoChar(c: number): boolean {
  // anything but whitespace / ? # @ " ' < > \\
  return c > 32 && c !== 47 && c !== 63 && c !== 35 && c !== 64 && c !== 34 && c !== 39 && c !== 60 && c !== 62 && c !== 92;
}

/** `scheme://user:pass@`: anchored on each '@', scanning back at most 256 characters. */
function applyUrlAuth(s: string, redact: Redact): string {
  let w: Rewriter | undefined;
  for (let at = s.indexOf('@'); at >= 0; at = s.indexOf('@', at + 1)) {
    let u = at;
    while (u > 0 && at - u < 256 && isUserinfoChar(s.charCodeAt(u - 1))) u--;
    if (u === at || s.charCodeAt(u - 1) !== 47 || s.charCodeAt(u - 2) !== 47 || s.charCodeAt(u - 3) !== 58) continue;
    const c = s.charCodeAt(u - 4);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57))) continue;
    (w ??= new Rewriter(s)).put({ start: u, end: at }, redact);
  }
  return w ? w.result() : s;
}

const AUTH_SCHEME = new RegExp(`\\b(?:${['bearer', 'basic', 'token', 'negotiate'].map(ci).join('|')})[ \\t]+[A-Za-z0-9._~+/=-]{6,}`, 'g');

function isCredentialChar(c: number): boolean {
  // [A-Za-z0-9._~+/=-]
  return isWordChar(c) || c === 46 || c === 126 || c === 43 || c === 47 || c === 61 || c === 45;
}

/**
 * `Bearer …`, `Basic …`: test() plus positions recovered from lastIndex, so prose that merely
 * mentions a scheme ("token refreshed for u_4") costs no match array. The credential is the
 * maximal run of credential characters ending at lastIndex (the regex is greedy and the run
 * cannot include the blank before it); the scheme word ends at the blanks before that.
 */
function applyAuthScheme(s: string, redact: Redact): string {
  let w: Rewriter | undefined;
  AUTH_SCHEME.lastIndex = 0;
  while (AUTH_SCHEME.test(s)) {
    const end = AUTH_SCHEME.lastIndex;
    let start = end;
    while (isCredentialChar(s.charCodeAt(start - 1))) start--;
    if (looksLikeCredential(s, start, end)) (w ??= new Rewriter(s)).put({ start, end }, redact);
  }
  return w ? w.result() : s;
}

/** Whether `s.slice(start, end)` holds a digit, or also '=' if `orEquals` (read in place). */
function hasDigit(s: string, span: Span, orEquals: boolean): boolean {
  for (let i = span.start; i < span.end; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c) || (orEquals && c === 61)) return true;
  }
  return false;
}

/**
 * Prose such as "Basic setup" or "bearer of bad news" is kept; real credentials are not.
 * `s.slice(start, end)` is the credential; the scheme word precedes it, after blanks.
 */
function looksLikeCredential(s: string, start: number, end: number): boolean {
  let schemeEnd = start;
  while (s.charCodeAt(schemeEnd - 1) === 32 || s.charCodeAt(schemeEnd - 1) === 9) schemeEnd--;
  const length = end - start;
  // Only `basic` (5 letters, starting with "ba") is judged differently from the other schemes.
  if (schemeEnd >= 5 && (s.charCodeAt(schemeEnd - 5) | 32) === 98 && (s.charCodeAt(schemeEnd - 4) | 32) === 97) {
    if (length >= 16 && hasDigit(s, { start, end }, true)) return true;
    try {
      return typeof atob === 'function' && atob(s.slice(start, end)).includes(':');
    } catch {
      return false;
    }
  }
  return length >= 16 || (length >= 8 && hasDigit(s, { start, end }, false));
}


const JWT_SCAN: Scan = { re: JWT, pick: whole };

function applyJwt(s: string, redact: Redact): string {
  // Every JWT starts with `eyJ` (base64 of `{"`): one native search rejects nearly every string.
  return s.includes('eyJ') ? rewrite(s, JWT_SCAN, redact) : s;
}

const TOKEN_SCAN: Scan = { re: buildTokenRegex(), pick: whole };

function applyTokens(s: string, redact: Redact): string {
  return rewrite(s, TOKEN_SCAN, redact);
}

// ---------------------------------------------------------------------------------------------
// Emails and IP addresses.

const FILE_EXTENSION_SET = new Set(FILE_EXTENSIONS);

function allLetters(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return false;
  }
  return true;
}

function isLocalChar(c: number): boolean {
  // [A-Za-z0-9._%+-]
  return isWordChar(c) || c === 46 || c === 37 || c === 43 || c === 45;
}

function isLabelChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
}

/** Emails, anchored on each '@' (or URL-encoded '%40'): local part back <= 64, domain forward <= 255. */
function applyEmail(s: string, redact: Redact): string {
  let w: Rewriter | undefined;
  let from = 0;
  // Next '@' and next '%40' tracked separately, so each indexOf scans every character once.
  let at = s.indexOf('@');
  let pct = s.indexOf('%40');
  for (;;) {
    if (at >= 0 && at < from) at = s.indexOf('@', from);
    if (pct >= 0 && pct < from) pct = s.indexOf('%40', from);
    if (at < 0 && pct < 0) break;
    const isPct = at < 0 || (pct >= 0 && pct < at);
    const sep = isPct ? pct : at;
    const domainStart = sep + (isPct ? 3 : 1);
    from = domainStart;
    let ls = sep;
    while (ls > 0 && sep - ls < 64 && isLocalChar(s.charCodeAt(ls - 1))) ls--;
    if (ls === sep) continue;
    let e = domainStart;
    let lastDot = -1;
    while (e < s.length && e - domainStart < 255) {
      const c = s.charCodeAt(e);
      if (isLabelChar(c)) e++;
      else if (c === 46 && isLabelChar(s.charCodeAt(e + 1)) && e > domainStart) {
        lastDot = e;
        e++;
      } else break;
    }
    if (lastDot < 0) continue;
    // The TLD is checked in place; only a short one (every file extension has <= 5 characters)
    // is sliced for the extension lookup.
    const tldLength = e - lastDot - 1;
    if (tldLength < 2 || tldLength > 24 || !allLetters(s, lastDot + 1, e)) continue;
    if (tldLength <= 5 && FILE_EXTENSION_SET.has(s.slice(lastDot + 1, e).toLowerCase())) continue;
    (w ??= new Rewriter(s)).put({ start: ls, end: e }, redact);
    from = e;
  }
  return w ? w.result() : s;
}


const IPV4_SCAN: Scan = { re: IPV4, pick: whole };
const IPV6_SCAN: Scan = { re: IPV6, pick: (m) => (ipv6Valid(m[0]) ? whole(m) : undefined) };

function applyIpv4(s: string, redact: Redact): string {
  return rewrite(s, IPV4_SCAN, redact);
}

function applyIpv6(s: string, redact: Redact): string {
  return rewrite(s, IPV6_SCAN, redact);
}

// ---------------------------------------------------------------------------------------------
// key=value, "key": "value", key: value, query strings, SQL: the value of any sensitive key.

/** Key tester shared with the object walker, so text and objects agree on what is sensitive. */
export type KeyTest = (key: string) => boolean;

function isKeyChar(c: number): boolean {
  return isWordChar(c) || c === 45 || c === 46;
}

function isValueEnd(c: number): boolean {
  // whitespace & ; , quotes < > ( ) [ ] { } and backslash
  return (
    c <= 32 || c === 38 || c === 59 || c === 44 || c === 34 || c === 39 || c === 60 || c === 62 || c === 41 ||
    c === 93 || c === 125 || c === 92 || c === 40 || c === 123
  );
}


/** Whether `s.slice(start, end)` is one of {@link BENIGN_VALUES}, any case, compared in place. */
function isBenignValue(s: string, start: number, end: number): boolean {
  const length = end - start;
  outer: for (const word of BENIGN_VALUES) {
    if (word.length !== length) continue;
    for (let i = 0; i < length; i++) {
      const c = s.charCodeAt(start + i);
      // ASCII letters only: `| 32` lowercases A-Z; non-letters fold to values no word contains.
      if ((c >= 65 && c <= 90 ? c | 32 : c) !== word.charCodeAt(i)) continue outer;
    }
    return true;
  }
  return false;
}
const MAX_VALUE = 4096;

const KEY_TEXT_LIMIT = 1024;

/**
 * The key test for keys read out of text, without building the key's substring when the same key
 * was seen before: a hash of the characters finds the cached key, which is compared in place.
 * Clean text full of `customer_id = $1` then allocates nothing. Bounded; dropped when full.
 */
function keyTextTest(isSensitive: KeyTest): (s: string, start: number, end: number) => boolean {
  const cache = new Map<number, { key: string; sensitive: boolean }>();
  return (s, start, end) => {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    const hit = cache.get(h);
    if (hit !== undefined && s.startsWith(hit.key, start) && hit.key.length === end - start) return hit.sensitive;
    const key = s.slice(start, end);
    const sensitive = isSensitive(key);
    if (cache.size >= KEY_TEXT_LIMIT) cache.clear();
    cache.set(h, { key, sensitive });
    return sensitive;
  };
}

/** Build the key=value rule around a key test. */
export function keyValueRule(isSensitive: KeyTest): TextRule {
  const keyIsSensitive = keyTextTest(isSensitive);
  return {
    id: 'keyValue',
    trigger: F_SEP,
    apply(s, redact) {
      let w: Rewriter | undefined;
      const n = s.length;
      let floor = 0;
      // Next '=' and next ':' are tracked separately so each indexOf scans every character once.
      let nextEq = s.indexOf('=');
      let nextColon = s.indexOf(':');
      for (;;) {
        if (nextEq >= 0 && nextEq < floor) nextEq = s.indexOf('=', floor);
        if (nextColon >= 0 && nextColon < floor) nextColon = s.indexOf(':', floor);
        if (nextEq < 0 && nextColon < 0) break;
        const i = nextEq < 0 ? nextColon : nextColon < 0 ? nextEq : Math.min(nextEq, nextColon);
        const c = s.charCodeAt(i);
        if (c === 61) nextEq = s.indexOf('=', i + 1);
        else nextColon = s.indexOf(':', i + 1);
        if (c === 58 && s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 47) continue; // scheme://
        let keyEnd = i;
        for (let back = 0; back < 3 && keyEnd > floor; back++) {
          const p = s.charCodeAt(keyEnd - 1);
          if (p === 34 || p === 39 || p === 92 || p === 32) keyEnd--;
          else break;
        }
        let keyStart = keyEnd;
        while (keyStart > floor && keyEnd - keyStart < 64 && isKeyChar(s.charCodeAt(keyStart - 1))) keyStart--;
        // One-character keys (`q=0.9`) and keys starting with a digit (times, dates) are never
        // sensitive; skipping them before slicing keeps clean strings allocation-free.
        const k0 = s.charCodeAt(keyStart);
        if (keyEnd - keyStart < 2 || (isDigit(k0) && k0 !== 50)) continue;
        if (!keyIsSensitive(s, keyStart, keyEnd)) continue;
        let v = i + 1;
        if (s.charCodeAt(v) === c) continue; // `==`, `::` are operators, not assignments
        while (v < n && v - i <= 3 && (s.charCodeAt(v) === 32 || s.charCodeAt(v) === 9)) v++;
        let quote = 0;
        if (s.charCodeAt(v) === 92 && (s.charCodeAt(v + 1) === 34 || s.charCodeAt(v + 1) === 39)) v++;
        const q = s.charCodeAt(v);
        if (q === 34 || q === 39) {
          quote = q;
          v++;
        }
        let e = v;
        const limit = Math.min(n, v + MAX_VALUE);
        if (quote !== 0) {
          while (e < limit && s.charCodeAt(e) !== quote) e++;
          if (e > v && s.charCodeAt(e - 1) === 92) e--;
        } else if (c === 58 && LINE_VALUE_KEY.test(s.slice(keyStart, keyEnd))) {
          while (e < limit && s.charCodeAt(e) !== 10 && s.charCodeAt(e) !== 13) e++;
        } else {
          while (e < limit && !isValueEnd(s.charCodeAt(e))) e++;
        }
        if (e === v) continue;
        if (isBenignValue(s, v, e)) continue;
        // A placeholder (`[Filtered]`, `***`) is skipped by put() anyway: don't allocate for it.
        if (w !== undefined || !isPlaceholderAt(s, v, e)) (w ??= new Rewriter(s)).put({ start: v, end: e }, redact);
        // After a quoted value, keep looking inside it: an unbalanced quote may have swallowed
        // the next `key=value` (whose value then lies past the closing quote we stopped at).
        floor = quote !== 0 ? v : e;
      }
      return w ? w.result() : s;
    },
  };
}

/** The built-in value rules in the order they run (urlAuth before email, jwt before authHeader). */
export const BUILTIN_RULES: Record<string, TextRule> = {
  pemKey: { id: 'pemKey', trigger: F_DASH, apply: applyPem },
  urlAuth: { id: 'urlAuth', trigger: F_AT, apply: applyUrlAuth },
  jwt: { id: 'jwt', trigger: F_TOKEN_RUN, apply: applyJwt },
  tokens: { id: 'tokens', trigger: F_LONG_ALPHA, apply: applyTokens },
  authHeader: { id: 'authHeader', trigger: F_SPACE, apply: applyAuthScheme },
  creditCard: { id: 'creditCard', trigger: F_DIGITS, apply: applyCards },
  iban: { id: 'iban', trigger: F_IBAN, apply: applyIban },
  ssn: { id: 'ssn', trigger: F_DIGITS, apply: applySsn },
  email: { id: 'email', trigger: F_AT, apply: applyEmail },
  ipv4: { id: 'ipv4', trigger: F_IP4, apply: applyIpv4 },
  ipv6: { id: 'ipv6', trigger: F_IP6, apply: applyIpv6 },
};

/** A custom pattern as a rule. */
export function customRule(re: RegExp, group: number): TextRule {
  const scan: Scan = {
    re,
    pick(m) {
      if (group === 0) return whole(m);
      const span = m.indices?.[group];
      return span ? { start: span[0], end: span[1] } : undefined;
    },
  };
  return { id: 'custom', trigger: 0, apply: (s, redact) => rewrite(s, scan, redact) };
}
