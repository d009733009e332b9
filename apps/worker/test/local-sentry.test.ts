/* eslint-disable @typescript-eslint/no-explicit-any -- Web API answers are untyped JSON; the assertions check their shape */
// The same worker, reporting to local-sentry (the demo's receiver) instead of the bare test receiver:
// its events and check-ins are accepted, grouped and queryable through Sentry's Web API.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { startLocalSentry, type LocalSentry } from '@causal-organism/local-sentry';
import { startRedis, type RunningRedis } from '@causal-organism/test-services';
import { eventually, parseMetrics, startWorker, type RunningWorker } from './harness';

let redis: RunningRedis;
let sentry: LocalSentry;
let queue: Queue;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  [redis, sentry] = await Promise.all([startRedis(), startLocalSentry({ db: ':memory:' })]);
  queue = new Queue('exports', { connection: { url: redis.url } });
});
afterAll(async () => {
  await worker?.kill();
  await queue?.close();
  await Promise.all([sentry?.close(), redis?.stop()]);
});

async function api(path: string): Promise<any> {
  const response = await fetch(`${sentry.apiUrl}${path}`, { headers: { authorization: `Bearer ${sentry.token}` } });
  expect(response.status).toBe(200);
  return response.json();
}

it('every attempt of a failing job lands in local-sentry as one export-error issue; /metrics agrees', async () => {
  worker = await startWorker({ REDIS_URL: redis.url, SENTRY_DSN: sentry.dsn, WORKER_SIMULATIONS: 'true', WORKER_CLEANUP_INTERVAL_MS: '1000', SENTRY_ENVIRONMENT: 'ci' });
  const { metricsPort } = await worker.ready;
  const job = await queue.add('export', { reportId: 'r-ls', format: 'csv', requestedBy: 'ann@example.org', simulate: 'fail' }, { attempts: 3, backoff: { type: 'fixed', delay: 100 } });
  await eventually(async () => ((await job.getState()) === 'failed' ? true : undefined));

  const issues = await eventually(async () => {
    const found = (await api(`/organizations/${sentry.organization}/issues/?query=is:unresolved`)) as any[];
    return found.length === 1 && Number(found[0].count) === 3 ? found : undefined;
  });
  expect(issues[0].title).toContain('ExportRenderError');
  const latest = await api(`/organizations/${sentry.organization}/issues/${issues[0].id}/events/latest/`);
  expect(latest.tags).toEqual(expect.arrayContaining([
    { key: 'queue', value: 'exports' },
    { key: 'job.id', value: job.id },
    { key: 'job.attempt', value: '3' },
  ]));
  expect(JSON.stringify(latest)).not.toContain('ann@example.org');

  const metrics = parseMetrics(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
  expect(metrics.get('sentry_errors_total{level="error",outcome="sent"}')).toBe(Number(issues[0].count));

  // Check-ins are accepted by local-sentry's ingest (stored as `monitor` items; it has no monitors view).
  const stats = await eventually(async () => {
    const answer = await api(`/organizations/${sentry.organization}/stats_v2/?field=sum(quantity)&groupBy=category&groupBy=outcome&statsPeriod=1h&interval=1h`);
    const monitor = (answer.groups as any[]).find((g) => g.by.category === 'monitor' && g.by.outcome === 'accepted');
    return monitor !== undefined && monitor.totals['sum(quantity)'] >= 2 ? monitor : undefined;
  });
  expect(stats.totals['sum(quantity)']).toBeGreaterThanOrEqual(2);
  worker.child.kill('SIGTERM');
  expect((await worker.exited).code).toBe(0);
});
