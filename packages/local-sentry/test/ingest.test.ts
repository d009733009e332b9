/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's JSON responses loosely, as a client would */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import * as Sentry from '@sentry/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, envelope, errorEvent, initSdk, KEY, post, start } from './helpers';
import type { LocalSentry } from '../src/types';

let server: LocalSentry;
beforeEach(async () => {
  server = await start({ limits: { maxBodyBytes: 256 * 1024, maxItemBytes: 64 * 1024 } });
});
afterEach(async () => {
  await Sentry.close();
  await server.close();
});

describe('ingest with the real @sentry/node SDK', () => {
  it('stores exceptions and messages sent by the SDK and groups them into issues', async () => {
    initSdk(server.dsn, { environment: 'test', release: 'app@1.0.0' });
    Sentry.setUser({ id: 'user-1' });
    const ids = [Sentry.captureException(new TypeError('boom')), Sentry.captureException(new TypeError('boom')), Sentry.captureMessage('plain message 42', 'warning')];
    await Sentry.flush(5000);
    const issues = await api(server, '/organizations/local/issues/?query=');
    expect(issues.status).toBe(200);
    const titles = issues.body.map((i: any) => i.title).sort();
    expect(titles).toEqual(['TypeError: boom', 'plain message 42']);
    const typeError = issues.body.find((i: any) => i.title === 'TypeError: boom');
    expect(typeError.count).toBe('2');
    expect(typeError.userCount).toBe(1);
    expect(typeError.level).toBe('error');
    const events = await api(server, `/organizations/local/issues/${typeError.id}/events/`);
    expect(events.body.map((e: any) => e.eventID).sort()).toEqual([ids[0], ids[1]].sort());
  });

  it('accepts the SDK client reports and counts what it dropped', async () => {
    initSdk(server.dsn, { sampleRate: 0, sendClientReports: true });
    Sentry.captureException(new Error('sampled away'));
    Sentry.captureException(new Error('sampled away'));
    await Sentry.flush(5000);
    const stats = await api(server, '/organizations/local/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=reason&statsPeriod=1h');
    const discard = stats.body.groups.find((g: any) => g.by.outcome === 'client_discard');
    expect(discard?.by.reason).toBe('sample_rate');
    expect(discard?.totals['sum(quantity)']).toBe(2);
  });
});

describe('ingest protocol', () => {
  const body = envelope({ event_id: 'a'.repeat(32) }, [[{ type: 'event' }, errorEvent()]]);

  it('answers 200 {"id"} with CORS headers the browser SDK can read', async () => {
    const response = await post(server, body, { headers: { origin: 'http://app.test' } });
    expect(response.status).toBe(200);
    expect((await response.json()) as any).toEqual({ id: 'a'.repeat(32) });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-sentry-rate-limits');
    expect(response.headers.get('access-control-expose-headers')).toContain('retry-after');
    const preflight = await fetch(`${server.url}/api/1/envelope/`, { method: 'OPTIONS', headers: { origin: 'http://app.test', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-sentry-auth');
  });

  it('authenticates by X-Sentry-Auth as well as sentry_key, and refuses unknown, missing and doubled keys with 401', async () => {
    const header = await post(server, body, { query: '', headers: { 'x-sentry-auth': `Sentry sentry_version=7, sentry_client=test/1, sentry_key=${KEY}` } });
    expect(header.status).toBe(200);
    const unknown = await post(server, body, { query: 'sentry_key=ffffffffffffffffffffffffffffffff' });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()) as any).toEqual({ detail: 'invalid api key' });
    const missing = await post(server, body, { query: '' });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as any).detail).toBe('missing authorization information');
    const doubled = await post(server, body, { headers: { 'x-sentry-auth': `Sentry sentry_key=${KEY}` } });
    expect(doubled.status).toBe(401);
    expect(((await doubled.json()) as any).detail).toBe('multiple authorization payloads detected');
  });

  it('decompresses gzip, deflate and br bodies', async () => {
    for (const [encoding, compress] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ] as const) {
      const id = encoding.padEnd(32, '0').replace(/[^0-9a-f]/g, 'e');
      const compressed = compress(Buffer.from(envelope({ event_id: id }, [[{ type: 'event' }, errorEvent({ message: encoding })]])));
      const response = await post(server, compressed, { headers: { 'content-encoding': encoding } });
      expect(response.status, encoding).toBe(200);
      expect((await response.json()) as any).toEqual({ id });
    }
    const broken = await post(server, Buffer.from('not gzip'), { headers: { 'content-encoding': 'gzip' } });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).detail).toMatch(/could not be decompressed as gzip/);
  });

  it('serves a gzipped single-event envelope (stored as received) back through the API', async () => {
    const id = 'abcdef'.padEnd(32, '1');
    const event = errorEvent({ event_id: id, message: 'stored gzipped', tags: { region: 'eu' }, extra: { note: 'ü 😀', filler: 'compressible '.repeat(200) } });
    // Big enough that the gzipped envelope is smaller than its JSON, so it is what gets stored.
    const response = await post(server, gzipSync(envelope({ event_id: id }, [[{ type: 'event' }, event]])), { headers: { 'content-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    const issue = (await api(server, '/organizations/local/issues/?query=')).body[0];
    const stored = await api(server, `/organizations/local/issues/${issue.id}/events/${id}/`);
    expect(stored.status).toBe(200);
    expect(stored.body.tags).toContainEqual({ key: 'region', value: 'eu' });
    expect(JSON.stringify(stored.body)).toContain('ü 😀');
    expect((await api(server, `/organizations/local/issues/${issue.id}/`)).body.count).toBe('1');
  });

  it('answers 413 for a body or an item over the cap', async () => {
    const big = await post(server, Buffer.alloc(300 * 1024, 'a'));
    expect(big.status).toBe(413);
    const bigItem = envelope({}, [[{ type: 'event' }, errorEvent({ extra: { blob: 'x'.repeat(100 * 1024) } })]]);
    const item = await post(server, bigItem);
    expect(item.status).toBe(413);
    expect(((await item.json()) as any).detail).toMatch(/event item exceeds/);
    // A zip bomb is stopped while decompressing.
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, '{'));
    const small = await start({ limits: { maxEnvelopeBytes: 1024 * 1024 } });
    const bombed = await post(small, bomb, { headers: { 'content-encoding': 'gzip' } });
    expect(bombed.status).toBe(413);
    await small.close();
  });

  it('answers 400 with a detail for malformed input and keeps serving', async () => {
    const cases: Array<[string, RegExp]> = [
      ['not json at all', /invalid event envelope/],
      [`{}\n{"type":"event"}\n{"broken": \n`, /not valid JSON|invalid event envelope/],
      [`{}\n{"type":"event"}\n[1,2]\n`, /must be a JSON object/],
      [`{}\n{"length":3}\nabc\n`, /has no "type"/],
    ];
    for (const [text, detail] of cases) {
      const response = await post(server, text);
      expect(response.status, text).toBe(400);
      expect(((await response.json()) as any).detail).toMatch(detail);
    }
    expect((await post(server, body)).status).toBe(200);
  });

  it('accepts sessions, logs, spans, attachments and unknown items without rejecting them', async () => {
    const mixed = [
      JSON.stringify({ event_id: 'b'.repeat(32) }),
      JSON.stringify({ type: 'session' }),
      JSON.stringify({ sid: 's1', status: 'ok', started: new Date().toISOString(), attrs: { release: 'a@1' } }),
      JSON.stringify({ type: 'log', item_count: 2, content_type: 'application/vnd.sentry.items.log+json' }),
      JSON.stringify({ items: [{ level: 'info', body: 'a' }, { level: 'warn', body: 'b' }] }),
      JSON.stringify({ type: 'span' }),
      JSON.stringify({ span_id: 'a1', trace_id: 'b'.repeat(32) }),
      JSON.stringify({ type: 'attachment', length: 5, filename: 'a.txt' }),
      'hello',
      JSON.stringify({ type: 'something_new' }),
      JSON.stringify({ any: 'thing' }),
    ].join('\n');
    const response = await post(server, mixed);
    expect(response.status).toBe(200);
    const stats = await api(server, '/organizations/local/stats_v2/?field=sum(quantity)&groupBy=category&outcome=accepted&statsPeriod=1h');
    const byCategory = Object.fromEntries(stats.body.groups.map((g: any) => [g.by.category, g.totals['sum(quantity)']]));
    expect(byCategory).toMatchObject({ session: 1, log_item: 2, span: 1, attachment: 5 });
  });

  it('accepts the legacy /store/ endpoint', async () => {
    const response = await post(server, JSON.stringify({ event_id: 'c'.repeat(32), message: 'from store' }), { endpoint: 'store', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(200);
    expect((await response.json()) as any).toEqual({ id: 'c'.repeat(32) });
    const issues = await api(server, '/organizations/local/issues/?query=store');
    expect(issues.body.map((i: any) => i.title)).toEqual(['from store']);
  });

  it('rate limits per key the Relay way when configured', async () => {
    const limited = await start({ projects: [{ id: 7, slug: 'limited', keys: [KEY], rateLimitPerSecond: 2 }] });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await post(limited, body, { projectId: 7 });
      statuses.push(last.status);
      if (last.status === 429) break;
    }
    expect(statuses).toContain(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last!.headers.get('x-sentry-rate-limits')).toMatch(/^\d+::key/);
    expect(last!.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(((await last!.json()) as any).detail).toMatch(/rate limit/);
    const stats = await api(limited, '/organizations/local/stats_v2/?field=sum(quantity)&groupBy=outcome&statsPeriod=1h');
    expect(stats.body.groups.find((g: any) => g.by.outcome === 'rate_limited')?.totals['sum(quantity)']).toBe(1);
    await limited.close();
  });
});
