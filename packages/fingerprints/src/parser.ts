import { FingerprintRuleSyntaxError, type FingerprintRuleSyntaxErrorCode } from './errors';
import { canonicalKey, parseBool, WHOLE_VARIABLE } from './internal/keys';
import type { FingerprintMatcher, FingerprintRule, FingerprintRuleAttributes } from './types';

/**
 * Parses Sentry's fingerprint-rules text (Project Settings > Issue Grouping > Fingerprint Rules)
 * into rule objects. Accepts exactly what Sentry's grammar accepts, one rule per line:
 *
 * ```text
 * # comments start a line
 * error.type:DatabaseUnavailable -> system-down
 * error.value:"connection error: *" -> connection-error, {{ transaction }}
 * logger:my.package.* level:error -> error-logger, {{ logger }} title="Error from Logger {{ logger }}"
 * ```
 *
 * @throws {FingerprintRuleSyntaxError} with line, column, what was expected and what was found.
 */
export function parseRules(text: string): FingerprintRule[] {
  if (typeof text !== 'string') {
    throw new TypeError(`parseRules expects the rules as a string, got ${text === null ? 'null' : typeof text}`);
  }
  const rules: FingerprintRule[] = [];
  let offset = 0;
  let lineNo = 1;
  // Sentry's NEWLINE is one "\r" or "\n", so "\r\n" reads as a break plus an empty line: the same
  // rules either way. Lines are numbered the way editors count them ("\r\n" is one break).
  const LINE = /([^\r\n]*)(\r\n|\r|\n|$)/y;
  for (;;) {
    const m = LINE.exec(text)!;
    const rule = new LineParser(text, m[1]!, { offset, lineNo }).parse();
    if (rule !== undefined) rules.push(rule);
    if (m[2] === '') break;
    offset += m[0].length;
    lineNo++;
  }
  return rules;
}

const KEY_CHAR = /[A-Za-z0-9_.-]/;
const QUOTED_KEY_CHAR = /[A-Za-z0-9_.:-]/;
const VARIABLE_TOKEN = /\{\{\s*\S+\s*\}\}/y;
const UNQUOTED_PART = /[^\s{,]+/y;
// Python's \S (unicode-aware) for unquoted matcher arguments.
const ARG_TOKEN = /\S+/uy;

interface LinePosition {
  offset: number;
  lineNo: number;
}

class LineParser {
  private i = 0;

  constructor(
    private readonly whole: string,
    private readonly line: string,
    private readonly at: LinePosition,
  ) {}

  parse(): FingerprintRule | undefined {
    this.skipSpaces();
    if (this.i >= this.line.length) return undefined;
    if (this.line[this.i] === '#') return undefined;
    const matchers = this.parseMatchers();
    this.i += 2; // "->"
    const { parts, attributes } = this.parseFingerprint();
    const rule: FingerprintRule = {
      matchers,
      fingerprint: parts,
      attributes,
      text: ruleText({ matchers, fingerprint: parts, attributes }),
      line: this.at.lineNo,
    };
    return rule;
  }

  private parseMatchers(): FingerprintMatcher[] {
    const matchers: FingerprintMatcher[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.line.startsWith('->', this.i)) {
        if (matchers.length > 0) return matchers;
        this.fail({ code: 'syntax', expected: ['a matcher such as error.type:ValueError'], hint: 'a rule starts with at least one matcher before "->"' });
      }
      matchers.push(this.parseMatcher(matchers.length));
    }
  }

  private parseMatcher(index: number): FingerprintMatcher {
    let negated = false;
    if (this.line[this.i] === '!') {
      negated = true;
      this.i++;
    }
    const keyStart = this.i;
    const key = this.readKey();
    if (key === undefined) {
      const expected = index === 0 ? ['a matcher such as error.type:ValueError'] : ['"->"', 'another matcher'];
      const hint = this.line.startsWith('=>', this.i) || this.line.startsWith('=', this.i) ? 'the arrow is "->"' : undefined;
      this.fail({ code: 'syntax', expected: negated ? ['a matcher key after "!"'] : expected, hint });
    }
    if (this.line[this.i] !== ':') {
      this.fail({
        code: 'syntax',
        expected: ['":" after the matcher key'],
        hint: this.line[this.i] === '=' ? `matchers are written key:value, e.g. ${key}:value` : undefined,
      });
    }
    this.i++;
    const canonical = canonicalKey(key);
    if (canonical === undefined) {
      this.fail({
        code: 'unknown-matcher',
        at: keyStart,
        message: `Unknown matcher '${key}'`,
        expected: ['a matcher key'],
        found: `"${key}"`,
        hint: suggestKey(key),
      });
    }
    const argStart = this.i;
    const pattern = this.readArgument(key);
    if (canonical === 'app' && parseBool(pattern) === undefined) {
      this.fail({
        code: 'invalid-value',
        at: argStart,
        message: `Invalid value '${pattern}' for matcher 'app'`,
        expected: ['yes, no, true, false, 1 or 0'],
        found: `"${pattern}"`,
        hint: 'Sentry would accept this rule but it could never match a frame',
      });
    }
    return { key: canonical, pattern, negated };
  }

  private readKey(): string | undefined {
    if (this.line[this.i] === '"') {
      let j = this.i + 1;
      while (j < this.line.length && QUOTED_KEY_CHAR.test(this.line[j]!)) j++;
      if (j === this.i + 1 || this.line[j] !== '"') return undefined;
      const key = this.line.slice(this.i + 1, j);
      this.i = j + 1;
      return key;
    }
    let j = this.i;
    while (j < this.line.length && KEY_CHAR.test(this.line[j]!)) j++;
    if (j === this.i) return undefined;
    const key = this.line.slice(this.i, j);
    this.i = j;
    return key;
  }

  private readArgument(key: string): string {
    if (this.line[this.i] === '"') return this.readQuoted();
    ARG_TOKEN.lastIndex = this.i;
    const m = ARG_TOKEN.exec(this.line);
    if (m === null) {
      this.fail({ code: 'syntax', expected: [`a value after "${key}:" (a glob, quoted if it contains spaces)`] });
    }
    this.i += m[0].length;
    return m[0];
  }

  private readQuoted(): string {
    const open = this.i;
    let j = this.i + 1;
    while (j < this.line.length && this.line[j] !== '"') j += this.line[j] === '\\' ? 2 : 1;
    if (j >= this.line.length) {
      this.fail({ code: 'syntax', at: this.line.length, expected: ['a closing \'"\''], hint: `the string opened at column ${open + 1} is never closed` });
    }
    this.i = j + 1;
    return unescapePython(this.line.slice(open + 1, j));
  }

  private parseFingerprint(): { parts: string[]; attributes: FingerprintRuleAttributes } {
    const parts: string[] = [];
    const attributes: FingerprintRuleAttributes = {};
    let values = 0;
    for (;;) {
      this.skipSpaces();
      if (this.i >= this.line.length) {
        if (values === 0) {
          this.fail({ code: 'syntax', expected: ['a fingerprint after "->" (e.g. my-group, {{ default }})'] });
        }
        return { parts, attributes };
      }
      const attr = this.tryAttribute();
      if (attr !== undefined) {
        attributes.title = attr;
      } else if (this.line[this.i] === '"') {
        parts.push(normalizePart(this.readQuoted()));
      } else {
        parts.push(normalizePart(this.readUnquotedPart()));
      }
      values++;
      this.skipSpaces();
      if (this.line[this.i] === ',') this.i++;
    }
  }

  private tryAttribute(): string | undefined {
    const save = this.i;
    const keyStart = this.i;
    const key = this.readKey();
    if (key === undefined || this.line[this.i] !== '=' || this.line[this.i + 1] !== '"') {
      this.i = save;
      return undefined;
    }
    if (key !== 'title') {
      this.fail({
        code: 'unknown-attribute',
        at: keyStart,
        message: `Unknown attribute '${key}'`,
        expected: ['title="…"'],
        found: `"${key}"`,
        hint: 'the only attribute is title',
      });
    }
    this.i++;
    return this.readQuoted();
  }

  private readUnquotedPart(): string {
    VARIABLE_TOKEN.lastIndex = this.i;
    const variable = VARIABLE_TOKEN.exec(this.line);
    if (variable !== null) {
      this.i += variable[0].length;
      return variable[0];
    }
    UNQUOTED_PART.lastIndex = this.i;
    const m = UNQUOTED_PART.exec(this.line);
    if (m === null) {
      const ch = this.line[this.i];
      this.fail({
        code: 'syntax',
        expected: ['a fingerprint part (a word, a "quoted string" or a {{ variable }})'],
        hint:
          ch === '{'
            ? 'variables are written {{ name }}; quote a literal "{"'
            : ch === ','
              ? 'two commas in a row; remove one'
              : undefined,
      });
    }
    this.i += m[0].length;
    return m[0];
  }

  private skipSpaces(): void {
    while (this.line[this.i] === ' ') this.i++;
    if (this.line[this.i] === '\t') {
      this.fail({ code: 'syntax', expected: ['a space'], hint: 'tabs are not whitespace in Sentry\'s rule grammar; use spaces' });
    }
  }

  private fail(problem: {
    code: FingerprintRuleSyntaxErrorCode;
    expected: string[];
    at?: number;
    message?: string;
    found?: string;
    hint?: string | undefined;
  }): never {
    const col = problem.at ?? this.i;
    const found = problem.found ?? describeFound(this.line, col);
    const column = col + 1;
    const head = problem.message ?? `expected ${joinOr(problem.expected)}, found ${found}`;
    const message =
      `line ${this.at.lineNo}, column ${column}: ${head}` +
      (problem.hint === undefined ? '' : ` (${problem.hint})`) +
      `\n  ${this.line}\n  ${' '.repeat(col)}^`;
    throw new FingerprintRuleSyntaxError({
      code: problem.code,
      line: this.at.lineNo,
      column,
      offset: this.at.offset + col,
      expected: problem.expected,
      found,
      sourceLine: this.line,
      ...(problem.hint === undefined ? {} : { hint: problem.hint }),
      message,
      sentryMessage: problem.message ?? sentrySyntaxMessage(this.whole, this.at),
    });
  }
}

function describeFound(line: string, col: number): string {
  if (col >= line.length) return 'end of line';
  const ch = line[col]!;
  if (ch === '\t') return 'a tab';
  const word = /^\S+/.exec(line.slice(col))?.[0] ?? ch;
  return `"${word.length > 20 ? `${word.slice(0, 20)}…` : word}"`;
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items[0] ?? 'something else';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]!}`;
}

// Sentry's PEG stops at the start of the line it cannot read (after its leading spaces) and
// quotes 33 characters from there; this reproduces that message for side-by-side display.
function sentrySyntaxMessage(whole: string, at: LinePosition): string {
  let pos = at.offset;
  while (whole[pos] === ' ') pos++;
  let context = whole.slice(pos, pos + 33);
  if (context.length === 33) context = `${context.slice(0, 32)}...`;
  const line = (whole.slice(0, pos).match(/\n/g)?.length ?? 0) + 1;
  const column = pos - whole.lastIndexOf('\n', pos - 1);
  return `Invalid syntax near "${context}" (line ${line}, column ${column})`;
}

const KNOWN_KEYS = [
  'error.type', 'error.value', 'message', 'logger', 'level', 'stack.function', 'stack.module',
  'stack.abs_path', 'stack.package', 'app', 'family', 'sdk', 'release', 'tags.',
];

function suggestKey(key: string): string {
  if (key === 'tags') return 'tag matchers name the tag: tags.NAME:value';
  const lower = key.toLowerCase();
  const close = KNOWN_KEYS.find(
    (k) => k === lower || lower.endsWith(`.${k}`) || k.endsWith(`.${lower}`) || (lower.length > 3 && k.includes(lower)),
  );
  return close === undefined
    ? `known matchers: ${KNOWN_KEYS.map((k) => (k === 'tags.' ? 'tags.NAME' : k)).join(', ')}`
    : `did you mean ${close === 'tags.' ? 'tags.NAME' : close}?`;
}

function normalizePart(part: string): string {
  const m = WHOLE_VARIABLE.exec(part);
  return m !== null && m[1] === 'default' ? '{{ default }}' : part;
}

/**
 * Sentry's display form of a rule: `key:"pattern"` joined by spaces, ` -> "` + all parts
 * concatenated + `"`, then ` title="…"`. Lossy, for display and `matched_rule` comparisons.
 */
export function ruleText(rule: Pick<FingerprintRule, 'matchers' | 'fingerprint' | 'attributes'>): string {
  const matchers = rule.matchers.map((m) => `${m.negated ? '!' : ''}${m.key}:"${m.pattern}"`).join(' ');
  const title = rule.attributes.title === undefined ? '' : ` title="${rule.attributes.title}"`;
  return `${matchers} -> "${rule.fingerprint.join('')}"${title}`;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

/**
 * Python's `unicode-escape` decoding as Sentry applies it to quoted strings: known escapes become
 * characters, unknown ones (`\*`, `\[`, `\{`, `\?`) keep their backslash so they reach the glob as
 * escapes, and malformed `\x`/`\u` escapes are kept literally.
 */
export function unescapePython(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== '\\' || i + 1 >= s.length) {
      out += ch;
      continue;
    }
    const next = s[i + 1]!;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    if (next >= '0' && next <= '7') {
      const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(oct, 8));
      i += oct.length;
      continue;
    }
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = s.slice(i + 2, i + 2 + width);
      const code = new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex) ? parseInt(hex, 16) : NaN;
      if (!Number.isNaN(code) && code <= 0x10ffff) {
        out += String.fromCodePoint(code);
        i += 1 + width;
        continue;
      }
    }
    out += ch;
  }
  return out;
}
