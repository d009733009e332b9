/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's JSON responses loosely, as a client would */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, envelope, errorEvent, fakeClock, post, start } from './helpers';
import { seed } from './fixtures';
import type { LocalSentry } from '../src/types';

let server: LocalSentry;
let clock: ReturnType<typeof fakeClock>;
beforeEach(async () => {
  clock = fakeClock();
  server = await start({ clock });
});
afterEach(async () => {
  await server.close();
});

function typeError(type: string, i: number, level = 'error'): string {
  const event = errorEvent({ event_id: i.toString(16).padStart(32, '0'), level, exception: { values: [{ type, value: `v${i}`, stacktrace: { frames: [{ function: `f${type}`, module: 'app', in_app: true }] } }] } });
  return envelope({}, [[{ type: 'event' }, event]]);
}

describe('Web API', () => {
  it('requires the bearer token', async () => {
    const none = await fetch(`${server.apiUrl}/organizations/local/issues/`);
    expect(none.status).toBe(401);
    expect((await none.json()) as any).toEqual({ detail: 'Authentication credentials were not provided.' });
    const wrong = await fetch(`${server.apiUrl}/organizations/local/issues/`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const otherOrg = await api(server, '/organizations/other/issues/');
    expect(otherOrg.status).toBe(404);
  });

  it('filters issues by is:, level: and error.type:, and sorts', async () => {
    await seed(server);
    const all = await api(server, '/organizations/local/issues/?query=');
    expect(all.body).toHaveLength(3);
    const warnings = await api(server, '/organizations/local/issues/?query=level:warning');
    expect(warnings.body.map((i: any) => i.title)).toEqual(['disk almost full']);
    const range = await api(server, '/organizations/local/issues/?query=error.type:RangeError');
    expect(range.body.map((i: any) => i.metadata.type)).toEqual(['RangeError']);
    const freq = await api(server, '/organizations/local/issues/?query=&sort=freq');
    expect(freq.body[0].count).toBe('5');
    expect(freq.body[0].userCount).toBe(3);
    const resolved = await api(server, `/organizations/local/issues/${range.body[0].id}/`, { method: 'PUT', body: { status: 'resolved' } });
    expect(resolved.body.status).toBe('resolved');
    const unresolved = await api(server, '/organizations/local/issues/');
    expect(unresolved.body.map((i: any) => i.metadata.type ?? i.title)).not.toContain('RangeError');
    expect((await api(server, '/organizations/local/issues/?query=is:resolved')).body).toHaveLength(1);
    const bad = await api(server, '/organizations/local/issues/?query=assigned:me');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/Unsupported search term/);
  });

  it('re-opens a resolved issue when it happens again (regression)', async () => {
    await post(server, typeError('Regressed', 1));
    const [issue] = (await api(server, '/organizations/local/issues/')).body;
    await api(server, `/organizations/local/issues/${issue.id}/`, { method: 'PUT', body: { status: 'resolved' } });
    await post(server, typeError('Regressed', 2));
    const again = (await api(server, `/organizations/local/issues/${issue.id}/`)).body;
    expect(again.status).toBe('unresolved');
    expect(again.substatus).toBe('regressed');
  });

  it('pages with limit and cursor, with Sentry Link headers', async () => {
    for (let i = 0; i < 5; i++) {
      await post(server, typeError(`E${i}`, i));
      clock.advance(1000);
    }
    const first = await api(server, '/organizations/local/issues/?query=&limit=2');
    expect(first.body.map((i: any) => i.metadata.type)).toEqual(['E4', 'E3']);
    expect(first.headers.get('x-hits')).toBe('5');
    const link = first.headers.get('link')!;
    expect(link).toMatch(/rel="previous"; results="false"; cursor="0:0:1"/);
    expect(link).toMatch(/rel="next"; results="true"; cursor="0:2:0"/);
    const next = /<([^>]+)>; rel="next"/.exec(link)![1]!;
    expect(next).toContain('limit=2');
    const second = await fetch(next, { headers: { authorization: `Bearer ${server.token}` } });
    expect((((await second.json()) as any) as any[]).map((i) => i.metadata.type)).toEqual(['E2', 'E1']);
    const last = await api(server, '/organizations/local/issues/?query=&limit=2&cursor=0:4:0');
    expect(last.body).toHaveLength(1);
    expect(last.headers.get('link')).toMatch(/rel="next"; results="false"/);
    expect((await api(server, '/organizations/local/issues/?cursor=garbage')).body).toEqual({ detail: 'Invalid cursor parameter.' });
  });

  it('applies statsPeriod as a time filter', async () => {
    await post(server, typeError('Old', 1));
    clock.advance(3 * 86_400_000);
    await post(server, typeError('New', 2));
    const day = await api(server, '/organizations/local/issues/?query=&statsPeriod=24h');
    expect(day.body.map((i: any) => i.metadata.type)).toEqual(['New']);
    expect((await api(server, '/organizations/local/issues/?query=&statsPeriod=14d')).body).toHaveLength(2);
    expect((await api(server, '/organizations/local/issues/?statsPeriod=yesterday')).status).toBe(400);
  });

  it('serves issue events, a single event and latest, with entries', async () => {
    await seed(server);
    const issue = (await api(server, '/organizations/local/issues/?query=&sort=freq')).body[0];
    const events = await api(server, `/organizations/local/issues/${issue.id}/events/?per_page=2`);
    expect(events.body).toHaveLength(2);
    expect(events.headers.get('link')).toMatch(/rel="next"; results="true"/);
    const latest = await api(server, `/organizations/local/issues/${issue.id}/events/latest/`);
    expect(latest.body.eventID).toBe(events.body[0].eventID);
    expect(latest.body.entries.map((e: any) => e.type)).toEqual(expect.arrayContaining(['exception', 'breadcrumbs', 'request']));
    expect(latest.body.user.id).toMatch(/^user-/);
    const topLevel = await api(server, `/issues/${issue.id}/events/latest/`);
    expect(topLevel.body.eventID).toBe(latest.body.eventID);
    const one = await api(server, `/organizations/local/issues/${issue.id}/events/${events.body[1].eventID}/`);
    expect(one.body.nextEventID).toBe(latest.body.eventID);
    expect((await api(server, `/organizations/local/issues/${issue.id}/events/${'9'.repeat(32)}/`)).status).toBe(404);
    expect((await api(server, `/organizations/local/issues/${issue.id}/events/?per_page=101`)).body.detail).toMatch(/Cannot exceed 100/);
  });

  it('counts per minute in events-timeseries and per bucket in project stats and stats_v2', async () => {
    // Off the minute boundary, so bucketing must round down, not divide.
    clock.advance(30_500);
    await post(server, typeError('A', 1));
    await post(server, typeError('A', 2));
    clock.advance(60_000);
    await post(server, typeError('A', 3));
    const series = await api(server, '/organizations/local/events-timeseries/?dataset=errors&interval=60&statsPeriod=5m');
    const values = series.body.timeSeries[0].values.map((v: any) => v.value);
    expect(values.slice(-2)).toEqual([2, 1]);
    expect(series.body.timeSeries[0].meta.interval).toBe(60);
    expect((await api(server, '/organizations/local/events-timeseries/?dataset=spans')).status).toBe(400);
    const stats = await api(server, '/projects/local/local/stats/?resolution=1h');
    expect(stats.body.reduce((s: number, [, n]: [number, number]) => s + n, 0)).toBe(3);
    const v2 = await api(server, '/organizations/local/stats_v2/?field=sum(quantity)&groupBy=outcome&category=error&statsPeriod=24h');
    expect(v2.body.groups).toEqual([expect.objectContaining({ by: { outcome: 'accepted' }, totals: { 'sum(quantity)': 3 } })]);
    expect(v2.body.intervals).toHaveLength(v2.body.groups[0].series['sum(quantity)'].length);
    expect((await api(server, '/organizations/local/stats_v2/?groupBy=outcome')).status).toBe(400);
  });
});
