// Differential test: the browser engine (`/browser` entry) must give exactly the Node engine's
// output, on random nested events full of planted secrets (at random paths, inside random text,
// next to separator noise) and on secret-free events, for the defaults and several option sets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benignEvent, benignText, plantedSecret } from '../test/arbitraries';
import { SECRETS } from '../test/secrets';
import * as browser from './browser';
import * as node from './index';
import type { ScrubOptions } from './types';

const KEYS = [
  'message', 'value', 'note', 'data', 'extra', 'headers', 'cookies', 'query_string', 'frames', 'vars', 'filename', 'abs_path',
  'context_line', 'password', 'api_key', 'Authorization', 'x-internal', 'token', 'session_hint', 'token_type', 'orderRef',
  'user', 'email', 'ip_address', 'id', 'list', 'public', 'event_id', 'release',
];

/** Text around secrets: words, separators that the rules key on, quotes, escapes, newlines. */
const noise = fc.constantFrom(' ', '=', ': ', '"', "'", '\\"', '&', '?', '@', '-', '.', '\n', '\\n', ' = ', '%40', '://', '[', '*', ',', ';', 'é', 'Ā');
const word = fc.oneof(benignText, fc.constantFrom('password', 'token', 'Bearer', 'Basic', 'ssn', 'cookie:', 'https://a', 'x-api-key', 'true', 'eyJ', '-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----',
  // Shortest token and JWT shapes: whether a rule runs on them depends on the Node engine's prefilter.
  'xoxb-1234567890', 'eyJhbGci.eyJzdWIi.x', 'abcdefghijklmnop'));
const secretText = plantedSecret.map((s) => s.text);
const extraSecret = fc.constantFrom(...Object.values(SECRETS), `ORD-123456`, `ref=abc123`);
/** Digits, hex and letters with separators: where card, SSN, IBAN and IP scanning decide by shape. */
const shapes = fc
  .array(fc.oneof(fc.stringMatching(/^\d{1,6}$/), fc.constantFrom(' ', '-', '  ', '.', ':', '::', 'DE', 'GB82', 'a', 'f', '_', '%', 'x@y.io')), { minLength: 1, maxLength: 10 })
  .map((parts) => parts.join(''));
/** Random text: secrets, words, shapes and noise in random order. */
const text = fc.array(fc.oneof(secretText, extraSecret, word, shapes, noise, noise), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

/** A random nested value: objects with interesting keys, arrays, `[name, value]` pairs, leaves. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    secretText,
    fc.integer(),
    fc.constantFrom(true, false, null, '', 'true', '[Filtered]', 4111111111111111, 123456789),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.tuple(fc.constantFrom(...KEYS), tie('value')),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A realistic event with random values planted at random paths. */
const event = fc
  .tuple(benignEvent, fc.array(fc.tuple(fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 4 }), value), { maxLength: 6 }))
  .map(([base, plants]) => {
    const out = structuredClone(base);
    out.exception = { values: [{ type: 'Error', value: 'x', stacktrace: { frames: [{ filename: 'app.js?token=abc', function: 'f', vars: {} }] } }] };
    for (const [path, leaf] of plants) {
      let at = out;
      for (const key of path.slice(0, -1)) {
        const next = at[key];
        at = (at[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
      }
      at[path[path.length - 1]!] = leaf;
    }
    return out;
  });

const hashKey = 'a-test-key-of-32-bytes-0123456789';
const OPTION_SETS: Record<string, ScrubOptions> = {
  defaults: {},
  'methods per rule': {
    method: 'mask',
    hashKey,
    rules: { creditCard: 'hash', email: 'replace', ip: false, keyValue: 'mask', tokens: { method: 'remove' }, ssn: { replacement: '<ssn>' }, jwt: 'hash', iban: 'mask' },
  },
  'selectors and keys': {
    paths: ['extra.*.note', 'request.headers.x-internal', 'breadcrumbs[0].data', 'contexts.**.id', 'extra.list[1]'],
    safePaths: ['extra.public', 'user.email', 'tags.note'],
    safeKeys: ['session_hint', 'token'],
    sensitiveKeys: ['orderRef', /^x-internal/i],
  },
  'remove, hash keys, custom patterns, caps': {
    method: 'remove',
    hashKey,
    patterns: [
      { id: 'order', pattern: /ORD-\d{6}/ },
      { id: 'ref', pattern: 'ref=(\\w+)', group: 1, method: 'hash' },
    ],
    maxStringLength: 120,
    maxDepth: 5,
    maxTotalLength: 2000,
  },
  'hash everything, no default keys': {
    useDefaultSensitiveKeys: false,
    sensitiveKeys: ['note'],
    method: 'hash',
    hashKey,
    rules: { pemKey: 'hash', urlAuth: 'hash', authHeader: 'hash', keyValue: 'hash', tokens: 'hash', ssn: 'hash', email: 'hash', ip: 'hash' },
  },
};

describe('browser engine = Node engine', () => {
  for (const [name, options] of Object.entries(OPTION_SETS)) {
    describe(name, () => {
      const n = node.createScrubber(options);
      const b = browser.createScrubber(options);

      it('same output on random events with planted secrets', () => {
        fc.assert(
          fc.property(event, (e) => {
            expect(b.scrubEvent(e)).toStrictEqual(n.scrubEvent(e));
          }),
          { numRuns: 300 },
        );
      });

      it('same output on random text and values', () => {
        fc.assert(
          fc.property(text, value, (t, v) => {
            expect(b.scrubText(t)).toBe(n.scrubText(t));
            expect(b.scrubValue(v)).toStrictEqual(n.scrubValue(v));
          }),
          { numRuns: 500 },
        );
      });

      it('secret-free events: same output, and the input itself exactly when the Node engine returns it', () => {
        fc.assert(
          fc.property(benignEvent, (e) => {
            const expected = n.scrubEvent(e);
            const out = b.scrubEvent(e);
            expect(out).toStrictEqual(expected);
            expect(out === e).toBe(expected === e);
          }),
          { numRuns: 100 },
        );
      });
    });
  }

  it('the reference event', async () => {
    const { readFileSync } = await import('node:fs');
    const reference = JSON.parse(readFileSync(new URL('../bench/reference-event.json', import.meta.url), 'utf8')) as object;
    for (const options of Object.values(OPTION_SETS)) {
      expect(browser.scrubEvent(reference, options)).toStrictEqual(node.scrubEvent(reference, options));
    }
  });

  it('exports the same names as the root entry', () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
  });
});
