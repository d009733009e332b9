import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settle, startApp, type ExpressFlavour, type RunningApp } from '../test/helpers';

// Every test here runs a real Express app as a child process started with
// `node --import ./instrument.mjs`, sends real HTTP, and reads what the real SDK sent to a
// loopback Sentry receiver.
describe.each<ExpressFlavour>(['express', 'express4'])('%s, started with --import', (flavour) => {
  let receiver: TestReceiver;
  let app: RunningApp;

  beforeAll(async () => {
    receiver = await startTestReceiver();
    app = await startApp({ express: flavour, dsn: receiver.dsn });
  });
  afterAll(async () => {
    await app?.stop();
    await receiver?.close();
  });
  beforeEach(() => receiver.clear());

  it('sends one event for a 5xx with the request, user, route, request id and scrubbed body', async () => {
    const response = await fetch(`${app.url}/users/u-42?page=2&token=abc123`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-user-id': 'u-42',
        'x-request-id': 'req-0001',
        'user-agent': 'express-ctx-test/1.0',
        authorization: 'Bearer very-secret',
        cookie: 'sid=s3cr3t',
        'x-forwarded-for': '6.6.6.6',
      },
      body: JSON.stringify({ name: 'Ada', password: 'hunter2', note: 'card 4111 1111 1111 1111 on file' }),
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ handledByApp: true });
    expect(response.headers.get('x-request-id')).toBe('req-0001');
    const eventId = response.headers.get('x-sentry-event-id');
    expect(eventId).toMatch(/^[0-9a-f]{32}$/);

    await receiver.waitFor((r) => r.events().length >= 1);
    await settle();
    const events = receiver.events();
    expect(events).toHaveLength(1); // captured once, not by both the SDK channel and the handler
    const [event] = events;
    expect(event.event_id).toBe(eventId);
    expect(event.exception.values[0].value).toBe('sync failure for u-42');
    // The SDK's channel-based capture took it at the throw site; the handler did not capture again.
    expect(event.exception.values[0].mechanism.type).toBe('auto.http.express');
    expect(event.exception.values[0].stacktrace.frames.some((f: { in_app?: boolean; function?: string }) => f.in_app && f.function?.includes('throwSync'))).toBe(true);
    expect(event.transaction).toBe('POST /users/:id');
    expect(event.tags.request_id).toBe('req-0001');
    expect(event.user).toEqual({ id: 'u-42', ip_address: '127.0.0.1', user_agent: 'express-ctx-test/1.0' });
    expect(event.request.method).toBe('POST');
    expect(event.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/users\/u-42$/);
    // The default allow list, as far as the client sent those headers; nothing else.
    expect(Object.keys(event.request.headers).sort()).toEqual(
      ['accept', 'accept-encoding', 'accept-language', 'content-length', 'content-type', 'host', 'user-agent', 'x-request-id'],
    );
    expect(event.request.headers['x-request-id']).toBe('req-0001');
    // Through @causal-organism/scrubbing: by key (password) and by value (the card number).
    expect(event.request.data).toMatchObject({ name: 'Ada', password: '[Filtered]' });
    expect(event.request.data.note).toMatch(/^card .+ on file$/);
    expect(event.request.query_string).toContainEqual(['page', '2']);
    expect(event.request.cookies).toBeUndefined();
    const raw = receiver.envelopes.map((e) => e.raw.toString()).join('\n');
    for (const secret of ['hunter2', 'very-secret', 's3cr3t', '6.6.6.6', 'abc123', '4111 1111 1111 1111', '4111']) expect(raw).not.toContain(secret);
  });

  it('captures a 422 validation error itself, once, and returns its event id', async () => {
    const response = await fetch(`${app.url}/validate`, { method: 'POST', headers: { 'x-user-id': 'v-1' } });
    expect(response.status).toBe(422);
    const eventId = response.headers.get('x-sentry-event-id');
    expect(eventId).toMatch(/^[0-9a-f]{32}$/);
    await receiver.waitFor((r) => r.events().length >= 1);
    await settle();
    expect(receiver.events()).toHaveLength(1);
    const [event] = receiver.events();
    expect(event.event_id).toBe(eventId);
    expect(event.exception.values[0].mechanism.type).toBe('auto.middleware.express_ctx');
    expect(event.transaction).toBe('POST /validate');
    expect(event.user.id).toBe('v-1');
  });

  it('does not capture 404s or other 4xx outside the policy, and still passes them on', async () => {
    const missing = await fetch(`${app.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ handledByApp: true });
    expect(missing.headers.get('x-sentry-event-id')).toBeNull();
    const teapot = await fetch(`${app.url}/teapot`);
    expect(teapot.status).toBe(418);
    expect(teapot.headers.get('x-sentry-event-id')).toBeNull();
    await settle(500);
    expect(receiver.events()).toHaveLength(0);
  });

  it('names the route inside a mounted sub-app', async () => {
    const response = await fetch(`${app.url}/v2/items/77`, { method: 'POST' });
    expect(response.status).toBe(500);
    await receiver.waitFor((r) => r.events().length >= 1);
    expect(receiver.events()[0].transaction).toBe('POST /v2/items/:itemId');
  });

  it('captures a thrown non-Error value once', async () => {
    const response = await fetch(`${app.url}/string`);
    expect(response.status).toBe(500);
    const eventId = response.headers.get('x-sentry-event-id');
    await receiver.waitFor((r) => r.events().length >= 1);
    await settle();
    expect(receiver.events()).toHaveLength(1);
    expect(receiver.events()[0].event_id).toBe(eventId);
    expect(receiver.events()[0].transaction).toBe('GET /string');
  });

  // Only Express 5 routes a rejected promise to error handlers, so only it gets this test.
  if (flavour === 'express') {
    it('captures a rejected async handler once (Express 5)', async () => {
      const response = await fetch(`${app.url}/async/a-9`, { headers: { 'x-user-id': 'a-9' } });
      expect(response.status).toBe(500);
      const eventId = response.headers.get('x-sentry-event-id');
      expect(eventId).toMatch(/^[0-9a-f]{32}$/);
      await receiver.waitFor((r) => r.events().length >= 1);
      await settle();
      expect(receiver.events()).toHaveLength(1);
      const [event] = receiver.events();
      expect(event.event_id).toBe(eventId);
      expect(event.transaction).toBe('GET /async/:id');
      expect(event.user.id).toBe('a-9');
    });
  }

  it('gives messages captured inside a handler the same context', async () => {
    const response = await fetch(`${app.url}/users/m-7/message`, { headers: { 'x-user-id': 'm-7', 'x-request-id': 'req-msg' } });
    const { eventId } = (await response.json()) as { eventId: string };
    await receiver.waitFor((r) => r.events().length >= 1);
    const [event] = receiver.events();
    expect(event.event_id).toBe(eventId);
    expect(event.message).toBe('hello from m-7');
    expect(event.transaction).toBe('GET /users/:id/message');
    expect(event.user.id).toBe('m-7');
    expect(event.tags.request_id).toBe('req-msg');
  });

  it('drops and counts an invalid user id without echoing it, and replaces an invalid request id', async () => {
    const before = (await (await fetch(`${app.url}/stats`)).json()) as { invalidUserIds: number; invalidRequestIds: number };
    const response = await fetch(`${app.url}/validate`, {
      method: 'POST',
      headers: { 'x-user-id': 'evil<script>alert(1)</script>', 'x-request-id': 'bad id with spaces' },
    });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await receiver.waitFor((r) => r.events().length >= 1);
    const [event] = receiver.events();
    expect(event.user.id).toBeUndefined();
    expect(event.tags.request_id).toBe(requestId);
    expect(event.request.headers['x-request-id']).toBe(requestId);
    const raw = receiver.envelopes.map((e) => e.raw.toString()).join('\n');
    expect(raw).not.toContain('evil');
    expect(raw).not.toContain('bad id with spaces');
    const after = (await (await fetch(`${app.url}/stats`)).json()) as { invalidUserIds: number; invalidRequestIds: number };
    expect(after.invalidUserIds).toBe(before.invalidUserIds + 1);
    expect(after.invalidRequestIds).toBe(before.invalidRequestIds + 1);
  });

  it('attaches form bodies, omits oversized ones and never attaches other content types', async () => {
    await fetch(`${app.url}/users/f-1`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'city=Paris&password=hunter2',
    });
    await fetch(`${app.url}/users/f-2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(20_000) }),
    });
    await fetch(`${app.url}/users/f-3`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'plain secret text' });
    await receiver.waitFor((r) => r.events().length >= 3);
    const byUser = (id: string) => receiver.events().find((e) => e.exception.values[0].value === `sync failure for ${id}`);
    expect(byUser('f-1').request.data).toEqual({ city: 'Paris', password: '[Filtered]' });
    expect(byUser('f-2').request.data).toMatch(/^\[Omitted: body of \d+ bytes exceeds maxBodyBytes 10240\]$/);
    expect(byUser('f-3').request.data).toBeUndefined();
  });
});

describe.each<ExpressFlavour>(['express', 'express4'])('%s, user and IP trust settings', (flavour) => {
  let receiver: TestReceiver;
  beforeAll(async () => {
    receiver = await startTestReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('ignores X-User-Id unless the app trusts its gateway, and takes the IP from req.ip (trust proxy)', async () => {
    const app = await startApp({ express: flavour, dsn: receiver.dsn, env: { TRUST_USER: '0', TRUST_PROXY: 'loopback' } });
    try {
      await fetch(`${app.url}/validate`, { method: 'POST', headers: { 'x-user-id': 'forged', 'x-forwarded-for': '203.0.113.7' } });
      await receiver.waitFor((r) => r.events().length >= 1);
      const [event] = receiver.events();
      expect(event.user.id).toBeUndefined();
      // The proxy (loopback) is trusted, so Express resolves the client address from the header.
      expect(event.user.ip_address).toBe('203.0.113.7');
    } finally {
      await app.stop();
    }
  });
});

describe.each<ExpressFlavour>(['express', 'express4'])('%s, started without --import', (flavour) => {
  let receiver: TestReceiver;
  let app: RunningApp;
  beforeAll(async () => {
    receiver = await startTestReceiver();
    app = await startApp({ express: flavour, dsn: receiver.dsn, withImport: false });
  });
  afterAll(async () => {
    await app?.stop();
    await receiver?.close();
  });

  it('still captures each 5xx once, with context, and warns once about the missing instrumentation', async () => {
    const first = await fetch(`${app.url}/users/n-1`, { method: 'POST', headers: { 'x-user-id': 'n-1' } });
    const second = await fetch(`${app.url}/users/n-2`, { method: 'POST', headers: { 'x-user-id': 'n-2' } });
    await receiver.waitFor((r) => r.events().length >= 2);
    await settle();
    const events = receiver.events();
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.event_id).sort()).toEqual([first.headers.get('x-sentry-event-id'), second.headers.get('x-sentry-event-id')].sort());
    for (const event of events) {
      expect(event.exception.values[0].mechanism.type).toBe('auto.middleware.express_ctx');
      // The route is still known: express-ctx records it when Express dispatches to the route.
      expect(event.transaction).toBe('POST /users/:id');
      expect(event.exception.values[0].value).toBe(`sync failure for ${event.user.id}`);
    }
    const warnings = app.stderr().split('\n').filter((line) => line.startsWith('EXPRESS_CTX_WARN'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('--import');
  });
});
