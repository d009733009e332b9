import { describe, expect, it } from 'vitest';
import { applyRules } from '../apply';
import { compileGlob } from '../glob';
import { parseRules } from '../parser';
import type { FingerprintEvent, FingerprintFrame, FingerprintRule } from '../types';
import { compileRule, itemsOf, literalCheck } from './compile';
import { EventView } from './event';
import { passes } from './literal';

/**
 * The plan (fact indexes, literal gates on frames) must only ever skip rules that cannot match.
 * The reference here evaluates every rule in order with nothing but the full matcher tests.
 */
function naiveFirstMatch(event: FingerprintEvent, rules: readonly FingerprintRule[]): number {
  const view = new EventView(event, 'sentry.javascript.node');
  return rules.findIndex((rule) =>
    compileRule(rule).groups.every((g) => itemsOf(g.group, view).some((item) => g.positive.every((test, k) => test(item, view) !== g.matchers[k]!.negated))),
  );
}

// A deterministic pseudo-random generator, so a failure can be reproduced from its seed.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const TYPES = ['ConnectionError', 'connectionerror', 'PaymentError', 'Service1Error', 'DatabaseUnavailable', 'TimeoutError', 'Ω-Error'];
const VALUES = ['Connection error (code: 1) after 30ms', '  connection ERROR (code: 12)', 'card declined', 'KELVIN \u212Aonnection', 'timeout after 5ms', ''];
const FUNCTIONS = ['connect', 'query_database', 'assertEqual', 'OrderService.refund', 'loadChunk', 'Layer.handle [as h0]', ''];
const MODULES = ['bot', 'services:order', 'app/my-utils/x', 'myproject::core', 'MY-UTILS'];
const PATHS = ['/app/my-utils/a.js', 'C:\\App\\My-Utils\\b.JS', 'my-utils/c.js', '/app/node_modules/pg/lib/client.js', 'src/Services/Pay.ts', 'libcurl.so'];
const TAGS = ['acme', 'canary-1-eu.mycompany.internal', 'export', 'Export', ' padded '];

function randomEvent(r: () => number): FingerprintEvent {
  const frames: FingerprintFrame[] = Array.from({ length: Math.floor(r() * 5) }, () => ({
    function: pick(r, FUNCTIONS),
    module: pick(r, MODULES),
    ...(r() < 0.5 ? { abs_path: pick(r, PATHS) } : {}),
    ...(r() < 0.5 ? { filename: pick(r, PATHS) } : {}),
    ...(r() < 0.3 ? { package: pick(r, PATHS) } : {}),
    in_app: r() < 0.5,
  }));
  const exceptions = Array.from({ length: Math.floor(r() * 3) }, () => ({ type: pick(r, TYPES), value: pick(r, VALUES), stacktrace: { frames } }));
  return {
    platform: pick(r, ['node', 'javascript', 'native', 'python']),
    level: pick(r, ['error', 'ERROR', 'warning']),
    logger: pick(r, ['com.myapp.mypackage1.sub', 'orders', '']),
    release: pick(r, ['orders-api@1.2.3', 'orders-api@2.0.0']),
    ...(r() < 0.3 ? { message: pick(r, VALUES) } : {}),
    exception: { values: exceptions },
    ...(exceptions.length === 0 ? { stacktrace: { frames } } : {}),
    tags: { tenant: pick(r, TAGS), 'error.category': pick(r, TAGS), server_name: pick(r, TAGS) },
  };
}

const RULE_POOL = [
  'error.type:ConnectionError',
  'error.type:connectionerror',
  'error.type:Connection*',
  'error.type:"*Error"',
  'error.type:{DatabaseUnavailable,ConnectionError}',
  'error.type:Service?Error',
  'error.type:Ω-Error',
  'error.value:"connection error (code: 1*"',
  'error.value:"CONNECTION ERROR*"',
  'error.value:"*after *ms"',
  'error.value:"kelvin konnection"',
  'message:"connection error*"',
  'message:"card declined"',
  'logger:"com.myapp.mypackage1.*"',
  'level:error',
  'level:ERROR',
  'tags.tenant:acme',
  'tags.tenant:padded',
  'tags.error.category:export',
  'tags.server_name:"canary-1-*.mycompany.internal"',
  'stack.function:connect',
  'stack.function:"assert*"',
  'stack.function:"*Chunk*"',
  'stack.function:"OrderService.refund*"',
  'stack.module:bot',
  'stack.module:"*/my-utils/*"',
  'stack.module:"my-utils*"',
  'stack.abs_path:"**/my-utils/*.js"',
  'stack.abs_path:"my-utils/c.js"',
  'stack.abs_path:"**/services/*.ts"',
  'stack.abs_path:"c:/app/**"',
  'stack.package:"**/libcurl.so"',
  'app:yes',
  'family:native',
  'family:"javascript,native"',
  'family:all',
  'sdk:sentry.javascript.node',
  'sdk:"sentry.python, sentry.javascript.node"',
  'level:{warning,FATAL}',
  'tags.tenant:{acme,globex}',
  'release:"orders-api@1.*"',
  '!error.type:ConnectionError',
  '!stack.module:"myproject::*"',
  '!tags.tenant:acme',
];

describe('the matcher plan gives the same first match as evaluating every rule in order', () => {
  it('on 1,500 random events against random rule sets (seeded; indexes, prefixes and frame gates exercised)', () => {
    const r = rng(20261129);
    for (let round = 0; round < 60; round++) {
      const lines = Array.from({ length: 4 + Math.floor(r() * 20) }, (_, i) => {
        const matchers = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, RULE_POOL));
        return `${matchers.join(' ')} -> rule-${i}`;
      });
      const rules = parseRules(lines.join('\n'));
      for (let e = 0; e < 25; e++) {
        const event = randomEvent(r);
        const expected = naiveFirstMatch(event, rules);
        const got = applyRules(event, rules, { sdkName: 'sentry.javascript.node' });
        expect({ round, e, rule: got === null ? -1 : rules.indexOf(got.rule) }).toEqual({ round, e, rule: expected });
      }
    }
  });

  it('indexes case-insensitive facts by their lower-cased literal (value, message, level)', () => {
    const rules = parseRules('error.value:"connection error (code: *" -> a\nmessage:"FATAL*" -> b\nlevel:WARNING -> c\nerror.value:"exact VALUE" -> d');
    const ev = (value: string, over: Partial<FingerprintEvent> = {}): FingerprintEvent => ({ level: 'error', exception: { values: [{ type: 'E', value }] }, ...over });
    expect(applyRules(ev('  CONNECTION Error (code: 7)'), rules)?.fingerprint).toEqual(['a']);
    expect(applyRules(ev('x', { message: 'fatal: disk' }), rules)?.fingerprint).toEqual(['b']);
    expect(applyRules(ev('x', { level: 'warning' }), rules)?.fingerprint).toEqual(['c']);
    expect(applyRules(ev(' Exact value '), rules)?.fingerprint).toEqual(['d']);
    expect(applyRules(ev('connection error'), rules)).toBeNull();
  });

  it('notices a rules array changed in place after it was used', () => {
    const rules = parseRules('error.type:Nope -> a');
    const event: FingerprintEvent = { exception: { values: [{ type: 'ConnectionError' }] } };
    expect(applyRules(event, rules)).toBeNull();
    rules.push(...parseRules('error.type:ConnectionError -> b'));
    expect(applyRules(event, rules)?.fingerprint).toEqual(['b']);
    rules[1] = parseRules('error.type:Other -> c')[0]!;
    expect(applyRules(event, rules)).toBeNull();
  });
});

describe('literal gates never reject a value the glob accepts', () => {
  const cases: Array<[string, string, string[]]> = [
    ['function', 'connect', ['connect', 'Connect', 'connect2']],
    ['function', 'assert*', ['assertEqual', 'assert', 'xassert']],
    ['function', '*Chunk*', ['loadChunk', 'chunk']],
    ['function', 'a\\*b', ['a*b', 'ab']],
    ['function', 'x[ab]cd', ['xacd', 'xbcd', 'xcd']],
    ['function', '*[!]x', ['a!]x', ']x']],
    ['function', 'ab[cd', ['ab[cd']],
    ['module', '{a,b}cd', ['acd', 'bcd', 'cd']],
    ['value', 'CONNECTION*', ['connection refused', 'Connection', '\u212Aonnection']],
    ['value', 'kelvin', ['KELVIN', '\u212Aelvin']],
    ['path', '**/my-utils/*.js', ['/a/my-utils/b.js', 'C:\\A\\MY-UTILS\\B.JS', 'my-utils/b.js']],
    ['path', '**/libcurl.so', ['libcurl.so', '/usr/lib/LIBCURL.SO']],
    ['path', '/app/x.js', ['app/x.js', '/APP/X.JS', '\\app\\x.js']],
    ['path', 'c:/app/**', ['C:\\App\\x.js']],
    ['package', '*.so', ['a.so', 'B.SO']],
  ];
  for (const [key, pattern, values] of cases) {
    it(`${key}:"${pattern}"`, () => {
      const m = parseRules(`${key}:"${pattern.replace(/\\/g, '\\\\')}" -> x`)[0]!.matchers[0]!;
      const isPath = key === 'path' || key === 'package';
      const glob = compileGlob(m.pattern, { caseInsensitive: isPath || key === 'value', path: isPath });
      const check = literalCheck(m);
      expect(check).toBeDefined();
      for (const v of values) {
        const accepted = glob(v) || (isPath && !v.startsWith('/') && glob(`/${v}`));
        if (accepted) expect({ v, passes: passes(check!, key === 'value' ? v : v) }).toEqual({ v, passes: true });
      }
    });
  }
});
