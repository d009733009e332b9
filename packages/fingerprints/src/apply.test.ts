import { describe, expect, it } from 'vitest';
import { applyRules, explain } from './apply';
import { parseRules } from './parser';
import type { FingerprintEvent, FingerprintFrame } from './types';

const frame = (f: Partial<FingerprintFrame>): FingerprintFrame => ({ in_app: true, ...f });

function errorEvent(over: Partial<FingerprintEvent> = {}, frames: FingerprintFrame[] = []): FingerprintEvent {
  return {
    platform: 'node',
    level: 'error',
    transaction: 'GET /users/:id',
    exception: { values: [{ type: 'ConnectionError', value: 'connection error: refused', stacktrace: { frames } }] },
    ...over,
  };
}

const apply = (rules: string, event: FingerprintEvent) => applyRules(event, parseRules(rules));

describe('applyRules: result shape and first match wins', () => {
  it('returns null when no rule matches', () => {
    expect(apply('type:Other -> x', errorEvent())).toBeNull();
    expect(applyRules(errorEvent(), [])).toBeNull();
  });

  it('returns fingerprint, rawFingerprint and the rule; the first matching rule wins', () => {
    const rules = parseRules('type:Nope -> a\ntype:ConnectionError -> system-down, {{ transaction }}\ntype:Connection* -> later');
    const r = applyRules(errorEvent(), rules)!;
    expect(r).toEqual({ fingerprint: ['system-down', 'GET /users/:id'], rawFingerprint: ['system-down', '{{ transaction }}'], rule: rules[1] });
    expect(r.title).toBeUndefined();
  });

  it('resolves the title, every {{ }} inside it, without parameterising the message', () => {
    const r = apply('type:ConnectionError -> a title="{{ type }} at {{transaction}}: {{ message }}"', errorEvent({ exception: { values: [{ type: 'ConnectionError', value: 'id 42' }] } }))!;
    expect(r.title).toBe('ConnectionError at GET /users/:id: id 42');
    expect(r.fingerprint).toEqual(['a']);
  });
});

describe('matchers', () => {
  it('type is a case-sensitive glob on any exception of the chain', () => {
    const e = errorEvent({ exception: { values: [{ type: 'TimeoutError' }, { type: 'WrappedError' }] } });
    expect(apply('type:TimeoutError -> a', e)).not.toBeNull();
    expect(apply('type:timeouterror -> a', e)).toBeNull();
  });
  it('value is case-insensitive and trimmed', () => {
    expect(apply('value:"CONNECTION ERROR: *" -> a', errorEvent({ exception: { values: [{ type: 'E', value: '  connection error: x  ' }] } }))).not.toBeNull();
  });
  it('type and value must hold on the same exception', () => {
    const e = errorEvent({ exception: { values: [{ type: 'A', value: 'one' }, { type: 'B', value: 'two' }] } });
    expect(apply('type:A value:one -> x', e)).not.toBeNull();
    expect(apply('type:A value:two -> x', e)).toBeNull();
  });
  it('message matches the log message or any exception value, case-insensitively', () => {
    expect(apply('message:"disk *" -> a', { message: 'Disk full on /var' })).not.toBeNull();
    expect(apply('message:"disk *" -> a', { logentry: { formatted: '  disk full  ' } })).not.toBeNull();
    expect(apply('message:"connection error*" -> a', errorEvent())).not.toBeNull();
    expect(apply('message:"nothing" -> a', errorEvent())).toBeNull();
  });
  it('logger is case-sensitive, level case-insensitive', () => {
    const e: FingerprintEvent = { logger: 'com.myapp.FooLogger', level: 'error', message: 'm' };
    expect(apply('logger:"com.myapp.FooLogger" level:"ERROR" -> x', e)).not.toBeNull();
    expect(apply('logger:"com.myapp.foologger" -> x', e)).toBeNull();
  });
  it('level defaults to error like Relay, so !logger matches an event without logger (reading: Relay normalisation)', () => {
    expect(apply('level:error -> x', { message: 'm' })).not.toBeNull();
    expect(apply('!logger:x -> y', { message: 'm' })).not.toBeNull();
  });
  it('tags.NAME is case-sensitive on the trimmed value; a negated tag matcher passes when the tag is missing', () => {
    const e = errorEvent({ tags: { server_name: ' canary-3.mycompany.internal ', n: 5 } });
    expect(apply('tags.server_name:"canary-*.mycompany.internal" -> c', e)).not.toBeNull();
    expect(apply('tags.server_name:"CANARY-*" -> c', e)).toBeNull();
    expect(apply('tags.n:5 -> c', e)).not.toBeNull();
    expect(apply('!tags.missing:* -> c', e)).not.toBeNull();
    expect(apply('tags.missing:* -> c', e)).toBeNull();
    expect(apply('tags.k:v -> c', { tags: [['k', 'v']] })).not.toBeNull();
  });
  it('function, module, path, package, app read frames; path tries abs_path and filename', () => {
    const e = errorEvent({}, [
      frame({ function: 'connect', module: 'bot', abs_path: '/app/src/my-utils/db.js', filename: 'my-utils/db.js', package: '/usr/lib/libcurl.so' }),
    ]);
    expect(apply('function:connect -> a', e)).not.toBeNull();
    expect(apply('function:Connect -> a', e)).toBeNull();
    expect(apply('module:bo* -> a', e)).not.toBeNull();
    expect(apply('path:"**/my-utils/*.js" -> a', e)).not.toBeNull();
    expect(apply('path:"my-utils/db.js" -> a', e)).not.toBeNull();
    expect(apply('package:"**/libcurl.so" -> a', e)).not.toBeNull();
    expect(apply('app:yes -> a', e)).not.toBeNull();
    expect(apply('app:no -> a', e)).toBeNull();
  });
  it('a frame without in_app never matches app:, a negated app: matches it', () => {
    const e = errorEvent({}, [{ function: 'f' }]);
    expect(apply('app:no -> a', e)).toBeNull();
    expect(apply('!app:yes -> a', e)).not.toBeNull();
  });
  it('a frame without function is "<unknown>"', () => {
    expect(apply('function:<unknown> -> a', errorEvent({}, [{ module: 'm' }]))).not.toBeNull();
  });
  it('frame matchers must hold on the same frame (Sentry docs: bot-error example)', () => {
    const rules = 'error.type:ConnectionError stack.function:"connect" stack.module:"bot" -> bot-error';
    const same = errorEvent({}, [frame({ function: 'other', module: 'x' }), frame({ function: 'connect', module: 'bot' })]);
    const split = errorEvent({}, [frame({ function: 'connect', module: 'x' }), frame({ function: 'other', module: 'bot' })]);
    expect(apply(rules, same)?.fingerprint).toEqual(['bot-error']);
    expect(apply(rules, split)).toBeNull();
  });
  it('frames come from every exception, else the top-level stacktrace, else the crashing thread', () => {
    expect(apply('function:top -> a', { stacktrace: { frames: [{ function: 'top' }] } })).not.toBeNull();
    const threads = { values: [{ stacktrace: { frames: [{ function: 'idle' }] } }, { crashed: true, stacktrace: { frames: [{ function: 'boom' }] } }] };
    expect(apply('function:boom -> a', { threads })).not.toBeNull();
    expect(apply('function:idle -> a', { threads })).toBeNull();
  });
  it('no items, no match, even negated: !function:foo fails on an event without frames', () => {
    expect(apply('!function:foo -> a', { message: 'no frames' })).toBeNull();
    expect(apply('!type:Foo -> a', { message: 'no exceptions' })).toBeNull();
  });
  it('negation is per item: !path on the same frame as function', () => {
    const e = errorEvent({}, [frame({ function: 'q', abs_path: '/app/node_modules/pg/x.js' }), frame({ function: 'q', abs_path: '/app/src/q.js' })]);
    expect(apply('function:q !path:**/node_modules/** -> a', e)).not.toBeNull();
    const onlyVendor = errorEvent({}, [frame({ function: 'q', abs_path: '/app/node_modules/pg/x.js' })]);
    expect(apply('function:q !path:**/node_modules/** -> a', onlyVendor)).toBeNull();
  });
  it('family: javascript for javascript/node, native for cocoa etc., other; comma lists and all', () => {
    expect(apply('family:javascript -> a', errorEvent())).not.toBeNull();
    expect(apply('family:native,javascript -> a', errorEvent())).not.toBeNull();
    expect(apply('family:native -> a', errorEvent())).toBeNull();
    expect(apply('family:native -> a', errorEvent({ platform: 'cocoa' }))).not.toBeNull();
    expect(apply('family:other -> a', errorEvent({ platform: 'python' }))).not.toBeNull();
    expect(apply('family:all -> a', errorEvent({ platform: 'python' }))).not.toBeNull();
    expect(apply('family:javascript -> a', { message: 'x' })).not.toBeNull(); // no platform: javascript
  });
  it('sdk: normalised sdk.name; the sdkName option stands in when event.sdk is not filled in yet', () => {
    const rules = parseRules('sdk:sentry.javascript.node -> a');
    expect(applyRules({ message: 'x', sdk: { name: 'sentry.javascript.node' } }, rules)).not.toBeNull();
    expect(applyRules({ message: 'x' }, rules)).toBeNull();
    expect(applyRules({ message: 'x' }, rules, { sdkName: 'sentry.javascript.node' })).not.toBeNull();
    expect(applyRules({ message: 'x', sdk: { name: 'sentry.javascript.browser' } }, rules, { sdkName: 'sentry.javascript.node' })).toBeNull();
    expect(apply('sdk:sentry.python -> a', { sdk: { name: 'sentry.python.django' } })).not.toBeNull();
    expect(apply('sdk:other -> a', { sdk: { name: 'my-own-sdk' } })).not.toBeNull();
    expect(apply('sdk:sentry.javascript.react -> a', { sdk: { name: 'sentry.react' } })).not.toBeNull();
  });
  it('release is a path glob, trimmed', () => {
    expect(apply('release:"api@1.*" -> a', { release: ' API@1.4.2 ' })).not.toBeNull();
    expect(apply('release:"api@1.*" -> a', { release: 'api@2.0.0' })).toBeNull();
    expect(apply('release:x -> a', { message: 'no release' })).toBeNull();
  });
  it('native function names are trimmed before matching, JS names are not', () => {
    const native = { platform: 'native', exception: { values: [{ type: 'SIGSEGV', stacktrace: { frames: [{ function: 'std::vector<int>::push_back(int const&)' }] } }] } };
    expect(apply('function:std::vector::push_back -> a', native)).not.toBeNull();
    expect(apply('function:"Foo.bar(x)" -> a', errorEvent({}, [frame({ function: 'Foo.bar(x)' })]))).not.toBeNull();
  });
  it('different groups are independent: type on the exception, function on any frame', () => {
    expect(apply('type:ConnectionError function:f -> a', errorEvent({}, [frame({ function: 'f' })]))).not.toBeNull();
  });
  it('the per-event frame prefilter (first a scan, then a joined string) never hides a match', () => {
    const e = errorEvent({}, [
      frame({ function: 'Vendor.run', module: 'vendor', filename: 'C:\\App\\Vendor\\v.js' }),
      frame({ function: 'Query.Database', module: 'app/My-Utils/db', abs_path: 'C:\\App\\My-Utils\\DB.JS', package: 'C:\\libs\\LibCurl.so' }),
    ]);
    const rules = parseRules(
      [
        'stack.abs_path:"**/nothing-here/*.js" -> no1',
        'stack.function:"nothing_here" -> no2',
        'stack.module:"nothing/here*" -> no3',
        'stack.package:"**/nothing.so" -> no4',
        'stack.abs_path:"**/my-utils/*.js" stack.function:"Query.*" stack.module:"*/My-Utils/*" stack.package:"**/libcurl.so" -> yes',
      ].join('\n'),
    );
    expect(applyRules(e, rules)?.fingerprint).toEqual(['yes']);
    expect(applyRules(e, rules.slice(4))?.fingerprint).toEqual(['yes']);
    expect(applyRules(e, parseRules('stack.module:"*/my-utils/*" -> case-sensitive'))).toBeNull();
  });

  it('ignores malformed parts of events instead of throwing', () => {
    const weird = { exception: { values: [null, { type: 5 }] }, tags: 'x', stacktrace: { frames: 'nope' } } as unknown as FingerprintEvent;
    expect(apply('type:* -> a\n!function:x -> b\ntags.a:b -> c', weird)).toBeNull();
  });
});

describe('variables', () => {
  const rich = errorEvent({ logger: 'orders', tags: { server_name: 'web-1' } }, [
    frame({ function: 'handler', abs_path: '/app/src/h.js', filename: 'src/h.js', module: 'app.h', package: '/srv/pkg/libapp.so', in_app: true }),
    frame({ function: 'vendor', in_app: false }),
  ]);
  it.each([
    ['{{ transaction }}', 'GET /users/:id'],
    ['{{ error.type }}', 'ConnectionError'],
    ['{{ type }}', 'ConnectionError'],
    ['{{ error.value }}', 'connection error: refused'],
    ['{{ value }}', 'connection error: refused'],
    ['{{ stack.function }}', 'handler'],
    ['{{ function }}', 'handler'],
    ['{{ stack.abs_path }}', '/app/src/h.js'],
    ['{{ path }}', '/app/src/h.js'],
    ['{{ stack.filename }}', 'src/h.js'],
    ['{{ stack.module }}', 'app.h'],
    ['{{ module }}', 'app.h'],
    ['{{ stack.package }}', 'libapp.so'],
    ['{{ package }}', 'libapp.so'],
    ['{{ level }}', 'error'],
    ['{{ logger }}', 'orders'],
    ['{{ tags.server_name }}', 'web-1'],
    ['{{ message }}', 'connection error: refused'],
    ['{{ default }}', '{{ default }}'],
  ])('%s resolves to %s (crash frame = last in-app frame)', (variable, expected) => {
    expect(apply(`type:* -> ${variable}`, rich)!.fingerprint).toEqual([expected]);
  });

  it.each([
    ['{{ transaction }}', '<no-transaction>'],
    ['{{ error.type }}', '<no-type>'],
    ['{{ error.value }}', '<no-value>'],
    ['{{ stack.function }}', '<no-function>'],
    ['{{ stack.abs_path }}', '<no-abs-path>'],
    ['{{ stack.filename }}', '<no-filename>'],
    ['{{ stack.module }}', '<no-module>'],
    ['{{ stack.package }}', '<no-package>'],
    ['{{ logger }}', '<no-logger>'],
    ['{{ tags.server_name }}', '<no-value-for-tag-server_name>'],
    ['{{ message }}', '<no-message>'],
    ['{{ release }}', '<unrecognized-variable-release>'],
  ])('%s falls back to %s (unknown names: Sentry\'s newest config)', (variable, expected) => {
    expect(apply(`level:* -> ${variable}`, { level: 'warning' })!.fingerprint).toEqual([expected]);
  });

  it('{{ message }} is parameterised, {{ raw_message }} and {{ error.value }} are not', () => {
    const e = { message: 'user 4411 not found after 35ms' };
    expect(apply('level:* -> {{ message }}, {{ raw_message }}', e)!.fingerprint).toEqual(['user <int> not found after <duration>', 'user 4411 not found after 35ms']);
    const ex = errorEvent({ exception: { values: [{ type: 'E', value: 'id 17' }] } });
    expect(apply('type:E -> {{ message }} {{ value }}', ex)!.fingerprint).toEqual(['id <int>', 'id 17']);
  });

  it('a literal part equal to the message is parameterised too (Sentry\'s newest behaviour)', () => {
    expect(apply('level:* -> "user 4411 missing"', { message: 'user 4411 missing' })!.fingerprint).toEqual(['user <int> missing']);
  });

  it('only whole parts are variables: "x-{{ a }}" quoted is a literal', () => {
    expect(apply('level:* -> "x-{{ logger }}"', { logger: 'l' })!.fingerprint).toEqual(['x-{{ logger }}']);
  });

  it('the crash frame is the last frame when none is in-app; stack.filename falls back to abs_path', () => {
    const e = errorEvent({}, [{ function: 'a', in_app: false }, { function: 'b', abs_path: '/x/b.js', in_app: false }]);
    expect(apply('type:* -> {{ function }} {{ stack.filename }}', e)!.fingerprint).toEqual(['b', '/x/b.js']);
  });

  it('variables read the last exception of a chain', () => {
    const e = { exception: { values: [{ type: 'Cause', value: 'c' }, { type: 'Outer', value: 'o' }] } };
    expect(apply('type:Cause -> {{ type }} {{ value }}', e)!.fingerprint).toEqual(['Outer', 'o']);
  });
});

describe('explain', () => {
  it('says which rule matched, which lost to first-match-wins, and why the others failed', () => {
    const rules = parseRules(
      [
        'type:Nope -> a',
        'error.type:ConnectionError stack.function:"connect" stack.module:"bot" -> bot-error',
        'type:ConnectionError -> b',
        'type:Connection* -> c',
        '!function:x -> d',
      ].join('\n'),
    );
    const e = errorEvent({}, [frame({ function: 'connect', module: 'x' }), frame({ function: 'other', module: 'bot' })]);
    const x = explain(e, rules);
    expect(x.result?.rule).toBe(rules[2]);
    expect(x.rules.map((r) => [r.matched, r.chosen])).toEqual([[false, false], [false, false], [true, true], [true, false], [true, false]]);
    expect(x.rules[0]!.reason).toBe('type:"Nope" matches no exception (1 checked; type seen: "ConnectionError")');
    expect(x.rules[1]!.reason).toMatch(/no single stack frame matches all of them \(they must hold on the same one\)/);
    expect(x.rules[1]!.matchers.find((m) => m.matcher.key === 'function')!.reason).toBe('function:"connect" matches stack frame #1');
    expect(x.rules[3]!.reason).toBe('matched, but an earlier rule matched first (first match wins)');
    expect(explain({ message: 'm' }, rules).rules[4]!.reason).toMatch(/the event has no stack frames/);
  });
  it('agrees with applyRules', () => {
    const rules = parseRules('type:ConnectionError -> {{ transaction }}');
    expect(explain(errorEvent(), rules).result).toEqual(applyRules(errorEvent(), rules));
  });
});
