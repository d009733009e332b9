import { describe, expect, it } from 'vitest';
import { compileGlob, globToRegExpSource, regexGlob, requiredLiteral } from './glob';

const plain = (p: string, ci = false) => compileGlob(p, { caseInsensitive: ci, path: false });
const path = (p: string) => compileGlob(p, { caseInsensitive: true, path: true });

describe('globs from Sentry\'s fingerprint-rules documentation', () => {
  it('error.value:"connection error (code: *)" (parentheses are literal; picomatch reads them as extglob)', () => {
    const g = plain('connection error (code: *)', true);
    expect(g('connection error (code: 1234)')).toBe(true);
    expect(g('Connection Error (code: E42)')).toBe(true);
    expect(g('connection error code: 1234')).toBe(false);
  });
  it('error.value:"could not connect (*)"', () => {
    expect(plain('could not connect (*)', true)('could not connect (timeout after 3s)')).toBe(true);
    expect(plain('could not connect (*)', true)('could not connect')).toBe(false);
  });
  it('error.value:"connection error: *"', () => {
    expect(plain('connection error: *', true)('connection error: refused')).toBe(true);
    expect(plain('connection error: *', true)('connection error')).toBe(false);
  });
  it('message:"system encountered a fatal problem: *" and "critical connection error*"', () => {
    expect(plain('system encountered a fatal problem: *', true)('System encountered a fatal problem: disk')).toBe(true);
    expect(plain('critical connection error*', true)('critical connection error on db-1')).toBe(true);
  });
  it('logger:"com.myapp.mypackage.*" (case-sensitive, "." is literal)', () => {
    const g = plain('com.myapp.mypackage.*');
    expect(g('com.myapp.mypackage.Foo')).toBe(true);
    expect(g('com.myapp.MyPackage.Foo')).toBe(false);
    expect(g('comXmyapp.mypackage.Foo')).toBe(false);
  });
  it('tags.server_name:"canary-*.mycompany.internal"', () => {
    const g = plain('canary-*.mycompany.internal');
    expect(g('canary-7.mycompany.internal')).toBe(true);
    expect(g('prod-7.mycompany.internal')).toBe(false);
  });
  it('stack.abs_path:"**/my-utils/*.js": * stops at /, ** crosses it, case-insensitive', () => {
    const g = path('**/my-utils/*.js');
    expect(g('/app/src/my-utils/date.js')).toBe(true);
    expect(g('/app/src/My-Utils/Date.JS')).toBe(true);
    expect(g('my-utils/date.js')).toBe(true); // tried again with a leading "/"
    expect(g('/app/src/my-utils/sub/date.js')).toBe(false);
    expect(g('C:\\app\\my-utils\\date.js')).toBe(true); // backslashes become "/"
  });
  it('stack.module:"*/my-utils/*": * also matches / in module globs', () => {
    const g = plain('*/my-utils/*');
    expect(g('app/my-utils/date/format')).toBe(true);
    expect(g('app/My-Utils/date')).toBe(false);
  });
  it('stack.package:"**/libcurl.dylib" and "**/libcurl.so"', () => {
    expect(path('**/libcurl.dylib')('/usr/lib/libcurl.dylib')).toBe(true);
    expect(path('**/libcurl.so')('libcurl.so')).toBe(true);
    expect(path('**/libcurl.so')('/usr/lib/libcurl.so.4')).toBe(false);
  });
  it('stack.function:"my_assertion_failed" and "assert" match exactly', () => {
    expect(plain('assert')('assert')).toBe(true);
    expect(plain('assert')('assertEqual')).toBe(false);
    expect(plain('my_assertion_failed')('My_assertion_failed')).toBe(false);
  });
  it('escaped brackets, braces and star are literal: \\[ \\] \\{ \\} \\*', () => {
    expect(plain('\\[worker\\] \\{id\\} \\*')('[worker] {id} *')).toBe(true);
    expect(plain('\\*')('x')).toBe(false);
  });
});

describe('the literal prefilter never rejects a match', () => {
  it.each([
    ['a{b,{c,d}}efg', 'adefg', false],
    ['x[]]yyy', 'x]yyy', false],
    ['[!]]abc', 'zabc', false],
    ['pre\\*fix*', 'pre*fixed', false],
    ['**/my-utils/*.js', 'my-utils/a.js', true],
    ['/abs/**/end.js', 'abs/end.js', true],
    ['**/MY-UTILS/*.JS', '/x/my-utils/a.js', true],
    ['**/my-utils/*.js', 'C:\\x\\my-utils\\a.js', true],
    ['{unclosed-literal', '{unclosed-literal', false],
  ])('%s matches %s', (pattern, value, isPath) => {
    expect(compileGlob(pattern, { caseInsensitive: true, path: isPath })(value)).toBe(true);
  });
  it('extracts the longest required run', () => {
    expect(requiredLiteral('**/my-utils/*.js', true)).toBe('my-utils/');
    expect(requiredLiteral('connection error (code: *)', false)).toBe('connection error (code: ');
    expect(requiredLiteral('a{bcdef,g}hi', false)).toBe('hi');
  });
});

describe('glob syntax', () => {
  it('? is one character, [abc] [a-z] [!a-z] classes, {a,b} alternation', () => {
    expect(plain('h?llo')('hello')).toBe(true);
    expect(plain('h?llo')('hllo')).toBe(false);
    expect(plain('[abc]x')('bx')).toBe(true);
    expect(plain('[a-c]x')('dx')).toBe(false);
    expect(plain('[!a-c]x')('dx')).toBe(true);
    expect(plain('[!a-c]x')('ax')).toBe(false);
    expect(plain('{Timeout,Connection}Error')('TimeoutError')).toBe(true);
    expect(plain('{Timeout,Connection}Error')('ValueError')).toBe(false);
    expect(plain('a{b,{c,d}}e')('ade')).toBe(true);
  });
  it('* matches newlines (Sentry passes allow-newline)', () => {
    expect(plain('first*last')('first\nmiddle\nlast')).toBe(true);
  });
  it('regex metacharacters are literal', () => {
    expect(plain('a.b+c(d)|e^$')('a.b+c(d)|e^$')).toBe(true);
    expect(plain('a.b')('axb')).toBe(false);
  });
  it('unclosed [ and { are literal characters', () => {
    expect(plain('[abc')('[abc')).toBe(true);
    expect(plain('{a,b')('{a,b')).toBe(true);
  });
  it('a trailing backslash is a literal backslash', () => {
    expect(plain('a\\')('a\\')).toBe(true);
  });
  it('fast paths agree with the regex: literal, prefix, suffix, contains, both cases', () => {
    expect(plain('abc')('abc')).toBe(true);
    expect(plain('abc', true)('ABC')).toBe(true);
    expect(plain('ab*', true)('ABcd')).toBe(true);
    expect(plain('*cd', true)('abCD')).toBe(true);
    expect(plain('*b*', true)('aBc')).toBe(true);
    expect(plain('*b*')('aBc')).toBe(false);
    expect(plain('*')('')).toBe(true);
    expect(plain('abc')('abcd')).toBe(false);
  });
  it('path globs: a/**/b matches zero or more directories, x/** everything below, ** elsewhere is *', () => {
    expect(path('src/**/b.js')('src/b.js')).toBe(true);
    expect(path('src/**/b.js')('src/x/y/b.js')).toBe(true);
    expect(path('src/**')('src/x/y/b.js')).toBe(true);
    expect(path('src/a**.js')('src/abc.js')).toBe(true);
    expect(path('src/a**.js')('src/a/c.js')).toBe(false);
    expect(path('?.js')('a.js')).toBe(true);
    expect(path('?.js')('/a/b.js')).toBe(false);
  });
  it('path globs ignore backslash escapes (they become "/")', () => {
    expect(globToRegExpSource('a\\*', { caseInsensitive: true, path: true })).toBe('^(?:a/[^/]*)$');
  });
});

describe('the fast paths and prefilters agree with the bare regex glob (found by the browser differential test)', () => {
  it('a path glob whose literal starts after a wildcard matches through the leading-slash retry', () => {
    expect(regexGlob('*/my-utils/*', { caseInsensitive: true, path: true })('my-utils/c.js')).toBe(true);
    expect(path('*/my-utils/*')('my-utils/c.js')).toBe(true);
    expect(requiredLiteral('*/my-utils/*', true)).toBe('my-utils/');
  });
  it('a case-insensitive literal does not match a value that only toLowerCase folds to it (Kelvin sign, dotted I)', () => {
    for (const [pattern, value] of [['kelvin', '\u212Aelvin'], ['kelvin*', '\u212Aelvin x'], ['*in', 'x\u0130n'], ['*kel*', 'a\u212Ael']] as const) {
      const bare = regexGlob(pattern, { caseInsensitive: true, path: false })(value);
      expect({ pattern, value, fast: plain(pattern, true)(value) }).toEqual({ pattern, value, fast: bare });
    }
    expect(plain('kelvin', true)('KELVIN')).toBe(true);
  });
});
