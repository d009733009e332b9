import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECRETS } from '../test/secrets';
import { ScrubbingConfigError } from './errors';
import { createScrubber, scrubEvent, scrubText, scrubValue } from '../test/engine';

const reference = JSON.parse(readFileSync(new URL('../bench/reference-event.json', import.meta.url), 'utf8')) as Record<string, any> /* eslint-disable-line @typescript-eslint/no-explicit-any -- test data of any shape */;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('scrubEvent', () => {
  it('never mutates its input and scrubs the reference event', () => {
    const input = deepFreeze(structuredClone(reference));
    const out = scrubEvent(input);
    expect(input).toEqual(reference);
    const json = JSON.stringify(out);
    for (const leak of ['4111-1111-1111-1111', 'AKIAIOSFODNN7EXAMPLE', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '123-45-6789', 'pg-super-secret', 'token=abc123', 'jane.doe']) {
      expect(json).not.toContain(leak);
    }
    expect(out.request.headers.authorization).toBe('[Filtered]');
    expect(out.request.headers['user-agent']).toBe(reference.request.headers['user-agent']);
    expect(out.exception.values[0].value).toBe('charge failed for ********************: card [creditcard] declined ([token])');
  });

  it('is copy-on-write: untouched branches are the same objects, a clean event comes back as is', () => {
    const out = scrubEvent(reference);
    expect(out).not.toBe(reference);
    expect(out.sdk).toBe(reference.sdk);
    expect(out.exception.values[0].stacktrace).toBe(reference.exception.values[0].stacktrace);
    expect(out.contexts.os).toBe(reference.contexts.os);
    const clean = scrubEvent(out);
    expect(clean).toBe(out);
  });

  it('keeps SDK-written fields and frame locations untouched, scans frame vars and context', () => {
    const event = {
      event_id: 'a'.repeat(32),
      release: 'api@1.2.3+4111111111111111',
      exception: {
        values: [
          {
            type: 'Error',
            value: 'x',
            stacktrace: {
              frames: [
                {
                  filename: '/home/jane.doe@example.com/app.js',
                  function: 'pay',
                  lineno: 1,
                  vars: { password: 'p', note: `card ${SECRETS.visa}` },
                  context_line: `const key = "${SECRETS.stripe}";`,
                },
              ],
            },
          },
        ],
      },
    };
    const out = scrubEvent(event);
    expect(out.release).toBe(event.release);
    const frame = out.exception.values[0]!.stacktrace.frames[0]!;
    expect(frame.filename).toBe(event.exception.values[0]!.stacktrace.frames[0]!.filename);
    expect(frame.vars).toEqual({ password: '[Filtered]', note: 'card [creditcard]' });
    expect(frame.context_line).toBe('const key = "[token]";');
  });

  it('redacts everything under a sensitive key but keeps the structure, booleans and null', () => {
    const out = scrubEvent({ extra: { credentials: { user: 'bob', pin: 1234, remember: true, hint: null, list: ['a', 2] } } });
    expect(out.extra.credentials).toEqual({ user: '[Filtered]', pin: '[Filtered]', remember: true, hint: null, list: ['[Filtered]', '[Filtered]'] });
  });

  it('treats [name, value] pairs as entries (headers and query strings as tuples)', () => {
    const out = scrubEvent({ request: { headers: [['Authorization', 'Basic abc'], ['Accept', 'text/html']], query_string: [['token', 'x1'], ['page', '2']] } });
    expect(out.request.headers).toEqual([['Authorization', '[Filtered]'], ['Accept', 'text/html']]);
    expect(out.request.query_string).toEqual([['token', '[Filtered]'], ['page', '2']]);
  });

  it('handles Error objects, cycles, depth, budget and long strings', () => {
    const error = new Error(`failed for ${SECRETS.email}`);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { leaf: `pw=${SECRETS.password}` };
    for (let i = 0; i < 40; i++) deep = { next: deep };
    const out = createScrubber({ maxDepth: 10, maxStringLength: 100 }).scrubEvent({
      extra: { error, cyclic, deep, long: `${'x'.repeat(200)} ${SECRETS.visa}`, short: 'ok' },
    });
    expect(out.extra.error).toMatchObject({ name: 'Error', message: 'failed for ********************' });
    expect(out.extra.cyclic).toEqual({ name: 'loop', self: '[Circular ~]' });
    expect(JSON.stringify(out.extra.deep)).toContain('[Filtered: depth]');
    expect(JSON.stringify(out.extra.deep)).not.toContain(SECRETS.password);
    expect(out.extra.long).toBe(`${'x'.repeat(100)}…[truncated 117]`);
    const budget = createScrubber({ maxTotalLength: 10 }).scrubEvent({ extra: { a: 'hello', b: 'this is longer than the budget' } });
    expect(budget.extra).toEqual({ a: 'hello', b: '[Filtered: budget]' });
  });

  it('ignores keys inherited from a polluted Object.prototype (plain objects skip the own-key check otherwise)', () => {
    const scrubber = createScrubber();
    const event = { extra: { note: 'ok', password: 'p' } };
    const polluted = Object.prototype as Record<string, unknown>;
    try {
      polluted.inherited = `token=${SECRETS.password}`;
      const out = scrubber.scrubEvent(event);
      expect(Object.keys(out.extra)).toEqual(['note', 'password']);
      expect(out.extra).toEqual({ note: 'ok', password: '[Filtered]' });
    } finally {
      delete polluted.inherited;
    }
  });

  it('stays correct when a getter in the event calls the same scrubber again (re-entry)', () => {
    const scrubber = createScrubber();
    const inner = { password: SECRETS.password, note: `card ${SECRETS.visa}` };
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const event = {
      extra: {
        get summary(): string {
          return JSON.stringify(scrubber.scrubValue(inner));
        },
        cyclic,
      },
      // Walked after the getter: still an event (frame locations kept) with its own ancestors.
      exception: { values: [{ stacktrace: { frames: [{ filename: '/app/x.js?token=abc123', vars: { token: 't' } }] } }] },
    };
    const out = scrubber.scrubEvent(event);
    expect(JSON.parse(out.extra.summary)).toEqual({ password: '[Filtered]', note: 'card [creditcard]' });
    expect(out.extra.cyclic).toEqual({ name: 'loop', self: '[Circular ~]' });
    expect(out.exception.values[0]!.stacktrace.frames[0]).toEqual({ filename: '/app/x.js?token=[Filtered]', vars: { token: '[Filtered]' } });
  });

  it('scans a frame location only when it carries a query string (a script loaded from a signed URL)', () => {
    const scrubber = createScrubber();
    const signed = 'https://cdn.example.com/app.js?X-Amz-Signature=0f3a9c&access_token=s3cr3t-v4lue-1234';
    const plain = '/srv/app/node_modules/pg/lib/client.js';
    const event = { exception: { values: [{ stacktrace: { frames: [{ abs_path: signed, filename: signed }, { abs_path: plain, filename: plain }] } }] } };
    const [signedFrame, plainFrame] = scrubber.scrubEvent(event).exception.values[0]!.stacktrace.frames;
    expect(signedFrame!.abs_path).not.toContain('s3cr3t-v4lue-1234');
    expect(signedFrame!.filename).not.toContain('s3cr3t-v4lue-1234');
    expect(signedFrame!.abs_path).toContain('https://cdn.example.com/app.js?');
    expect(plainFrame).toBe(event.exception.values[0]!.stacktrace.frames[1]);
  });
});

describe('paths, safe paths, methods on keys', () => {
  it('pino-style paths redact, safe paths are left alone', () => {
    const scrubber = createScrubber({
      paths: ['request.headers.x-internal', 'extra.*.token_hint', 'contexts["my.ctx"].id', 'breadcrumbs[0].data', 'extra.**.ref'],
      safePaths: ['extra.public.password', 'user.email'],
    });
    const out = scrubber.scrubEvent({
      request: { headers: { 'X-Internal': 'route-7', accept: 'x' } },
      extra: { a: { token_hint: 'abc' }, public: { password: 'shown-on-purpose' }, deep: { more: { ref: 'r1' } } },
      contexts: { 'my.ctx': { id: 'c-1', other: 'o' } },
      breadcrumbs: [{ data: { a: 1 } }, { data: { a: 1 } }],
      user: { email: 'jane@example.com' },
    });
    expect(out.request.headers).toEqual({ 'X-Internal': '[Filtered]', accept: 'x' });
    expect(out.extra.a.token_hint).toBe('[Filtered]');
    expect(out.extra.public.password).toBe('shown-on-purpose');
    expect(out.extra.deep.more.ref).toBe('[Filtered]');
    expect(out.contexts['my.ctx']).toEqual({ id: '[Filtered]', other: 'o' });
    expect(out.breadcrumbs).toEqual([{ data: { a: '[Filtered]' } }, { data: { a: 1 } }]);
    expect(out.user.email).toBe('jane@example.com');
  });

  it('key method mask, hash and remove', () => {
    expect(scrubValue({ password: 'hunter2' }, { method: 'mask' })).toEqual({ password: '*******' });
    expect(scrubValue({ password: 'hunter2', other: 1 }, { method: 'remove' })).toEqual({ other: 1 });
    expect(scrubValue({ tokens: ['a', 'b'], list: [{ secret: 'x' }] }, { method: 'remove', sensitiveKeys: ['tokens'] })).toEqual({ tokens: [], list: [{}] });
    const hashed = scrubValue({ password: 'hunter2' }, { method: 'hash', hashKey: 'k'.repeat(16) });
    expect(hashed.password).toMatch(/^\[hash:[0-9A-F]{32}\]$/);
    expect(scrubValue({ password: 'hunter2' }, { replacement: '<hidden>' })).toEqual({ password: '<hidden>' });
  });

  it('scrubValue works on any JSON-like value, including a bare string or a JSON body string', () => {
    expect(scrubValue(`token=${SECRETS.github}`)).toBe('token=[token]');
    expect(scrubValue('token=plain-value')).toBe('token=[Filtered]');
    expect(scrubValue(`{"card":"${SECRETS.visa}","qty":2}`)).toBe('{"card":"[creditcard]","qty":2}');
    expect(scrubValue([{ email: 'a@b.co' }, 3, null])).toEqual([{ email: '******' }, 3, null]);
    expect(scrubValue(42)).toBe(42);
  });
});

describe('configuration errors', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['unknown rule', () => scrubText('x', { rules: { cards: true } as never }), 'INVALID_OPTION'],
    ['bad method', () => scrubText('x', { method: 'blur' as never }), 'INVALID_OPTION'],
    ['bad rule method', () => scrubText('x', { rules: { email: 'blur' as never } }), 'INVALID_OPTION'],
    ['bad regex', () => scrubText('x', { patterns: [{ id: 'p', pattern: '(' }] }), 'INVALID_PATTERN'],
    ['missing id', () => scrubText('x', { patterns: [{ id: '', pattern: 'a' }] }), 'INVALID_OPTION'],
    ['bad selector', () => scrubText('x', { paths: ['a..b'] }), 'INVALID_SELECTOR'],
    ['bad bracket', () => scrubText('x', { paths: ['a[b]'] }), 'INVALID_SELECTOR'],
    ['short hash key', () => scrubText('x', { hashKey: 'short' }), 'INVALID_HASH_KEY'],
    ['bad cap', () => scrubText('x', { maxStringLength: -1 }), 'INVALID_OPTION'],
  ];
  it.each(cases)('%s -> typed error naming the option', (_name, run, code) => {
    let caught: unknown;
    try {
      run();
    } catch (error) {
      caught = error;
    }
    expect(ScrubbingConfigError.isInstance(caught)).toBe(true);
    expect((caught as ScrubbingConfigError).code).toBe(code);
    expect((caught as Error).message).toMatch(/^[\w.[\]]+: /);
  });
  it('isInstance works across copies (brand, not instanceof)', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@causal-organism/scrubbing.ScrubbingConfigError')]: true });
    expect(ScrubbingConfigError.isInstance(foreign)).toBe(true);
    expect(ScrubbingConfigError.isInstance(new Error('x'))).toBe(false);
  });
});
