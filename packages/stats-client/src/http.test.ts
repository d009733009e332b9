import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, linkHeader, startFakeSentry, type FakeResponse, type FakeSentry } from '../test/fake-sentry';
import { SentryApiError, StatsClientConfigError } from './errors';
import { createSentryHttp, rateLimitWaitMs } from './http';

const TOKEN = 'sntryu_secret_token_value_0123456789';
let fake: FakeSentry | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function catchError(promise: Promise<unknown>): Promise<SentryApiError> {
  try {
    await promise;
  } catch (error) {
    expect(SentryApiError.isInstance(error)).toBe(true);
    return error as SentryApiError;
  }
  throw new Error('expected a SentryApiError');
}

function httpFor(baseUrl: string, extra: Partial<Parameters<typeof createSentryHttp>[0]> = {}) {
  const clock = createFakeClock();
  const http = createSentryHttp({ baseUrl, token: TOKEN, clock, retry: { random: () => 0.5 }, ...extra });
  return { http, clock };
}

describe('requests', () => {
  it('sends the token as a bearer header only, and repeated keys for arrays', async () => {
    fake = await startFakeSentry(() => ({ body: { ok: true } }));
    const { http } = httpFor(fake.baseUrl);
    await http.request({ path: '/api/0/x/', query: { project: ['1', 2], statsPeriod: '24h', skip: undefined } });
    const [req] = fake.requests;
    expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req!.query.getAll('project')).toEqual(['1', '2']);
    expect(req!.query.has('skip')).toBe(false);
    expect(req!.path + req!.query.toString()).not.toContain(TOKEN);
  });

  it('accepts a base URL given with /api/0', async () => {
    fake = await startFakeSentry(() => ({ body: {} }));
    const { http } = httpFor(`${fake.baseUrl}/api/0/`);
    await http.request({ path: '/api/0/x/' });
    expect(fake.requests[0]!.path).toBe('/api/0/x/');
  });

  it('rejects bad options with a typed error naming the option', () => {
    expect(() => createSentryHttp({ baseUrl: 'not a url', token: 't' })).toThrow(/Invalid baseUrl/);
    try {
      createSentryHttp({ baseUrl: 'https://sentry.io', token: ' ' });
    } catch (error) {
      expect(StatsClientConfigError.isInstance(error)).toBe(true);
      expect((error as StatsClientConfigError).option).toBe('token');
    }
    expect.assertions(3);
  });

  it('refuses to run where a DOM exists, so the token never ships in a browser bundle', () => {
    const g = globalThis as { window?: unknown; document?: unknown };
    g.window = {};
    g.document = {};
    try {
      expect(() => createSentryHttp({ baseUrl: 'https://sentry.io', token: 't' })).toThrow(/Node only/);
    } finally {
      delete g.window;
      delete g.document;
    }
  });
});

describe('429 rate limits', () => {
  it('waits until X-Sentry-Rate-Limit-Reset (Sentry sends no Retry-After) then succeeds', async () => {
    const clock = createFakeClock();
    const resetSeconds = Math.floor(clock.now() / 1000) + 7;
    let calls = 0;
    fake = await startFakeSentry(() =>
      ++calls === 1
        ? {
            status: 429,
            headers: { 'X-Sentry-Rate-Limit-Limit': '40', 'X-Sentry-Rate-Limit-Remaining': '0', 'X-Sentry-Rate-Limit-Reset': String(resetSeconds) },
            body: { detail: 'You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds' },
          }
        : { body: [1] },
    );
    const http = createSentryHttp({ baseUrl: fake.baseUrl, token: TOKEN, clock });
    const res = await http.request({ path: '/api/0/x/' });
    expect(res.data).toEqual([1]);
    expect(clock.sleeps).toEqual([7000]);
    expect(fake.requests).toHaveLength(2);
  });

  it('honours Retry-After from a proxy, and the later of the two when both are sent', async () => {
    const clock = createFakeClock();
    let calls = 0;
    fake = await startFakeSentry((): FakeResponse => {
      calls += 1;
      if (calls === 1) return { status: 429, headers: { 'Retry-After': '3' }, body: { detail: 'slow down' } };
      if (calls === 2) return { status: 429, headers: { 'Retry-After': '2', 'X-Sentry-Rate-Limit-Reset': String(clock.now() / 1000 + 9) }, body: {} };
      return { body: {} };
    });
    const http = createSentryHttp({ baseUrl: fake.baseUrl, token: TOKEN, clock });
    await http.request({ path: '/api/0/x/' });
    expect(clock.sleeps).toEqual([3000, 9000]);
  });

  it('fails at once with rate_limited when the reset is further away than maxRateLimitWaitMs', async () => {
    const clock = createFakeClock();
    fake = await startFakeSentry(() => ({
      status: 429,
      headers: { 'X-Sentry-Rate-Limit-Reset': String(clock.now() / 1000 + 3600) },
      body: { detail: 'You are attempting to use this endpoint too frequently. Limit is 5 requests in 1 seconds' },
    }));
    const http = createSentryHttp({ baseUrl: fake.baseUrl, token: TOKEN, clock, retry: { maxRateLimitWaitMs: 60_000 } });
    const error = await catchError(http.request({ path: '/api/0/x/' }));
    expect(error.code).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.detail).toMatch(/too frequently/);
    expect(error.retried).toBe(false);
    expect(clock.sleeps).toEqual([]);
  });

  it('after a response with Remaining: 0, waits for the reset before the next call instead of drawing a 429', async () => {
    const clock = createFakeClock();
    const reset = String(Math.floor(clock.now() / 1000) + 4);
    let calls = 0;
    const exhausted: Record<string, string> = { 'X-Sentry-Rate-Limit-Remaining': '0', 'X-Sentry-Rate-Limit-Reset': reset };
    fake = await startFakeSentry(() => ({ headers: ++calls === 1 ? exhausted : { 'X-Sentry-Rate-Limit-Remaining': '39' }, body: {} }));
    const http = createSentryHttp({ baseUrl: fake.baseUrl, token: TOKEN, clock });
    await http.request({ path: '/api/0/x/' });
    expect(clock.sleeps).toEqual([]);
    await http.request({ path: '/api/0/x/' });
    await http.request({ path: '/api/0/x/' });
    expect(clock.sleeps).toEqual([4000]);
    expect(fake.requests).toHaveLength(3);
  });

  it('parses Retry-After as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const headers = new Headers({ 'retry-after': new Date(now + 5000).toUTCString() });
    expect(rateLimitWaitMs(headers, now)).toBe(5000);
    expect(rateLimitWaitMs(new Headers(), now)).toBeUndefined();
  });
});

describe('retries', () => {
  it('retries 5xx with exponential backoff and jitter, then succeeds', async () => {
    let calls = 0;
    fake = await startFakeSentry(() => (++calls <= 3 ? { status: calls === 2 ? 502 : 500, body: { detail: 'Internal Error', errorId: 'abc' } } : { body: { fine: 1 } }));
    const { http, clock } = httpFor(fake.baseUrl);
    const res = await http.request({ path: '/api/0/x/' });
    expect(res.data).toEqual({ fine: 1 });
    // ceiling 500, 1000, 2000 ms; equal jitter with random()=0.5 gives 3/4 of each.
    expect(clock.sleeps).toEqual([375, 750, 1500]);
  });

  it('gives up after maxRetries with status, detail, method, path and retried flag, never the token', async () => {
    fake = await startFakeSentry(() => ({ status: 503, body: { detail: 'Internal Error', errorId: 'e1' } }));
    const { http, clock } = httpFor(fake.baseUrl, { retry: { maxRetries: 2, random: () => 0 } });
    const error = await catchError(http.request({ path: '/api/0/organizations/acme/issues/', query: { limit: 5 } }));
    expect(error).toMatchObject({ code: 'http_error', status: 503, detail: 'Internal Error', method: 'GET', path: '/api/0/organizations/acme/issues/?limit=5', retried: true, attempts: 3 });
    expect(clock.sleeps).toEqual([250, 500]);
    expect(fake.requests).toHaveLength(3);
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(TOKEN);
  });

  it('retries Sentry\'s "Query timeout" 400 but not other 400s', async () => {
    let calls = 0;
    fake = await startFakeSentry((req) => {
      if (req.path === '/api/0/bad/') return { status: 400, body: { detail: 'Invalid stat' } };
      return ++calls === 1
        ? { status: 400, body: { detail: 'Query timeout. Please try again. If the problem persists try a smaller date range or fewer projects.' } }
        : { body: [] };
    });
    const { http, clock } = httpFor(fake.baseUrl);
    await http.request({ path: '/api/0/slow/' });
    expect(clock.sleeps).toHaveLength(1);
    const error = await catchError(http.request({ path: '/api/0/bad/' }));
    expect(error).toMatchObject({ code: 'http_error', status: 400, detail: 'Invalid stat', retried: false, attempts: 1 });
  });

  it('does not retry a POST that failed with 5xx (it may have been applied)', async () => {
    fake = await startFakeSentry(() => ({ status: 500, body: { detail: 'Internal Error' } }));
    const { http } = httpFor(fake.baseUrl);
    const error = await catchError(http.request({ method: 'POST', path: '/api/0/x/', body: { name: 'r' } }));
    expect(error.attempts).toBe(1);
    expect(fake.requests[0]!.body).toEqual({ name: 'r' });
  });

  it('falls back to backoff on a 429 without rate-limit headers, and reports each retry', async () => {
    let calls = 0;
    fake = await startFakeSentry(() => (++calls === 1 ? { status: 429, body: 'You are attempting to use this endpoint too frequently.' } : { body: {} }));
    const events: unknown[] = [];
    const { http, clock } = httpFor(fake.baseUrl, { onRetry: (e) => events.push(e) });
    await http.request({ path: '/api/0/x/' });
    expect(clock.sleeps).toEqual([375]);
    expect(events).toEqual([{ method: 'GET', path: '/api/0/x/', attempt: 1, waitMs: 375, reason: 'rate_limited', status: 429 }]);
  });

  it('retries network errors and reports code network', async () => {
    fake = await startFakeSentry(() => ({ body: {} }));
    const baseUrl = fake.baseUrl;
    await fake.close();
    fake = undefined;
    const { http, clock } = httpFor(baseUrl, { retry: { maxRetries: 2 } });
    const error = await catchError(http.request({ path: '/api/0/x/' }));
    expect(error.code).toBe('network');
    expect(error.attempts).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
  });
});

describe('timeouts and abort', () => {
  it('times out a slow response, retries, then reports timeout', async () => {
    fake = await startFakeSentry(() => ({ delayMs: 5000, body: {} }));
    const { http } = httpFor(fake.baseUrl, { timeoutMs: 250, retry: { maxRetries: 1 } });
    const error = await catchError(http.request({ path: '/api/0/x/' }));
    expect(error).toMatchObject({ code: 'timeout', retried: true, attempts: 2 });
  });

  it('does not repeat a POST that timed out (it may have been applied)', async () => {
    fake = await startFakeSentry(() => ({ delayMs: 5000, body: {} }));
    const { http } = httpFor(fake.baseUrl, { timeoutMs: 250 });
    const error = await catchError(http.request({ method: 'POST', path: '/api/0/x/', body: {} }));
    expect(error).toMatchObject({ code: 'timeout', attempts: 1, retried: false });
  });

  it('times out a body that stalls after the headers', async () => {
    fake = await startFakeSentry(() => ({ stallBodyMs: 5000, body: { a: 1 } }));
    const { http } = httpFor(fake.baseUrl, { timeoutMs: 250, retry: { maxRetries: 0 } });
    const error = await catchError(http.request({ path: '/api/0/x/' }));
    expect(error.code).toBe('timeout');
  });

  it('stops at once, without retrying, when the caller aborts', async () => {
    fake = await startFakeSentry(() => ({ delayMs: 5000, body: {} }));
    const { http } = httpFor(fake.baseUrl);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await catchError(http.request({ path: '/api/0/x/', signal: controller.signal }));
    expect(error).toMatchObject({ code: 'aborted', attempts: 1, retried: false });
    expect(fake.requests.length).toBeLessThanOrEqual(1);
  });

  it('aborts a 429 wait when the caller aborts', async () => {
    fake = await startFakeSentry(() => ({ status: 429, headers: { 'Retry-After': '30' }, body: {} }));
    const http = createSentryHttp({ baseUrl: fake.baseUrl, token: TOKEN });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await catchError(http.request({ path: '/api/0/x/', signal: controller.signal }));
    expect(error.code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('validation at the boundary', () => {
  const schema = v.array(v.looseObject({ id: v.string(), count: v.string() }));

  it('reports a body that is not JSON', async () => {
    fake = await startFakeSentry(() => ({ raw: '<html>502 Bad Gateway</html>' }));
    const { http } = httpFor(fake.baseUrl);
    const error = await catchError(http.request({ path: '/api/0/x/', schema }));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toMatch(/not JSON/);
    expect(error.retried).toBe(false);
  });

  it('names the field that has the wrong shape', async () => {
    fake = await startFakeSentry(() => ({ body: [{ id: '1', count: '3' }, { id: '2', count: 150 }] }));
    const { http } = httpFor(fake.baseUrl);
    const error = await catchError(http.request({ path: '/api/0/x/', schema }));
    expect(error.code).toBe('invalid_response');
    expect(error.field).toBe('1.count');
    expect(error.message).toContain('field "1.count": expected string, received 150');
  });
});

describe('Link pagination', () => {
  const itemSchema = v.object({ n: v.number() });

  function pagedServer(total: number) {
    return startFakeSentry((req) => {
      const size = Number(req.query.get('per_page') ?? req.query.get('limit') ?? 100);
      const offset = Number((req.query.get('cursor') ?? '0:0:0').split(':')[1]);
      const items = Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, i) => ({ n: offset + i }));
      const hasNext = offset + size < total;
      return {
        body: items,
        headers: { Link: linkHeader({ url: `http://sentry.example/api/0/list/?per_page=${size}`, next: `0:${offset + size}:0`, prev: `0:${offset}:1`, hasNext }) },
      };
    });
  }

  it('follows next cursors only while results="true"', async () => {
    fake = await pagedServer(250);
    const { http } = httpFor(fake.baseUrl);
    const seen: number[] = [];
    for await (const item of http.paginate({ path: '/api/0/list/', itemSchema })) seen.push(item.n);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(fake.requests.map((r) => r.query.get('cursor'))).toEqual([null, '0:100:0', '0:200:0']);
    expect(fake.requests.every((r) => r.query.get('per_page') === '100')).toBe(true);
  });

  it('caps the page size at 100 and stops at the total limit, asking only for what is left', async () => {
    fake = await pagedServer(1000);
    const { http } = httpFor(fake.baseUrl);
    let count = 0;
    for await (const _ of http.paginate({ path: '/api/0/list/', itemSchema, pageSize: 500, pageSizeParam: 'limit', limit: 130 })) count += 1;
    expect(count).toBe(130);
    expect(fake.requests.map((r) => r.query.get('limit'))).toEqual(['100', '30']);
  });

  it('is lazy: one page is fetched and held at a time, so memory does not grow with the listing', async () => {
    fake = await pagedServer(100_000);
    const { http } = httpFor(fake.baseUrl);
    const iterator = http.paginate({ path: '/api/0/list/', itemSchema });
    for (let i = 0; i < 150; i += 1) await iterator.next();
    expect(fake.requests).toHaveLength(2);
    await iterator.return();
    expect(fake.requests).toHaveLength(2);
  });

  it('validates every item and names the page position that was wrong', async () => {
    fake = await startFakeSentry(() => ({ body: [{ n: 1 }, { n: 'two' }] }));
    const { http } = httpFor(fake.baseUrl);
    const seen: number[] = [];
    const error = await catchError(
      (async () => {
        for await (const item of http.paginate({ path: '/api/0/list/', itemSchema })) seen.push(item.n);
      })(),
    );
    expect(error.field).toBe('1.n');
    expect(seen).toEqual([]);
  });

  it('rejects a page size below 1', async () => {
    fake = await pagedServer(1);
    const { http } = httpFor(fake.baseUrl);
    await expect(http.paginate({ path: '/api/0/list/', itemSchema, pageSize: 0 }).next()).rejects.toThrow(/pageSize/);
  });
});
