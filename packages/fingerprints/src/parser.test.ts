import { describe, expect, it } from 'vitest';
import { FingerprintRuleSyntaxError } from './errors';
import { parseRules, unescapePython } from './parser';

function syntaxError(text: string): FingerprintRuleSyntaxError {
  try {
    parseRules(text);
  } catch (error) {
    if (FingerprintRuleSyntaxError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

describe('parseRules: valid rules', () => {
  it('parses every example of Sentry\'s documentation', () => {
    const text = [
      '# You can use comments to explain the rules.',
      'error.type:DatabaseUnavailable -> system-down',
      'error.value:"connection error: *" -> connection-error, {{ transaction }}',
      'error.value:"connection error (code: *)" -> connection-error',
      'logger:"com.myapp.FooLogger" level:"error" -> mylogger-error',
      'tags.server_name:"canary-*.mycompany.internal" -> canary-events',
      'stack.abs_path:"**/my-utils/*.js" -> my-utils, {{ error.type }}',
      'stack.module:"*/my-utils/*" -> my-utils, {{ error.type }}',
      'stack.package:"**/libcurl.dylib" -> libcurl',
      'family:native !stack.module:"myproject::*" -> not-from-my-project',
      'app:yes stack.function:"assert" -> assert',
      'error.type:ConnectionError stack.function:"connect" stack.module:"bot" -> bot-error',
      'stack.function:"query_database" -> {{ default }}, {{ transaction }}',
      'logger:my.package.* level:error -> error-logger, {{ logger }} title="Error from Logger {{ logger }}"',
    ].join('\n');
    const rules = parseRules(text);
    expect(rules).toHaveLength(13);
    expect(rules[0]).toEqual({
      matchers: [{ key: 'type', pattern: 'DatabaseUnavailable', negated: false }],
      fingerprint: ['system-down'],
      attributes: {},
      text: 'type:"DatabaseUnavailable" -> "system-down"',
      line: 2,
    });
    expect(rules[1]!.fingerprint).toEqual(['connection-error', '{{ transaction }}']);
    expect(rules[8]!.matchers).toEqual([
      { key: 'family', pattern: 'native', negated: false },
      { key: 'module', pattern: 'myproject::*', negated: true },
    ]);
    expect(rules[12]!.attributes).toEqual({ title: 'Error from Logger {{ logger }}' });
    expect(rules[12]!.fingerprint).toEqual(['error-logger', '{{ logger }}']);
    expect(rules[12]!.text).toBe('logger:"my.package.*" level:"error" -> "error-logger{{ logger }}" title="Error from Logger {{ logger }}"');
  });

  it('canonicalises every alias to Sentry\'s stored key', () => {
    const rules = parseRules(
      'error.type:a error.value:b stack.function:c stack.module:d stack.abs_path:e stack.package:f message:g logger:h level:i app:no family:all sdk:all release:r tags.x:y -> z',
    );
    expect(rules[0]!.matchers.map((m) => m.key)).toEqual([
      'type', 'value', 'function', 'module', 'path', 'package', 'message', 'logger', 'level', 'app', 'family', 'sdk', 'release', 'tags.x',
    ]);
  });

  it('negation goes before the key, also before a quoted key; a "!" inside the value is literal', () => {
    const [rule] = parseRules('!path:**/foo/** !"path":x value:!bar -> a');
    expect(rule!.matchers).toEqual([
      { key: 'path', pattern: '**/foo/**', negated: true },
      { key: 'path', pattern: 'x', negated: true },
      { key: 'value', pattern: '!bar', negated: false },
    ]);
  });

  it('splits fingerprint parts on commas, spaces and before "{": logger-{{ logger }}-{{ level }}', () => {
    expect(parseRules('type:X -> logger-{{ logger }}-{{ level }}')[0]!.fingerprint).toEqual(['logger-', '{{ logger }}', '-', '{{ level }}']);
    expect(parseRules('type:X -> a b,c , d,')[0]!.fingerprint).toEqual(['a', 'b', 'c', 'd']);
    expect(parseRules('type:X -> "default stuff"')[0]!.fingerprint).toEqual(['default stuff']);
  });

  it('normalises every spelling of {{ default }}, quoted too', () => {
    expect(parseRules('type:X -> {{default}}, {{  default }}, "{{default }}"')[0]!.fingerprint).toEqual([
      '{{ default }}', '{{ default }}', '{{ default }}',
    ]);
  });

  it('reads title= anywhere among the parts, with or without a comma', () => {
    expect(parseRules('type:X -> title="T" a, b')[0]).toMatchObject({ fingerprint: ['a', 'b'], attributes: { title: 'T' } });
    expect(parseRules('type:X -> a, title="T", b')[0]).toMatchObject({ fingerprint: ['a', 'b'], attributes: { title: 'T' } });
  });

  it('a rule with only a title has an empty fingerprint (Sentry groups by default and sets the title)', () => {
    expect(parseRules('type:X -> title="t"')[0]).toMatchObject({ fingerprint: [], attributes: { title: 't' } });
  });

  it('"#" starts a comment only at the start of a line (reading taken from the grammar: later "#" is a part)', () => {
    expect(parseRules('   # indented comment\ntype:X -> a # note')[0]!.fingerprint).toEqual(['a', '#', 'note']);
  });

  it('accepts blank lines, space-only lines, \\r, \\r\\n; reports the line of each rule', () => {
    const rules = parseRules('\n   \r\ntype:A -> a\r\n\r\ntype:B -> b');
    expect(rules.map((r) => r.line)).toEqual([3, 5]);
  });

  it('unquoted arguments run to whitespace and are not unescaped; quoted ones are', () => {
    const [rule] = parseRules('value:a\\nb message:"line\\nbreak \\"q\\" \\x41 \\u00e9 \\* \\[x\\] \\{ \\?" -> x');
    expect(rule!.matchers[0]!.pattern).toBe('a\\nb');
    expect(rule!.matchers[1]!.pattern).toBe('line\nbreak "q" A é \\* \\[x\\] \\{ \\?');
  });

  it('unescapes like Python\'s unicode-escape: octal, \\\\, malformed \\x kept literally', () => {
    expect(unescapePython('\\101\\\\ \\xZZ \\u12')).toBe('A\\ \\xZZ \\u12');
    expect(unescapePython('a\\tb')).toBe('a\tb');
  });

  it('a quoted fingerprint part may contain commas and spaces; escaped quotes stay inside', () => {
    expect(parseRules('type:X -> "a, b \\"c\\""')[0]!.fingerprint).toEqual(['a, b "c"']);
  });

  it('matchers may follow a quoted argument without a space (the grammar allows it)', () => {
    expect(parseRules('type:"X"value:y -> a')[0]!.matchers).toHaveLength(2);
  });

  it('"{{a}}{{b}}" is one unquoted token, as Sentry\'s regex reads it', () => {
    expect(parseRules('type:X -> {{a}}{{b}}')[0]!.fingerprint).toEqual(['{{a}}{{b}}']);
  });

  it('the title attribute key may be quoted, like matcher keys', () => {
    expect(parseRules('type:X -> a "title"="T"')[0]).toMatchObject({ fingerprint: ['a'], attributes: { title: 'T' } });
  });

  it('quoted keys allow ":" and "-" but must be closed; an empty quoted key is not a key', () => {
    expect(parseRules('"tags.a:b":v -> x')[0]!.matchers[0]).toEqual({ key: 'tags.a:b', pattern: 'v', negated: false });
    expect(syntaxError('"type:X -> a')).toMatchObject({ code: 'syntax', column: 1 });
    expect(syntaxError('"":X -> a')).toMatchObject({ code: 'syntax', column: 1 });
  });

  it('an empty quoted value and an empty quoted part are allowed', () => {
    expect(parseRules('value:"" -> ""')[0]).toMatchObject({ matchers: [{ key: 'value', pattern: '' }], fingerprint: [''] });
  });

  it('key=value without quotes is a literal part, not an attribute', () => {
    expect(parseRules('type:X -> foo=bar')[0]!.fingerprint).toEqual(['foo=bar']);
  });

  it('returns an empty list for an empty text', () => {
    expect(parseRules('')).toEqual([]);
  });
});

describe('parseRules: errors say where, what was expected and what was found', () => {
  it('a word after the matchers is read as another matcher key, so ":" is expected', () => {
    const e = syntaxError('type:X a');
    expect(e).toMatchObject({ code: 'syntax', line: 1, column: 9, found: 'end of line' });
    expect(e.expected).toEqual(['":" after the matcher key']);
    expect(e.message).toContain('line 1, column 9: expected ":" after the matcher key, found end of line');
  });

  it('a rule with no "->" at all', () => {
    const e = syntaxError('type:X');
    expect(e).toMatchObject({ line: 1, column: 7, found: 'end of line', expected: ['"->"', 'another matcher'] });
  });

  it('"=>" instead of "->" gets a hint', () => {
    const e = syntaxError('\ntype:Timeout => timeout');
    expect(e).toMatchObject({ line: 2, column: 14, found: '"=>"' });
    expect(e.hint).toBe('the arrow is "->"');
    expect(e.message).toContain('  type:Timeout => timeout\n               ^');
  });

  it('"->" with no fingerprint', () => {
    const e = syntaxError('type:X ->   ');
    expect(e).toMatchObject({ column: 13, found: 'end of line' });
    expect(e.expected[0]).toMatch(/a fingerprint after "->"/);
  });

  it('a tab is not whitespace in Sentry\'s grammar', () => {
    const e = syntaxError('type:X\t-> a');
    expect(e).toMatchObject({ code: 'syntax', column: 7, found: 'a tab' });
    expect(e.hint).toMatch(/use spaces/);
  });

  it('a line starting with "->" has no matcher', () => {
    expect(syntaxError('-> a')).toMatchObject({ column: 1, expected: ['a matcher such as error.type:ValueError'] });
  });

  it('"!" without a key', () => {
    expect(syntaxError('! type:X -> a')).toMatchObject({ column: 2, expected: ['a matcher key after "!"'] });
  });

  it('key=value in matchers', () => {
    const e = syntaxError('type=X -> a');
    expect(e).toMatchObject({ column: 5, found: '"=X"' });
    expect(e.hint).toBe('matchers are written key:value, e.g. type:value');
  });

  it('a key with no value', () => {
    expect(syntaxError('type: -> a')).toMatchObject({ column: 6, found: '" "' });
    expect(syntaxError('type:').expected[0]).toMatch(/a value after "type:"/);
  });

  it('an unterminated quoted value says where the string opened', () => {
    const e = syntaxError('value:"abc -> a');
    expect(e).toMatchObject({ column: 16, found: 'end of line', expected: ['a closing \'"\''] });
    expect(e.hint).toBe('the string opened at column 7 is never closed');
  });

  it('an unterminated quoted fingerprint part', () => {
    expect(syntaxError('type:X -> "abc')).toMatchObject({ column: 15, found: 'end of line' });
  });

  it('unknown matcher: Sentry\'s message plus a suggestion', () => {
    const e = syntaxError('invalid.message:foo -> bar');
    expect(e).toMatchObject({ code: 'unknown-matcher', line: 1, column: 1, found: '"invalid.message"', sentryMessage: "Unknown matcher 'invalid.message'" });
    expect(e.hint).toBe('did you mean message?');
    expect(syntaxError('tags:foo -> bar').hint).toBe('tag matchers name the tag: tags.NAME:value');
    expect(syntaxError('thread.id:1 -> bar').code).toBe('unknown-matcher');
  });

  it('unknown attribute', () => {
    const e = syntaxError('type:X -> a name="n"');
    expect(e).toMatchObject({ code: 'unknown-attribute', column: 13, sentryMessage: "Unknown attribute 'name'" });
  });

  it('app needs a boolean (stricter than Sentry, which would accept a rule that never matches)', () => {
    expect(syntaxError('app:maybe -> a')).toMatchObject({ code: 'invalid-value', column: 5, found: '"maybe"' });
  });

  it('a lone "{" or a doubled comma in the fingerprint', () => {
    expect(syntaxError('type:X -> a {b')).toMatchObject({ column: 13, found: '"{b"' });
    expect(syntaxError('type:X -> a {b').hint).toMatch(/variables are written/);
    expect(syntaxError('type:X -> a,,b')).toMatchObject({ column: 13, hint: 'two commas in a row; remove one' });
  });

  it('an unquoted argument swallows "->" when there is no space (Sentry\'s \\S+), so the arrow is missing', () => {
    expect(syntaxError('type:X->a')).toMatchObject({ column: 10, found: 'end of line' });
  });

  it('keeps Sentry\'s own wording for syntax errors (33 characters of context from the bad line)', () => {
    expect(syntaxError('type:A -> a\n  type:X => some very long fingerprint text here').sentryMessage).toBe(
      'Invalid syntax near "type:X => some very long fingerp..." (line 2, column 3)',
    );
    expect(syntaxError('type:X').sentryMessage).toBe('Invalid syntax near "type:X" (line 1, column 1)');
  });

  it('rejects non-string input with a TypeError', () => {
    expect(() => parseRules(undefined as unknown as string)).toThrow(TypeError);
  });

  it('errors are branded across copies of the package', () => {
    const e = syntaxError('x');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('FingerprintRuleSyntaxError');
    expect(FingerprintRuleSyntaxError.isInstance({})).toBe(false);
    expect(FingerprintRuleSyntaxError.isInstance(new Error('x'))).toBe(false);
  });
});
