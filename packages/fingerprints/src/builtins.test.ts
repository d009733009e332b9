import { exceptionFromError } from '@sentry/core';
import { defaultStackParser } from '@sentry/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRules } from './apply';
import {
  BUILTIN_RULES_TEXT,
  builtinRules,
  classifyPlatformError,
  endpointOf,
  ExportError,
  markDatabaseError,
  markExportError,
  tagPlatformError,
  ValidationError,
} from './builtins';
import { parseRules } from './parser';
import type { FingerprintEvent } from './types';
import { pgConnect, pgPoolExhausted, redisCommand, startLoopback, startServers, UNRESOLVABLE_HOST, type Loopback, type RealServers } from '../test/real-errors';

/** The event Sentry's SDK builds for `error`, then the integration's built-in step. */
function fingerprintOf(error: unknown, extra: Partial<FingerprintEvent> = {}): { fingerprint: string[] | undefined; event: FingerprintEvent } {
  const event: FingerprintEvent = { platform: 'node', level: 'error', ...extra, exception: { values: [exceptionFromError(defaultStackParser, error as Error)] } };
  tagPlatformError(event, { error });
  return { fingerprint: applyRules(event, builtinRules)?.fingerprint, event };
}

describe('the built-in rules text', () => {
  it('parses, is marked builtin and reads only tags, so it can be pushed to Sentry unchanged', () => {
    expect(parseRules(BUILTIN_RULES_TEXT)).toHaveLength(3);
    expect(builtinRules.every((r) => r.builtin === true && r.matchers.every((m) => m.key.startsWith('tags.')))).toBe(true);
  });

  it('ships pre-compiled: builtinRules equals parseRules(BUILTIN_RULES_TEXT) marked builtin, so the parser stays out of browser bundles', () => {
    expect(builtinRules).toEqual(parseRules(BUILTIN_RULES_TEXT).map((r) => ({ ...r, builtin: true })));
    expect(Object.isFrozen(builtinRules)).toBe(true);
  });
});

describe('export errors -> [export-error, <type>]', () => {
  class CsvEncodingError extends ExportError {}
  it('an ExportError subclass keeps its own type', () => {
    expect(fingerprintOf(new CsvEncodingError('bad byte')).fingerprint).toEqual(['export-error', 'CsvEncodingError']);
  });
  it('markExportError keeps the original type', () => {
    expect(fingerprintOf(markExportError(new TypeError('x is undefined'))).fingerprint).toEqual(['export-error', 'TypeError']);
  });
  it('the tag error.category=export set by export code works for any error', () => {
    expect(fingerprintOf(new RangeError('r'), { tags: { 'error.category': 'export' } }).fingerprint).toEqual(['export-error', 'RangeError']);
  });
  it('an export error anywhere in the cause chain marks the event', () => {
    expect(fingerprintOf(new Error('job failed', { cause: new CsvEncodingError('bad') })).fingerprint).toEqual(['export-error', 'Error']);
  });
  it('an unmarked error is not an export error, even if it is named like one', () => {
    class ExportFailed extends Error {}
    expect(fingerprintOf(new ExportFailed('x')).fingerprint).toBeUndefined();
  });
  it('ExportError.isInstance survives copies (brand) and sees marked errors', () => {
    expect(ExportError.isInstance(new CsvEncodingError('x'))).toBe(true);
    expect(ExportError.isInstance(markExportError(new Error('y')))).toBe(true);
    expect(ExportError.isInstance(new Error('z'))).toBe(false);
  });
});

describe('validation errors -> [validation-error, <endpoint>]', () => {
  it('uses the parameterised route, never the raw URL', () => {
    const req = { method: 'POST', url: 'http://127.0.0.1:3000/users/42?debug=1' };
    expect(fingerprintOf(new ValidationError('email is required'), { request: req, tags: { 'http.route': '/users/:id' } }).fingerprint).toEqual(['validation-error', 'POST /users/:id']);
    expect(fingerprintOf(new ValidationError('bad'), { request: req, transaction: 'POST /users/:id' }).fingerprint).toEqual(['validation-error', 'POST /users/:id']);
    expect(fingerprintOf(new ValidationError('bad'), { request: req }).fingerprint).toEqual(['validation-error', 'POST /users/:param']);
  });
  it('recognises valibot, zod and generic ValidationError names', () => {
    for (const name of ['ValiError', 'ZodError', 'ValidationError']) {
      const e = new Error('invalid');
      e.name = name;
      expect(fingerprintOf(e, { transaction: 'PUT /orders/:id' }).fingerprint).toEqual(['validation-error', 'PUT /orders/:id']);
    }
  });
  it('endpointOf: trace data route, raw transactions and missing data', () => {
    expect(endpointOf({ contexts: { trace: { data: { 'http.route': '/a/:b', 'http.request.method': 'get' } } } })).toBe('GET /a/:b');
    expect(endpointOf({ transaction: 'GET /users/123/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0' })).toBe('GET /users/:param/orders/:param');
    expect(endpointOf({ transaction: 'GET /health' })).toBe('GET /health');
    expect(endpointOf({})).toBe('<unknown-endpoint>');
    expect(endpointOf({ request: { method: 'DELETE' } })).toBe('DELETE <unknown-route>');
    expect(endpointOf({ tags: { 'error.endpoint': 'custom' } })).toBe('custom');
  });
});

describe('database connection errors from real pg and ioredis failures', () => {
  let net: Loopback;
  let servers: RealServers;
  beforeAll(async () => {
    [net, servers] = await Promise.all([startLoopback(), startServers()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([net?.close(), servers?.stop()]);
  });

  const cls = (error: unknown, event: FingerprintEvent = {}) => classifyPlatformError({ ...event, exception: { values: [exceptionFromError(defaultStackParser, error as Error)] } }, { error });

  it('pg, refused (closed port): a raw socket error needs db.system (tag, trace data or markDatabaseError)', async () => {
    const err = await pgConnect({ host: '127.0.0.1', port: net.closedPort, user: 'u', password: 'p' });
    expect((err as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(cls(err)).toBeUndefined(); // could be any TCP peer: not called a database error
    expect(fingerprintOf(err, { tags: { 'db.system': 'postgresql' } }).fingerprint).toEqual(['database-connection-error', 'postgresql', 'Error']);
    expect(cls(err, { contexts: { trace: { data: { 'db.system': 'postgresql' } } } })).toEqual({ category: 'database-connection', dbSystem: 'postgresql', failure: 'refused' });
    expect(fingerprintOf(markDatabaseError(err, 'postgresql')).fingerprint).toEqual(['database-connection-error', 'postgresql', 'Error']);
  });

  it('pg, reset (server accepts and resets)', async () => {
    const err = markDatabaseError(await pgConnect({ host: '127.0.0.1', port: net.resetPort, user: 'u', password: 'p' }), 'postgresql');
    expect(cls(err)).toEqual({ category: 'database-connection', dbSystem: 'postgresql', failure: 'reset' });
  });

  it('pg, server hangs up mid-handshake: "Connection terminated unexpectedly" names pg by itself', async () => {
    const err = await pgConnect({ host: '127.0.0.1', port: net.hangupPort, user: 'u', password: 'p' });
    expect(err.message).toMatch(/Connection terminated/);
    expect(cls(err)).toMatchObject({ category: 'database-connection', dbSystem: 'postgresql' });
  });

  it('pg, timeout (server never answers, connectionTimeoutMillis): pg frames in the stack name the database', async () => {
    const err = await pgConnect({ host: '127.0.0.1', port: net.silentPort, user: 'u', password: 'p', connectionTimeoutMillis: 300 });
    expect(cls(err)).toEqual({ category: 'database-connection', dbSystem: 'postgresql', failure: 'timeout' });
    expect(fingerprintOf(err).fingerprint).toEqual(['database-connection-error', 'postgresql', 'Error']);
  });

  it('pg, DNS failure (getaddrinfo ENOTFOUND)', async () => {
    const err = await pgConnect({ host: UNRESOLVABLE_HOST, port: 5432, user: 'u', password: 'p' });
    expect((err as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
    // A lookup failure names no port and no driver: it needs db.system like any raw socket error.
    expect(cls(err)).toBeUndefined();
    expect(cls(err, { tags: { 'db.system': 'postgresql' } })).toEqual({ category: 'database-connection', dbSystem: 'postgresql', failure: 'dns' });
  });

  it('pg, authentication failure on a real PostgreSQL (SQLSTATE 28P01)', async () => {
    const err = await pgConnect({ connectionString: servers.postgres.url.replace('right-password', 'wrong-password') });
    expect((err as { code?: string }).code).toBe('28P01');
    expect(cls(err)).toEqual({ category: 'database-connection', dbSystem: 'postgresql', failure: 'auth' });
    // pg's DatabaseError is named "error", which is the type Sentry records.
    expect(fingerprintOf(err).fingerprint).toEqual(['database-connection-error', 'postgresql', 'error']);
  });

  it('pg-pool, pool exhausted (max 1, one client held)', async () => {
    const err = await pgPoolExhausted(servers.postgres.url);
    expect(err.message).toBe('timeout exceeded when trying to connect');
    expect(cls(err)).toEqual({ category: 'database-connection', dbSystem: 'postgresql', failure: 'pool-exhausted' });
  });

  it('a query error on a healthy connection is not a connection error', async () => {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: servers.postgres.url });
    await client.connect();
    const err = await client.query('select * from no_such_table').then(() => undefined, (e: unknown) => e);
    await client.end();
    expect((err as { code?: string }).code).toBe('42P01');
    expect(cls(err)).toBeUndefined();
  });

  it('ioredis, refused: the command fails with MaxRetriesPerRequestError; the raw error event with a marker', async () => {
    const { rejection, emitted } = await redisCommand({ host: '127.0.0.1', port: net.closedPort, maxRetriesPerRequest: 1, retryStrategy: (n: number) => (n > 2 ? null : 10) });
    expect(rejection.name).toBe('MaxRetriesPerRequestError');
    expect(fingerprintOf(rejection).fingerprint).toEqual(['database-connection-error', 'redis', 'MaxRetriesPerRequestError']);
    expect((emitted as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(cls(markDatabaseError(emitted, 'redis'))).toEqual({ category: 'database-connection', dbSystem: 'redis', failure: 'refused' });
  });

  it('ioredis, reset (server accepts and resets)', async () => {
    const { rejection } = await redisCommand({ host: '127.0.0.1', port: net.resetPort });
    expect(cls(rejection)).toMatchObject({ category: 'database-connection', dbSystem: 'redis' });
  });

  it('ioredis, timeout (server never answers, commandTimeout)', async () => {
    const { rejection } = await redisCommand({ host: '127.0.0.1', port: net.silentPort, commandTimeout: 300 });
    expect(rejection.message).toBe('Command timed out');
    expect(cls(rejection)).toEqual({ category: 'database-connection', dbSystem: 'redis', failure: 'timeout' });
  });

  it('ioredis, DNS failure: the error event carries ENOTFOUND', async () => {
    const { emitted } = await redisCommand({ host: UNRESOLVABLE_HOST, port: 6379 });
    expect((emitted as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
    expect(cls(markDatabaseError(emitted, 'redis'))).toEqual({ category: 'database-connection', dbSystem: 'redis', failure: 'dns' });
  });

  it('ioredis, authentication failure on a real Redis (WRONGPASS, NOAUTH)', async () => {
    const wrong = await redisCommand({}, servers.redis.url.replace('right-password', 'wrong-password'));
    expect(wrong.emitted?.message).toMatch(/^WRONGPASS/);
    expect(fingerprintOf(wrong.emitted).fingerprint).toEqual(['database-connection-error', 'redis', 'ReplyError']);
    const none = await redisCommand({}, `redis://127.0.0.1:${servers.redis.port}`);
    expect(none.rejection.message).toMatch(/^NOAUTH/);
    expect(cls(none.rejection)).toEqual({ category: 'database-connection', dbSystem: 'redis', failure: 'auth' });
  });

  it('the db.system tag wins over the driver\'s own evidence, and the tags are written once', async () => {
    const err = await pgPoolExhausted(servers.postgres.url);
    const { event, fingerprint } = fingerprintOf(err, { tags: { 'db.system': 'cockroachdb' } });
    expect(fingerprint).toEqual(['database-connection-error', 'cockroachdb', 'Error']);
    expect(event.tags).toMatchObject({ 'error.category': 'database-connection', 'db.system': 'cockroachdb', 'db.connection_failure': 'pool-exhausted' });
  });

  it('without the Error object (a stored event), the exception text and frames are enough', async () => {
    const err = await pgConnect({ host: '127.0.0.1', port: net.silentPort, user: 'u', password: 'p', connectionTimeoutMillis: 200 });
    const event = { exception: { values: [exceptionFromError(defaultStackParser, err)] } };
    expect(classifyPlatformError(event)).toEqual({ category: 'database-connection', dbSystem: 'postgresql', failure: 'timeout' });
    expect(classifyPlatformError({ exception: { values: [{ type: 'Error', value: 'connect ECONNREFUSED 10.0.0.5:6379' }] } })).toEqual({ category: 'database-connection', dbSystem: 'redis', failure: 'refused' });
  });
});

describe('selection and precedence', () => {
  it('each built-in can be switched off', () => {
    const e = markExportError(new Error('x'));
    expect(classifyPlatformError({}, { error: e, builtins: { export: false } })).toBeUndefined();
    expect(classifyPlatformError({}, { error: new ValidationError('v'), builtins: { validation: false } })).toBeUndefined();
    expect(classifyPlatformError({}, { error: Object.assign(new Error('timeout exceeded when trying to connect')), builtins: { databaseConnection: false } })).toBeUndefined();
  });
  it('custom validation names', () => {
    const e = new Error('x');
    e.name = 'SchemaError';
    expect(classifyPlatformError({ transaction: 'GET /a' }, { error: e, builtins: { validationErrorNames: ['SchemaError'] } })).toEqual({ category: 'validation', endpoint: 'GET /a' });
  });
  it('tagPlatformError never overwrites tags the application set', () => {
    const event: FingerprintEvent = { tags: { 'error.endpoint': 'mine' }, transaction: 'GET /x' };
    tagPlatformError(event, { error: new ValidationError('v') });
    expect(event.tags).toEqual({ 'error.category': 'validation', 'error.endpoint': 'mine' });
  });
});
