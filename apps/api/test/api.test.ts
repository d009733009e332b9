/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's event JSON loosely, as a client would */
// The api as production runs it, over real HTTP, with PostgreSQL and Redis configured on closed
// ports (the drivers fail for real), sending to a loopback receiver.
import { type TestReceiver, startTestReceiver } from '@causal-organism/test-receiver';
import { freePort } from '@causal-organism/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, inAppFrames, scrapeErrorCounts, startApi } from './helpers';

let receiver: TestReceiver;
let api: RunningApi;

beforeAll(async () => {
  receiver = await startTestReceiver();
  const [pgPort, redisPort] = [await freePort(), await freePort()];
  api = await startApi({
    SENTRY_DSN: receiver.dsn,
    DATABASE_URL: `postgres://app:app-password@127.0.0.1:${pgPort}/app`,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  });
});

afterAll(async () => {
  await api?.stop();
  await receiver?.close();
});

async function call(path: string, init: RequestInit & { user?: string; requestId?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.user !== undefined) headers.set('x-user-id', init.user);
  if (init.requestId !== undefined) headers.set('x-request-id', init.requestId);
  const response = await fetch(`${api.url}${path}`, { ...init, headers });
  const eventId = response.headers.get('x-sentry-event-id');
  return { response, eventId, body: (await response.json().catch(() => undefined)) as any };
}

async function eventFor(eventId: string | null): Promise<any> {
  expect(eventId).toMatch(/^[0-9a-f]{32}$/);
  await receiver.waitFor((r) => r.events().some((e) => e.event_id === eventId));
  return receiver.events().find((e) => e.event_id === eventId);
}

function postJson(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

describe('apps/api end to end (no databases reachable)', () => {
  it('starts without PostgreSQL and Redis and reports them down on /health', async () => {
    const { response, body } = await call('/health');
    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.postgres).toEqual({ status: 'down', error: 'ECONNREFUSED' });
    expect(body.redis.status).toBe('down');
    // A health check is not an error: nothing is sent.
    expect(receiver.events()).toHaveLength(0);
  });

  it('a failing export job: route, user, IP, request id, export-error fingerprint, in-app stack', async () => {
    const { response, eventId, body } = await call('/reports/q3-revenue/export?format=json', { user: 'user-42', requestId: 'req-export-0001' });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('req-export-0001');
    expect(body).toMatchObject({ error: 'internal_error', requestId: 'req-export-0001', eventId });
    const event = await eventFor(eventId);
    expect(event.transaction).toBe('GET /reports/:reportId/export');
    expect(event.user).toMatchObject({ id: 'user-42', ip_address: '127.0.0.1' });
    expect(event.tags.request_id).toBe('req-export-0001');
    expect(event.request.method).toBe('GET');
    // The URL without its query; the loopback IP in the host is masked by scrubbing's IP rule.
    expect(event.request.url).toMatch(/^http:\/\/[^/]+\/reports\/q3-revenue\/export$/);
    expect(event.fingerprint).toEqual(['export-error', 'TypeError']);
    expect(event.exception.values.at(-1).value).toMatch(/BigInt/);
    const frames = inAppFrames(event);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.some((f) => /dist\/server\.js$/.test(f.filename ?? f.abs_path) && f.function?.includes('runExportJob'))).toBe(true);
  });

  it('a CSV export failure groups by its own type', async () => {
    const { eventId } = await call('/reports/q3-revenue/export?format=csv', { user: 'user-43' });
    const event = await eventFor(eventId);
    expect(event.fingerprint).toEqual(['export-error', 'CsvEncodingError']);
    expect(event.user.id).toBe('user-43');
  });

  it('validation errors with planted PII: fingerprint by endpoint, scrubbed body, no secret in the raw bytes', async () => {
    const planted = {
      email: 'jane.doe@example.com',
      name: 'Jane Doe',
      password: 'hunter2-is-short',
      card: '4111 1111 1111 1111',
      ssn: '123-45-6789',
      apiKey: 'sk_live_51HxAbCdEfGhIjKlMnOpQrStUv',
    };
    const bad = { ...planted, email: 'jane.doe@example.com', password: 'short' };
    const { response, eventId } = await call('/users', { ...postJson(bad), user: 'user-44', requestId: 'req-validation-1' });
    expect(response.status).toBe(422);
    const event = await eventFor(eventId);
    expect(event.transaction).toBe('POST /users');
    expect(event.fingerprint).toEqual(['validation-error', 'POST /users']);
    expect(event.level).toBe('error');
    expect(event.tags.request_id).toBe('req-validation-1');
    expect(event.request.data).toBeTypeOf('object');
    expect(event.request.data.name).toBe('Jane Doe');
    const envelope = receiver.envelopes.find((e) => e.items.some((i) => i.payload?.event_id === eventId))!;
    const raw = envelope.raw.toString('utf8');
    for (const secret of ['jane.doe@example.com', '4111 1111 1111 1111', '123-45-6789', 'sk_live_51HxAbCdEfGhIjKlMnOpQrStUv']) {
      expect(raw, secret).not.toContain(secret);
      expect(raw, secret).not.toContain(secret.replace(/[ -]/g, ''));
    }
    // valibot's message quotes the bad value; scrubbing filters it inside the exception value too.
    const message = event.exception.values.at(-1).value as string;
    expect(message).toMatch(/^invalid request: password: /);
    expect(message).not.toContain('short');
    expect(raw).not.toContain('"short"');
  });

  it('validation errors of one parameterised endpoint share a fingerprint whatever the ids', async () => {
    const card = { number: '4242424242424242', cvc: '123' };
    const a = await call('/accounts/acct-1/payments', postJson({ amountCents: 100, currency: 'euro', card }));
    const b = await call('/accounts/acct-2/payments', postJson({ amountCents: -5, currency: 'EUR', card }));
    const [ea, eb] = [await eventFor(a.eventId), await eventFor(b.eventId)];
    expect(ea.fingerprint).toEqual(['validation-error', 'POST /accounts/:accountId/payments']);
    expect(eb.fingerprint).toEqual(ea.fingerprint);
    for (const id of [a.eventId, b.eventId]) {
      const raw = receiver.envelopes.find((e) => e.items.some((i) => i.payload?.event_id === id))!.raw.toString('utf8');
      expect(raw).not.toContain('4242424242424242');
    }
  });

  it('PostgreSQL on a closed port: the driver error, database-connection fingerprint for postgresql', async () => {
    const { response, eventId, body } = await call('/orders/1001', { user: 'user-45' });
    expect(response.status).toBe(500);
    expect(body.cause).toBe('ECONNREFUSED');
    const event = await eventFor(eventId);
    expect(event.transaction).toBe('GET /orders/:orderId');
    expect(event.fingerprint?.slice(0, 2)).toEqual(['database-connection-error', 'postgresql']);
    expect(event.tags['db.connection_failure']).toBe('refused');
  });

  it('Redis on a closed port: the driver error, database-connection fingerprint for redis', async () => {
    const { response, eventId } = await call('/sessions/abc', { user: 'user-46' });
    expect(response.status).toBe(500);
    const event = await eventFor(eventId);
    expect(event.transaction).toBe('GET /sessions/:sessionId');
    expect(event.fingerprint?.slice(0, 2)).toEqual(['database-connection-error', 'redis']);
  });

  it('POST /exports answers 503 while Redis is unavailable', async () => {
    const { response, body, eventId } = await call('/exports', { ...postJson({ reportId: 'q3-revenue', format: 'csv' }), user: 'user-47' });
    expect(response.status).toBe(503);
    expect(body.error).toBe('service_unavailable');
    const event = await eventFor(eventId);
    expect(event.fingerprint?.slice(0, 2)).toEqual(['database-connection-error', 'redis']);
  });

  it('404s are not sent; the crash routes are not mounted without API_CRASH_ROUTES', async () => {
    const before = receiver.events().length;
    expect((await call('/nope')).response.status).toBe(404);
    expect((await call('/crash/uncaught-exception', { method: 'POST' })).response.status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.events()).toHaveLength(before);
  });

  it('/metrics counts what the receiver got, next to the process metrics, throttled ones included', async () => {
    // A burst of one error kind: core-config's throttle passes 60 per group per minute (one CSV
    // export error was already sent above), the rest are counted as throttled, not sent.
    const burst = 70;
    for (let i = 0; i < burst; i += 10) {
      await Promise.all(Array.from({ length: 10 }, () => fetch(`${api.url}/reports/burst/export?format=csv`).then((r) => r.arrayBuffer())));
    }
    const isCsv = (e: any) => e.fingerprint?.[1] === 'CsvEncodingError';
    await receiver.waitFor((r) => r.events().filter(isCsv).length >= 60);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const text = await (await fetch(`${api.url}/metrics`)).text();
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    const counts = await scrapeErrorCounts(api.url);
    const received = receiver.events().length;
    expect(receiver.events().filter(isCsv)).toHaveLength(60);
    expect(received).toBeGreaterThanOrEqual(8 + 59);
    expect(counts.sent).toBe(received);
    expect(counts.throttled).toBe(burst + 1 - 60);
  });
});
