/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's event JSON loosely, as a client would */
// Real PostgreSQL and Redis (Debian's servers on loopback, started by tooling/test-services):
// wrong passwords, an exhausted pool, and export jobs that really land on the BullMQ queue.
import { type TestReceiver, startTestReceiver } from '@causal-organism/test-receiver';
import { type RunningPostgres, type RunningRedis, startPostgres, startRedis } from '@causal-organism/test-services';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, startApi } from './helpers';

let receiver: TestReceiver;
let postgres: RunningPostgres;
let redis: RunningRedis;

beforeAll(async () => {
  receiver = await startTestReceiver();
  [postgres, redis] = await Promise.all([startPostgres(), startRedis({ password: 'redis-right-password' })]);
});

afterAll(async () => {
  await Promise.allSettled([postgres?.stop(), redis?.stop(), receiver?.close()]);
});

function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

async function eventFor(response: Response): Promise<any> {
  const eventId = response.headers.get('x-sentry-event-id');
  expect(eventId).toMatch(/^[0-9a-f]{32}$/);
  await receiver.waitFor((r) => r.events().some((e) => e.event_id === eventId));
  return receiver.events().find((e) => e.event_id === eventId);
}

describe('PostgreSQL reachable with a pool of one, Redis with a wrong password', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({
      SENTRY_DSN: receiver.dsn,
      DATABASE_URL: postgres.url,
      PG_POOL_MAX: '1',
      PG_CONNECT_TIMEOUT_MS: '300',
      REDIS_URL: withPassword(redis.url, 'wrong-password'),
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('serves from PostgreSQL and reports it up', async () => {
    const response = await fetch(`${api.url}/orders/7`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).order.id).toBe('7');
    const health = (await (await fetch(`${api.url}/health`)).json()) as any;
    expect(health.postgres).toEqual({ status: 'up' });
    expect(health.redis.status).toBe('down');
  });

  it('an exhausted pool times out with pg-pool\'s own error: database-connection fingerprint, pool-exhausted', async () => {
    const slow = fetch(`${api.url}/orders/8/slow?seconds=2`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const response = await fetch(`${api.url}/orders/9`, { headers: { 'x-user-id': 'user-pool' } });
    expect(response.status).toBe(500);
    const event = await eventFor(response);
    expect(event.exception.values.at(-1).value).toBe('timeout exceeded when trying to connect');
    expect(event.fingerprint).toEqual(['database-connection-error', 'postgresql', 'Error']);
    expect(event.tags['db.connection_failure']).toBe('pool-exhausted');
    expect(event.user.id).toBe('user-pool');
    expect((await slow).status).toBe(200);
  });

  it('a wrong Redis password: the server\'s WRONGPASS reply, database-connection fingerprint for redis (auth)', async () => {
    const response = await fetch(`${api.url}/sessions/s-1`);
    expect(response.status).toBe(500);
    const event = await eventFor(response);
    expect(event.fingerprint.slice(0, 2)).toEqual(['database-connection-error', 'redis']);
    expect(event.tags['db.connection_failure']).toBe('auth');
    expect(JSON.stringify(event)).not.toContain('wrong-password');
  });
});

describe('PostgreSQL with a wrong password, Redis reachable', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({
      SENTRY_DSN: receiver.dsn,
      DATABASE_URL: withPassword(postgres.url, 'wrong-password'),
      REDIS_URL: redis.url,
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('PostgreSQL answers 28P01: database-connection fingerprint for postgresql (auth)', async () => {
    const response = await fetch(`${api.url}/orders/10`);
    expect(response.status).toBe(500);
    const event = await eventFor(response);
    expect(event.fingerprint.slice(0, 2)).toEqual(['database-connection-error', 'postgresql']);
    expect(event.tags['db.connection_failure']).toBe('auth');
    expect(JSON.stringify(event)).not.toContain('wrong-password');
  });

  it('POST /exports puts { reportId, format, requestedBy } on the BullMQ queue "exports"', async () => {
    // The queue's connection may still be coming up right after start.
    let response: Response;
    for (let i = 0; ; i++) {
      response = await fetch(`${api.url}/exports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': 'user-9' },
        body: JSON.stringify({ reportId: 'q3-revenue', format: 'pdf' }),
      });
      if (response.status !== 503 || i === 20) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(response.status).toBe(202);
    const { jobId, queue: queueName } = (await response.json()) as any;
    expect(queueName).toBe('exports');
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('exports', { connection });
    try {
      const job = await queue.getJob(jobId);
      expect(job?.name).toBe('export');
      expect(job?.data).toEqual({ reportId: 'q3-revenue', format: 'pdf', requestedBy: 'user-9' });
      expect(job?.opts.attempts).toBe(3);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
