import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRules } from './apply';
import { applyRules as applyRulesBrowser } from './browser-apply';
import { builtinRules } from './builtin-rules';
import { fingerprintRule, matcher, not } from './builders';
import { regexGlob } from './glob';
import { logMessage } from './internal/event';
import { WHOLE_VARIABLE, VARIABLES } from './internal/keys';
import { parameterize } from './parameterize';
import { parseRules } from './parser';
import type { FingerprintEvent, FingerprintMatcher, FingerprintRule, MatcherKeyInput } from './types';

// The browser entry's evaluator must give exactly the Node entry's result (the indexed plan, the
// literal gates, the glob fast paths and prefilters) on any rule set and event. Values and patterns
// come from pools of the shapes rules are written in (case, unicode folding, backslash paths,
// negation, brace lists) mixed with random text over glob metacharacters.

const GLOB_CHARS = ['a', 'B', 'c', 'x', '1', '/', '\\', '*', '?', '[', ']', '{', '}', ',', '!', '-', '.', ' ', 'É', '\u212A'];
const randomText = fc.string({ unit: fc.constantFrom(...GLOB_CHARS), maxLength: 8 });
const text = (pool: readonly string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: randomText });

const TYPES = ['ConnectionError', 'connectionerror', 'PaymentError', 'Service1Error', 'ChunkLoadError', 'Ω-Error', 'ExportError'];
const VALUES = ['Connection error (code: 1) after 30ms', '  connection ERROR (code: 12)', 'card declined', 'KELVIN \u212Aonnection', 'user 42 failed at 10.0.0.1', ''];
const FUNCTIONS = ['connect', 'query_database', 'assertEqual', 'OrderService.refund', 'loadChunk', 'std::vector<int>::at(unsigned long) const', ''];
const MODULES = ['bot', 'services:order', 'app/my-utils/x', 'myproject::core', 'MY-UTILS'];
const PATHS = ['/app/my-utils/a.js', 'C:\\App\\My-Utils\\b.JS', 'my-utils/c.js', '/app/node_modules/pg/lib/client.js', 'src/Services/Pay.ts', 'libcurl.so'];
const TAGS = ['acme', 'canary-1-eu.mycompany.internal', 'export', 'Export', ' padded ', 'validation'];
const SDKS = ['sentry.javascript.browser', 'sentry.javascript.node', 'sentry.python', 'sentry.native.android', 'custom'];

const frame = fc.record(
  {
    function: text(FUNCTIONS),
    module: text(MODULES),
    abs_path: text(PATHS),
    filename: text(PATHS),
    package: text(PATHS),
    in_app: fc.boolean(),
    platform: fc.constantFrom('javascript', 'native', 'csharp'),
  },
  { requiredKeys: [] },
);
const frames = fc.array(frame, { maxLength: 4 });
const exception = fc.record({ type: text(TYPES), value: text(VALUES), stacktrace: fc.record({ frames }) }, { requiredKeys: [] });

const event: fc.Arbitrary<FingerprintEvent> = fc.record(
  {
    platform: fc.constantFrom('node', 'javascript', 'native', 'python', 'csharp', ''),
    level: fc.constantFrom('error', 'ERROR', 'warning', ''),
    logger: fc.constantFrom('com.myapp.mypackage1.sub', 'orders', ''),
    release: text(['orders-api@1.2.3', 'orders-api@2.0.0', ' web@1 ']),
    transaction: fc.constantFrom('GET /users/:id', ''),
    message: fc.oneof(text(VALUES), fc.record({ formatted: text(VALUES), message: text(VALUES) }, { requiredKeys: [] })),
    logentry: fc.record({ formatted: text(VALUES), message: text(VALUES) }, { requiredKeys: [] }),
    exception: fc.record({ values: fc.array(fc.oneof({ weight: 9, arbitrary: exception }, { weight: 1, arbitrary: fc.constant(null as never) }), { maxLength: 3 }) }),
    stacktrace: fc.record({ frames }),
    threads: fc.record({ values: fc.array(fc.record({ stacktrace: fc.record({ frames }), crashed: fc.boolean(), current: fc.boolean() }, { requiredKeys: [] }), { maxLength: 2 }) }),
    tags: fc.oneof(
      fc.record({ tenant: text(TAGS), 'error.category': text(TAGS), server_name: text(TAGS), n: fc.constantFrom(7, true) }, { requiredKeys: [] }),
      fc.array(fc.tuple(fc.constantFrom('tenant', 'error.category', 'server_name'), text(TAGS))),
    ),
    sdk: fc.record({ name: fc.constantFrom(...SDKS) }),
  },
  { requiredKeys: [] },
);

const KEYS: readonly MatcherKeyInput[] = [
  'error.type', 'error.value', 'message', 'logger', 'level', 'stack.function', 'stack.module', 'stack.abs_path', 'stack.package',
  'family', 'sdk', 'release', 'tags.tenant', 'tags.error.category', 'tags.server_name', 'tags.n',
];
const PATTERNS = [
  'ConnectionError', 'connectionerror', 'Connection*', '*Error', '{ChunkLoadError,ConnectionError}', 'Service?Error', 'Ω-Error',
  'connection error (code: 1*', 'CONNECTION ERROR*', '*after *ms', 'kelvin konnection', 'card declined', 'com.myapp.mypackage1.*',
  'error', 'ERROR', 'acme', 'padded', 'export', 'canary-1-*.mycompany.internal', 'connect', 'assert*', '*Chunk*', 'bot', '*/my-utils/*',
  '**/my-utils/*.js', 'my-utils/c.js', 'c:/app/**', '**/libcurl.so', 'native', 'javascript,native', 'all', 'sentry.javascript.node',
  'sentry.python, sentry.javascript.browser', '{warning,FATAL}', 'orders-api@1.*', '[!a-c]*', 'x[ab]cd', 'a\\*b', '7', 'true',
];
/** Patterns JavaScript cannot compile (`[a-1]`, a reversed range) throw in both entries when first compiled; that is not a difference in results. */
function compiles(pattern: string): boolean {
  try {
    regexGlob(pattern, { caseInsensitive: false, path: false });
    regexGlob(pattern, { caseInsensitive: true, path: true });
    return true;
  } catch {
    return false;
  }
}
const matcherArb: fc.Arbitrary<FingerprintMatcher> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(fc.constantFrom(...KEYS), text(PATTERNS).filter(compiles), fc.boolean())
      .map(([k, p, neg]) => (neg ? not(matcher(k, p)) : matcher(k, p))),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('yes', 'no', 'true', '0'), fc.boolean()).map(([p, neg]) => (neg ? not(matcher('app', p)) : matcher('app', p))) },
);
const PARTS = [
  '{{ message }}', '{{ raw_message }}', '{{ error.type }}', '{{ error.value }}', '{{ transaction }}', '{{ stack.function }}', '{{ stack.abs_path }}',
  '{{ stack.filename }}', '{{ stack.module }}', '{{ stack.package }}', '{{ level }}', '{{ logger }}', '{{ tags.tenant }}', '{{ default }}',
  '{{ dog }}', 'card declined', 'Connection error (code: 1) after 30ms', 'user 42 failed at 10.0.0.1', 'literal',
];
const ruleArb: fc.Arbitrary<FingerprintRule> = fc
  .record({
    matchers: fc.array(matcherArb, { minLength: 1, maxLength: 3 }),
    fingerprint: fc.array(fc.constantFrom(...PARTS), { minLength: 1, maxLength: 3 }),
    title: fc.option(fc.constantFrom('Down: {{ transaction }}', '{{ message }} in {{ tags.tenant }}', 'plain'), { nil: undefined }),
  })
  .map((spec) => fingerprintRule(spec));
const rulesArb = fc.oneof(
  fc.array(ruleArb, { maxLength: 12 }),
  fc.array(ruleArb, { maxLength: 6 }).map((rules) => [...rules, ...builtinRules]),
);
const sdkName = fc.option(fc.constantFrom(...SDKS), { nil: undefined });

describe('the browser evaluator gives the Node applyRules result', () => {
  it('exactly, with parameterize passed in, on random rule sets and events', () => {
    fc.assert(
      fc.property(rulesArb, event, sdkName, (rules, ev, sdk) => {
        const options = sdk === undefined ? undefined : { sdkName: sdk };
        expect(applyRulesBrowser(ev, rules, { ...options, parameterize })).toEqual(applyRules(ev, rules, options));
      }),
      { numRuns: 800, seed: 20261129 },
    );
  });

  it('without parameterize: the same rule, and every part resolved alike except those left for Sentry to parameterise', () => {
    fc.assert(
      fc.property(rulesArb, event, (rules, ev) => {
        const node = applyRules(ev, rules);
        const browser = applyRulesBrowser(ev, rules);
        expect(browser?.rule).toBe(node?.rule);
        if (node === null || browser === null) return;
        expect(browser.rawFingerprint).toEqual(node.rawFingerprint);
        expect(browser.title).toEqual(node.title);
        const messages = [logMessage(ev)?.trim(), logMessage(ev), ...(ev.exception?.values ?? []).map((e) => e?.value)];
        browser.fingerprint.forEach((part, i) => {
          const raw = node.rawFingerprint[i]!;
          const variable = WHOLE_VARIABLE.exec(raw)?.[1];
          const leftForSentry = (variable !== undefined && VARIABLES[variable] === 'message') || (variable === undefined && messages.includes(raw));
          expect({ i, part }).toEqual({ i, part: leftForSentry ? raw : node.fingerprint[i] });
        });
      }),
      { numRuns: 400, seed: 4242 },
    );
  });

  it('on rules parsed from text, the way they are written', () => {
    const rules = parseRules(
      [
        'error.type:ChunkLoadError -> chunk-load',
        'stack.abs_path:"**/vendor/**" !app:yes -> vendor, {{ error.type }}',
        'error.value:"*timeout*" stack.function:fetch* -> fetch-timeout, {{ transaction }}',
        'message:"quota *" -> quota, {{ message }}',
      ].join('\n'),
    );
    const ev: FingerprintEvent = {
      transaction: 'GET /x',
      exception: { values: [{ type: 'TypeError', value: 'Request TIMEOUT after 10s', stacktrace: { frames: [{ function: 'fetchJson', abs_path: 'https://x/vendor/a.js', in_app: false }] } }] },
    };
    expect(applyRulesBrowser(ev, rules)).toEqual(applyRules(ev, rules));
    expect(applyRulesBrowser(ev, rules)?.fingerprint).toEqual(['vendor', 'TypeError']);
    expect(applyRulesBrowser(ev, rules.slice(2))?.fingerprint).toEqual(['fetch-timeout', 'GET /x']);
    const quota: FingerprintEvent = { message: 'quota exceeded for user 42' };
    expect(applyRules(quota, rules)?.fingerprint).toEqual(['quota', 'quota exceeded for user <int>']);
    expect(applyRulesBrowser(quota, rules)?.fingerprint).toEqual(['quota', '{{ message }}']);
    expect(applyRulesBrowser(quota, rules, { parameterize })?.fingerprint).toEqual(['quota', 'quota exceeded for user <int>']);
  });
});
