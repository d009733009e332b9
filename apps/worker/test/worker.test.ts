/* eslint-disable @typescript-eslint/no-explicit-any -- received events are untyped JSON; the assertions below check their shape */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Queue, type Job } from 'bullmq';
import { freePort, startRedis, type RunningRedis } from '@causal-organism/test-services';
import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import { eventually, parseMetrics, startWorker, type RunningWorker } from './harness';

const EMAIL = 'jane.doe@example.com';
const CARD = '4242 4242 4242 4242';
const RETRY = { attempts: 3, backoff: { type: 'fixed', delay: 200 } } as const;

let redis: RunningRedis;
let receiver: TestReceiver;
let queue: Queue;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  [redis, receiver] = await Promise.all([startRedis(), startTestReceiver()]);
  queue = new Queue('exports', { connection: { url: redis.url } });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.kill()));
  await queue.obliterate({ force: true });
  receiver.clear();
});
afterAll(async () => {
  await queue?.close();
  await Promise.all([receiver?.close(), redis?.stop()]);
});

async function worker(env: Record<string, string> = {}): Promise<RunningWorker> {
  const w = await startWorker({ REDIS_URL: redis.url, SENTRY_DSN: receiver.dsn, WORKER_SIMULATIONS: 'true', WORKER_CLEANUP_INTERVAL_MS: '0', ...env });
  workers.push(w);
  await w.ready;
  return w;
}

const eventsOf = (jobId: string | undefined): any[] => receiver.events().filter((e) => e.tags?.['job.id'] === jobId);

async function finished(job: Job): Promise<string> {
  return eventually(async () => {
    const state = await job.getState();
    return state === 'completed' || state === 'failed' ? state : undefined;
  });
}

describe('apps/worker, started as in production against a real redis-server', () => {
  it('captures each failing attempt once, in its own scope, scrubbed; reports check-ins; /metrics matches what arrived', async () => {
    const w = await worker({ WORKER_CLEANUP_INTERVAL_MS: '1000' });
    const failing = await queue.add('export', { reportId: 'r-fail', format: 'csv', requestedBy: EMAIL, notes: `paid with ${CARD}`, simulate: 'fail' }, RETRY);
    const flaky = await queue.add('export', { reportId: 'r-flaky', format: 'json', requestedBy: 'u-17', simulate: 'fail-once' }, RETRY);
    const fine = await queue.add('export', { reportId: 'r-ok', format: 'csv', requestedBy: EMAIL }, RETRY);
    const invalid = await queue.add('export', { reportId: 'r-bad', format: 'xlsx', requestedBy: EMAIL }, RETRY);

    expect(await finished(failing)).toBe('failed');
    expect(await finished(flaky)).toBe('completed');
    expect(await finished(fine)).toBe('completed');
    expect(await finished(invalid)).toBe('failed');
    await receiver.waitFor(() => receiver.events().length >= 5);
    await receiver.waitFor(() => receiver.items('check_in').filter((i) => i.payload.status === 'ok').length >= 2, 15_000);

    // One event per attempt, attempts 1..3, all grouped as one export-error issue.
    const failEvents = eventsOf(failing.id);
    expect(failEvents.map((e) => e.tags['job.attempt'])).toEqual([1, 2, 3]);
    expect(failEvents.map((e) => e.tags['job.final_attempt'])).toEqual([false, false, true]);
    for (const event of failEvents) {
      expect(event.tags).toMatchObject({ queue: 'exports', 'job.name': 'export', 'job.id': failing.id });
      expect(event.fingerprint).toEqual(['export-error', 'ExportRenderError']);
      expect(event.exception.values[0].mechanism).toMatchObject({ type: 'auto.worker.bullmq', handled: false });
      expect(event.contexts.job).toMatchObject({ queue: 'exports', id: failing.id, maxAttempts: 3, data: { reportId: 'r-fail', format: 'csv' } });
    }
    // Each attempt ran in its own isolation scope: no tag of one job leaks into another's event.
    expect(eventsOf(flaky.id).map((e) => e.tags['job.attempt'])).toEqual([1]);
    expect(eventsOf(fine.id)).toEqual([]);
    // A job that cannot succeed is captured once and not retried.
    expect(eventsOf(invalid.id)).toHaveLength(1);
    expect(eventsOf(invalid.id)[0].exception.values[0].type).toBe('InvalidExportJobError');
    expect((await queue.getJob(invalid.id!))!.attemptsMade).toBe(1);
    expect(receiver.events()).toHaveLength(5);

    // The planted PII never reached the receiver, in any byte of any envelope.
    const raw = receiver.envelopes.map((e) => e.raw.toString('utf8')).join('\n');
    expect(raw).toContain('r-fail');
    expect(raw).not.toContain(EMAIL);
    expect(raw).not.toContain(CARD);
    expect(raw).not.toContain(CARD.replaceAll(' ', ''));

    // Cron check-ins: in_progress then ok for the same check-in id, with the monitor's schedule.
    const checkIns = receiver.items('check_in').map((i) => i.payload);
    const ok = checkIns.filter((c) => c.status === 'ok');
    for (const done of ok) {
      expect(done.monitor_slug).toBe('export-cleanup');
      expect(checkIns.some((c) => c.check_in_id === done.check_in_id && c.status === 'in_progress')).toBe(true);
    }
    expect(checkIns.find((c) => c.status === 'in_progress').monitor_config).toMatchObject({ schedule: { type: 'interval', unit: 'minute' } });

    // /metrics counts what the receiver got, plus job counters and process metrics.
    const { metricsPort } = await w.ready;
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const metrics = parseMetrics(await response.text());
    expect(metrics.get('sentry_errors_total{level="error",outcome="sent"}')).toBe(receiver.events().length);
    expect(metrics.get('worker_jobs_total{queue="exports",name="export",status="completed"}')).toBe(2);
    expect(metrics.get('worker_jobs_total{queue="exports",name="export",status="failed"}')).toBe(3);
    expect(metrics.get('worker_jobs_total{queue="exports",name="export",status="exhausted"}')).toBe(2);
    expect(metrics.get('worker_jobs_total{queue="exports",name="cleanup-exports",status="completed"}')).toBeGreaterThanOrEqual(2);
    expect(metrics.has('process_cpu_user_seconds_total')).toBe(true);
    expect(metrics.has('nodejs_eventloop_lag_seconds')).toBe(true);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/health/live`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/nope`)).status).toBe(404);
  });

  it('a failing periodic job reports an error check-in and an event', async () => {
    // EXPORT_DIR is a file: the cleanup's readdir fails with ENOTDIR.
    const notADir = join(mkdtempSync(join(tmpdir(), 'worker-notdir-')), 'file');
    writeFileSync(notADir, 'x');
    await worker({ WORKER_CLEANUP_INTERVAL_MS: '1000', EXPORT_DIR: notADir });
    await receiver.waitFor(() => receiver.items('check_in').some((i) => i.payload.status === 'error') && receiver.events().length > 0, 15_000);
    const failed = receiver.items('check_in').find((i) => i.payload.status === 'error')!.payload;
    expect(failed.monitor_slug).toBe('export-cleanup');
    const event = receiver.events()[0];
    expect(event.tags).toMatchObject({ queue: 'exports', 'job.name': 'cleanup-exports' });
    expect(event.exception.values[0].value).toContain('ENOTDIR');
  });

  it('SIGTERM drains the running jobs and flushes their events before exiting 0', async () => {
    const w = await worker();
    const slow = await queue.add('export', { reportId: 'r-slow', format: 'csv', requestedBy: 'u-1', simulate: 'slow', durationMs: 1500 });
    const slowFail = await queue.add('export', { reportId: 'r-slow-fail', format: 'csv', requestedBy: 'u-2', simulate: 'slow-fail', durationMs: 1500 });
    await w.waitForOutput('job started', 2);
    w.child.kill('SIGTERM');
    const exit = await w.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    // Checked right at exit, without waiting: the event of the job that failed during the drain was
    // delivered before the process ended.
    expect(eventsOf(slowFail.id)).toHaveLength(1);
    expect(await slow.getState()).toBe('completed');
    expect(await slowFail.getState()).toBe('failed');
    expect(w.stdout().indexOf('draining')).toBeLessThan(w.stdout().indexOf('drained'));
  });

  it.each([
    ['crash', 'onuncaughtexception', 'uncaught exception'],
    ['reject', 'onunhandledrejection', 'unhandled rejection'],
  ])('a %s is captured and flushed before the process exits, and the job comes back to the queue', async (simulate, mechanism, text) => {
    // Short locks so the stalled job is found quickly by the next worker.
    const env = { WORKER_LOCK_DURATION_MS: '1500', WORKER_STALLED_INTERVAL_MS: '1000' };
    const first = await worker(env);
    const job = await queue.add('export', { reportId: `r-${simulate}`, format: 'json', requestedBy: EMAIL, simulate }, RETRY);
    const exit = await first.exited;

    expect(exit.code).toBe(1);
    const events = receiver.events();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.exception.values[0].value).toContain(text);
    expect(event.exception.values[0].mechanism).toMatchObject({ type: expect.stringContaining(mechanism), handled: false });
    expect(event.fingerprint).toEqual(['export-error', 'ExportRenderError']);
    // The crash happened inside the job's async context, so its event still carries the job's scope.
    expect(event.tags).toMatchObject({ queue: 'exports', 'job.name': 'export', 'job.id': job.id, 'job.attempt': 1 });
    expect(event.contexts.job.data).toMatchObject({ reportId: `r-${simulate}` });
    expect(receiver.envelopes.map((e) => e.raw.toString('utf8')).join('\n')).not.toContain(EMAIL);
    expect(await job.getState()).toBe('active');

    // The platform restarts the worker; the job's lock has expired, so it is returned and finished.
    await worker(env);
    expect(await finished(job)).toBe('completed');
    const done = (await queue.getJob(job.id!))!;
    expect(done.stalledCounter).toBe(1);
    expect(done.returnvalue).toMatchObject({ recoveredAfterStall: true });
  });

  it('when Redis goes away, readiness turns 503 and the worker waits for it instead of dying', async () => {
    const own = await startRedis();
    try {
      const w = await startWorker({ REDIS_URL: own.url, SENTRY_DSN: receiver.dsn, WORKER_CLEANUP_INTERVAL_MS: '0' });
      workers.push(w);
      const { metricsPort } = await w.ready;
      const health = async (path: string): Promise<number> => (await fetch(`http://127.0.0.1:${metricsPort}${path}`)).status;
      expect(await health('/health')).toBe(200);
      await own.stop();
      await eventually(async () => ((await health('/health')) === 503 ? true : undefined), 15_000);
      expect(await health('/health/live')).toBe(200);
      expect(w.child.exitCode).toBeNull();
    } finally {
      await own.stop();
    }
  });

  it('without Redis it says so and exits non-zero, reporting the outage', async () => {
    const port = await freePort();
    const w = await startWorker({ REDIS_URL: `redis://:s3cret@127.0.0.1:${port}`, SENTRY_DSN: receiver.dsn });
    workers.push(w);
    const exit = await w.exited;
    expect(exit.code).toBe(1);
    expect(w.stderr()).toContain(`worker: cannot reach Redis at redis://:***@127.0.0.1:${port} (connect ECONNREFUSED`);
    expect(w.stderr()).toContain('start redis-server or set REDIS_URL');
    expect(w.stderr()).not.toContain('s3cret');
    expect(w.stdout()).not.toContain('"ready"');
    expect(receiver.events().map((e) => e.level)).toEqual(['fatal']);

    const unset = await startWorker({});
    workers.push(unset);
    expect((await unset.exited).code).toBe(1);
    expect(unset.stderr()).toContain('REDIS_URL is not set');
  });
});
