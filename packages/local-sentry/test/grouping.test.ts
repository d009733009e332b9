/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's JSON responses loosely, as a client would */
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Sentry from '@sentry/node';
import { groupEvent } from '../src/grouping';
import { api, envelope, initSdk, post, start } from './helpers';
import type { LocalSentry } from '../src/types';

const frame = (fn: string, lineno: number, inApp = true) => ({ function: fn, module: 'app.orders', filename: '/app/orders.js', lineno, in_app: inApp });
const exc = (type: string, value: string, fr: unknown[]) => ({ exception: { values: [{ type, value, stacktrace: { frames: fr } }] } });

it('groups by exception type and in-app frames, ignoring line numbers and values', () => {
  const a = groupEvent(exc('TypeError', 'a is undefined', [frame('lib', 1, false), frame('pay', 10)]));
  const b = groupEvent(exc('TypeError', 'b is undefined', [frame('lib', 99, false), frame('pay', 42)]));
  const c = groupEvent(exc('RangeError', 'a is undefined', [frame('pay', 10)]));
  expect(a.hash).toBe(b.hash);
  expect(a.hash).not.toBe(c.hash);
  expect(a).toMatchObject({ title: 'TypeError: a is undefined', culprit: 'app.orders in pay', errorType: 'TypeError', type: 'error', kind: 'default' });
});

it('groups messages by their parameterised text', () => {
  const a = groupEvent({ message: 'order 123 failed for 3f2a9c1e-0000-4000-8000-000000000001' });
  const b = groupEvent({ message: 'order 456 failed for 3f2a9c1e-0000-4000-8000-000000000002' });
  expect(a.hash).toBe(b.hash);
  expect(a.title).toBe('order 123 failed for 3f2a9c1e-0000-4000-8000-000000000001');
  expect(groupEvent({ message: 'something else' }).hash).not.toBe(a.hash);
});

it('uses the fingerprint when present, resolving {{ default }}', () => {
  const base = exc('DbError', 'timeout', [frame('query', 1)]);
  const custom1 = groupEvent({ ...base, fingerprint: ['database-down'] });
  const custom2 = groupEvent({ ...exc('OtherError', 'x', [frame('other', 2)]), fingerprint: ['database-down'] });
  expect(custom1.hash).toBe(custom2.hash);
  expect(custom1.kind).toBe('custom');
  const hybridPg = groupEvent({ ...base, fingerprint: ['{{ default }}', 'postgres'] });
  const hybridRedis = groupEvent({ ...base, fingerprint: ['{{ default }}', 'redis'] });
  expect(hybridPg.kind).toBe('hybrid');
  expect(hybridPg.hash).not.toBe(hybridRedis.hash);
  expect(groupEvent({ ...base, fingerprint: ['{{ default }}'] }).hash).toBe(groupEvent(base).hash);
});

let server: LocalSentry;
beforeEach(async () => {
  server = await start({ fingerprintRules: 'error.type:ExportError -> export-errors title="Export failed"' });
});
afterEach(async () => {
  await Sentry.close();
  await server.close();
});

it('applies server-side fingerprint rules and detects new issues at insert', async () => {
  initSdk(server.dsn);
  class ExportError extends Error {
    override name = 'ExportError';
  }
  Sentry.captureException(new ExportError('csv 1'));
  Sentry.captureException(new ExportError('pdf 2'));
  Sentry.withScope((scope) => {
    scope.setFingerprint(['{{ default }}', 'tenant-a']);
    Sentry.captureException(new Error('boom'));
  });
  Sentry.withScope((scope) => {
    scope.setFingerprint(['{{ default }}', 'tenant-b']);
    Sentry.captureException(new Error('boom'));
  });
  await Sentry.flush(5000);
  const issues = (await api(server, '/organizations/local/issues/?query=&sort=freq')).body;
  expect(issues.map((i: any) => [i.title, i.count])).toEqual([
    ['Export failed', '2'],
    ['Error: boom', '1'],
    ['Error: boom', '1'],
  ]);
  expect(issues[0].substatus).toBe('ongoing');
  expect(issues[2].substatus).toBe('new');
});

it('rejects bad fingerprint rules at start with the parser message', async () => {
  await expect(start({ fingerprintRules: 'error.type:X ->' })).rejects.toThrow(/fingerprintRules:/);
});

it('stores transactions apart from issues', async () => {
  const tx = { type: 'transaction', transaction: 'GET /users', start_timestamp: 1000, timestamp: 1000.25, contexts: { trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) } } };
  expect((await post(server, envelope({}, [[{ type: 'transaction' }, tx]]))).status).toBe(200);
  expect((await api(server, '/organizations/local/issues/?query=')).body).toEqual([]);
});
