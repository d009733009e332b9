import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../test/fake-sentry';
import { fixture, fixtureFor, startFixtureServer } from '../test/fixture-server';
import { loadContract, openApiPaths } from '@causal-organism/openapi-contract';
import { createStatsClient } from './client';

const contract = loadContract();
if (!contract) {
  // Visible in the test output: the contract is only as good as the document it is checked against.
  console.warn(`[contract] Sentry OpenAPI document not found at ${openApiPaths().spec}; contract tests are skipped. Set SENTRY_OPENAPI_DIR.`);
}

describe('contract with Sentry\'s OpenAPI document', () => {
  it.skipIf(!contract)('every request the client sends is a documented path, method and set of parameters', async () => {
    const fake = await startFixtureServer();
    try {
      const sentry = createStatsClient({ baseUrl: fake.baseUrl, token: 't', org: 'acme', project: 'api', clock: createFakeClock() });
      const since = new Date(Date.UTC(2026, 7, 15));
      await sentry.projectStats({ stat: 'generated', since, until: new Date(Date.UTC(2026, 7, 16)), resolution: '1h' });
      await sentry.orgStatsV2({ groupBy: ['outcome', 'category'], category: 'error', outcome: 'accepted', reason: 'x', statsPeriod: '14d' });
      await sentry.orgStatsV2({ start: since, end: new Date(Date.UTC(2026, 7, 16)), project: [-1] });
      await sentry.eventsTimeseries({ interval: 60, statsPeriod: '1h', environment: ['production'], query: 'level:error' });
      for await (const _ of sentry.listIssues({ query: 'is:unresolved', sort: 'freq', environment: ['prod'], start: since, end: new Date() }));
      for await (const _ of sentry.listProjectIssues({ query: '', sort: 'new', statsPeriod: '14d' }));
      await sentry.getIssue('123');
      for await (const _ of sentry.listIssueEvents({ issueId: '123', full: true, statsPeriod: '24h', environment: ['prod'], query: 'x' }));
      await sentry.getIssueEvent({ issueId: '123', eventId: 'latest', environment: ['prod'] });
      await sentry.errorRate({ window: '1h', bucket: '1m' });
      await sentry.topIssues({ since: '24h', limit: 5 });
      await sentry.newIssues({ since: '24h' });
      await sentry.affectedUsers({ since: '24h' });
      await sentry.isAboveThreshold({ perMinute: 10 });
      expect(fake.requests.length).toBeGreaterThanOrEqual(14);
      const problems = fake.requests.flatMap((r) => contract!.checkRequest(r));
      expect(problems).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it.skipIf(!contract)('every response fixture the client relies on validates against its documented 200 schema', () => {
    const samples: Array<[string, string]> = [
      ['GET', '/api/0/projects/acme/api/stats/'],
      ['GET', '/api/0/projects/acme/api/issues/'],
      ['GET', '/api/0/organizations/acme/stats_v2/'],
      ['GET', '/api/0/organizations/acme/events-timeseries/'],
      ['GET', '/api/0/organizations/acme/issues/'],
      ['GET', '/api/0/organizations/acme/issues/1/'],
      ['GET', '/api/0/organizations/acme/issues/1/events/'],
      ['GET', '/api/0/organizations/acme/issues/1/events/latest/'],
    ];
    for (const [method, path] of samples) {
      expect(contract!.checkResponse({ method, path }, 200, fixture(fixtureFor(path)!)), path).toEqual([]);
    }
  });

  it.skipIf(!contract)('the checker itself rejects an undocumented parameter and a wrong response', () => {
    expect(contract!.checkRequest({ method: 'GET', path: '/api/0/organizations/acme/issues/', query: new URLSearchParams('per_page=100') })).toHaveLength(1);
    expect(contract!.checkRequest({ method: 'GET', path: '/api/0/organizations/acme/stats_v2/', query: new URLSearchParams('statsPeriod=1d') })).toHaveLength(2);
    expect(contract!.checkResponse({ method: 'GET', path: '/api/0/organizations/acme/issues/' }, 200, [{ id: 1 }])).not.toEqual([]);
  });
});
