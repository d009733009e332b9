import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeSentry } from '../test/fake-sentry';
import { fixture, startFixtureServer } from '../test/fixture-server';
import { createStatsClient } from './client';
import { SentryApiError, StatsClientConfigError } from './errors';

const TOKEN = 'sntryu_test_token';
let fake: FakeSentry | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const NOW = Date.UTC(2026, 7, 16, 10, 0, 0);

function minuteSeries(counts: Array<number | null>, opts: { lastIncomplete?: boolean } = {}) {
  const start = NOW - counts.length * 60_000;
  return {
    timeSeries: [
      {
        yAxis: 'count()',
        values: counts.map((value, i) => ({ timestamp: start + i * 60_000, value, incomplete: opts.lastIncomplete === true && i === counts.length - 1 })),
        meta: { valueType: 'integer', valueUnit: null, interval: 60 },
      },
    ],
    meta: { dataset: 'errors', start, end: NOW },
  };
}

async function client(override?: Parameters<typeof startFixtureServer>[0]) {
  fake = await startFixtureServer(override);
  return createStatsClient({ baseUrl: `${fake.baseUrl}/`, token: TOKEN, org: 'acme', project: 'api', clock: createFakeClock(NOW) });
}

describe('typed methods', () => {
  it('projectStats sends unix seconds and returns [ts, count] pairs', async () => {
    const sentry = await client();
    const points = await sentry.projectStats({ stat: 'received', since: new Date(NOW - 3600_000), until: new Date(NOW), resolution: '10s' });
    expect(points).toEqual(fixture('project-stats'));
    const req = fake!.requests[0]!;
    expect(req.path).toBe('/api/0/projects/acme/api/stats/');
    expect(Object.fromEntries(req.query)).toEqual({ stat: 'received', since: String((NOW - 3600_000) / 1000), until: String(NOW / 1000), resolution: '10s' });
  });

  it('orgStatsV2 sends the required field and groupBy and the project filter', async () => {
    const sentry = await client();
    const stats = await sentry.orgStatsV2({ category: 'error', outcome: 'accepted', groupBy: ['outcome', 'category'] });
    expect(stats.groups.length).toBeGreaterThan(0);
    const q = fake!.requests[0]!.query;
    expect(q.get('field')).toBe('sum(quantity)');
    expect(q.getAll('groupBy')).toEqual(['outcome', 'category']);
    expect(q.get('statsPeriod')).toBe('24h');
    expect(q.getAll('project')).toEqual(['api']);
  });

  it('lists org issues, and the deprecated project list for old self-hosted', async () => {
    const sentry = await client();
    const issues = [];
    for await (const issue of sentry.listIssues({ statsPeriod: '24h', query: '' })) issues.push(issue);
    expect(issues[0]!.count).toBe(fixture('org-issues')[0].count);
    expect(fake!.requests[0]!.query.get('limit')).toBe('100');
    expect(fake!.requests[0]!.query.get('query')).toBe('');
    const old = [];
    for await (const issue of sentry.listProjectIssues({ statsPeriod: '24h' })) old.push(issue);
    expect(old).toHaveLength(fixture('project-issues').length);
    expect(fake!.requests[1]!.path).toBe('/api/0/projects/acme/api/issues/');
  });

  it('gets an issue, its events and one event', async () => {
    const sentry = await client();
    const issue = await sentry.getIssue('1');
    expect(issue.id).toBe(fixture('issue').id);
    const events = [];
    for await (const e of sentry.listIssueEvents({ issueId: '1', full: true, limit: 1 })) events.push(e);
    expect(events).toHaveLength(1);
    const event = await sentry.getIssueEvent({ issueId: '1', eventId: 'latest' });
    expect(event.entries.length).toBeGreaterThan(0);
    expect(fake!.requests.map((r) => r.path)).toEqual([
      '/api/0/organizations/acme/issues/1/',
      '/api/0/organizations/acme/issues/1/events/',
      '/api/0/organizations/acme/issues/1/events/latest/',
    ]);
    expect(fake!.requests[1]!.query.get('per_page')).toBe('1');
  });

  it('a project-scoped call without a project is a typed config error', async () => {
    fake = await startFixtureServer();
    const sentry = createStatsClient({ baseUrl: fake.baseUrl, token: TOKEN, org: 'acme' });
    await expect(sentry.projectStats()).rejects.toSatisfy((e) => StatsClientConfigError.isInstance(e) && e.option === 'project');
  });

  it('surfaces a 404 as SentryApiError with Sentry\'s detail', async () => {
    const sentry = await client();
    await expect(sentry.http.request({ path: '/api/0/nope/' })).rejects.toSatisfy(
      (e) => SentryApiError.isInstance(e) && e.status === 404 && e.detail === 'The requested resource does not exist',
    );
  });
});

describe('helpers', () => {
  it('errorRate asks for minute buckets over the window and computes per-minute figures', async () => {
    const sentry = await client((req) => (req.path.endsWith('/events-timeseries/') ? { body: minuteSeries([0, 4, 12, 2, 3], { lastIncomplete: true }) } : undefined));
    const rate = await sentry.errorRate({ window: '5m', bucket: '1m' });
    const q = fake!.requests[0]!.query;
    expect(Object.fromEntries(q)).toMatchObject({ dataset: 'errors', yAxis: 'count()', interval: '60', statsPeriod: '5m', project: 'api' });
    expect(rate.total).toBe(21);
    expect(rate.perMinute).toBeCloseTo(21 / 5);
    expect(rate.peakPerMinute).toBe(12);
    expect(rate.buckets[4]!.incomplete).toBe(true);
  });

  it('errorRate converts 5-minute buckets to per-minute rates', async () => {
    const sentry = await client((req) => (req.path.endsWith('/events-timeseries/') ? { body: minuteSeries([50, 100]) } : undefined));
    const rate = await sentry.errorRate({ window: '10m', bucket: '5m' });
    expect(rate.buckets.map((b) => b.perMinute)).toEqual([10, 20]);
  });

  it('errorRate rejects a window it cannot read', async () => {
    const sentry = await client();
    await expect(sentry.errorRate({ window: 'an hour' })).rejects.toThrow(/Invalid window "an hour"/);
    await expect(sentry.errorRate({ window: '1m', bucket: '5m' })).rejects.toThrow(/larger than window/);
  });

  it('isAboveThreshold is strict greater-than: 10 in a minute is not above 10, 11 is', async () => {
    let counts = [3, 10, 7];
    const sentry = await client((req) => (req.path.endsWith('/events-timeseries/') ? { body: minuteSeries(counts) } : undefined));
    expect(await sentry.isAboveThreshold({ perMinute: 10 })).toMatchObject({ above: false, peakPerMinute: 10 });
    counts = [3, 11, 7];
    const result = await sentry.isAboveThreshold({ perMinute: 10 });
    expect(result.above).toBe(true);
    expect(result.firstAboveAt).toEqual(new Date(NOW - 2 * 60_000));
  });

  it('topIssues sorts by frequency within the period and stops at the limit', async () => {
    const sentry = await client();
    const top = await sentry.topIssues({ since: '24h', limit: 1 });
    expect(top).toHaveLength(1);
    expect(Object.fromEntries(fake!.requests[0]!.query)).toMatchObject({ sort: 'freq', statsPeriod: '24h', limit: '1' });
  });

  it('newIssues keeps only issues first seen within the period', async () => {
    const issue = fixture('org-issues')[0];
    const body = [
      { ...issue, id: 'a', firstSeen: new Date(NOW - 3600_000).toISOString() },
      { ...issue, id: 'b', firstSeen: new Date(NOW - 2 * 86_400_000).toISOString() },
    ];
    const sentry = await client((req) => (req.path === '/api/0/organizations/acme/issues/' ? { body } : undefined));
    const fresh = await sentry.newIssues({ since: '24h' });
    expect(fresh.map((i) => i.id)).toEqual(['a']);
    expect(Object.fromEntries(fake!.requests[0]!.query)).toMatchObject({ sort: 'new', query: '' });
  });

  it('affectedUsers asks for unique users in one bucket spanning the period', async () => {
    const sentry = await client((req) =>
      req.path.endsWith('/events-timeseries/') ? { body: { timeSeries: [{ yAxis: 'count_unique(user)', values: [{ timestamp: NOW, value: 42 }], meta: { interval: 86400 } }] } } : undefined,
    );
    expect(await sentry.affectedUsers({ since: '24h' })).toEqual({ users: 42, since: '24h' });
    expect(Object.fromEntries(fake!.requests[0]!.query)).toMatchObject({ yAxis: 'count_unique(user)', interval: '86400', statsPeriod: '1d' });
  });
});
