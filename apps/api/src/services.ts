import { markDatabaseError } from '@causal-organism/fingerprints';
import { Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import pg from 'pg';
import type { ApiConfig } from './config';
import { ServiceUnavailableError } from './errors';

/** Where the api reports its own operational problems (a pino logger in production). */
export interface ApiLogger {
  info: (details: Record<string, unknown>, message: string) => void;
  warn: (details: Record<string, unknown>, message: string) => void;
}

/** Data of a job on the `exports` queue, consumed by `apps/worker`. */
export interface ExportJobData {
  reportId: string;
  format: 'csv' | 'json' | 'pdf';
  requestedBy: string;
}

/** The name of the BullMQ queue `POST /exports` adds to. */
export const EXPORTS_QUEUE = 'exports';

/** Availability of one backing service, as `GET /health` reports it. */
export interface ServiceHealth {
  status: 'up' | 'down' | 'not-configured';
  /** The driver's error code or name when down (never its message: it may name hosts or users). */
  error?: string;
}

/** The api's connections to PostgreSQL and Redis; every one optional and created lazily by the drivers. */
export interface Services {
  /** A pool connection, or a 503 when `DATABASE_URL` is unset. Driver errors reject as they are. */
  pool(): pg.Pool;
  /** The cache client, or a 503 when `REDIS_URL` is unset. */
  redis(): Redis;
  /** Adds an export job; a 503 {@link ServiceUnavailableError} (cause: Redis's last error) when Redis is not ready. */
  enqueueExport(data: ExportJobData): Promise<{ jobId: string }>;
  health(): Promise<{ postgres: ServiceHealth; redis: ServiceHealth }>;
  close(): Promise<void>;
}

/** Creates the clients. Nothing connects before it is needed, and nothing here throws when a server is down. */
export function createServices(options: { config: ApiConfig; logger: ApiLogger }): Services {
  const { config, logger } = options;
  let pool: pg.Pool | undefined;
  if (config.databaseUrl !== undefined) {
    pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.pgPoolMax,
      connectionTimeoutMillis: config.pgConnectTimeoutMs,
      idleTimeoutMillis: 10_000,
    });
    // An idle client losing its connection emits here; without a listener Node would crash.
    pool.on('error', (error) => logger.warn({ err: errorCode(error) }, 'postgres idle client error'));
  }

  const redisErrors = new Map<Redis, Error>();
  const warned = new Set<string>();
  const redisClient = (purpose: string, extra: RedisOptions = {}): Redis | undefined => {
    if (config.redisUrl === undefined) return undefined;
    const client = new Redis(config.redisUrl, {
      connectTimeout: config.redisTimeoutMs,
      commandTimeout: config.redisTimeoutMs,
      // Fail a request after one retry rather than queueing it for ever while Redis is down.
      maxRetriesPerRequest: 1,
      // Keep trying in the background, at most every 2 s, so the api recovers when Redis comes back.
      retryStrategy: (times) => Math.min(times * 200, 2000),
      lazyConnect: false,
      ...extra,
    });
    client.on('error', (error: Error) => {
      redisErrors.set(client, markDatabaseError(error, 'redis'));
      // Reconnect attempts repeat the same error every 2 s; log each kind once.
      const key = `${purpose}:${errorCode(error)}`;
      if (!warned.has(key)) {
        warned.add(key);
        logger.warn({ client: purpose, err: errorCode(error) }, 'redis connection error');
      }
    });
    client.on('ready', () => {
      redisErrors.delete(client);
      warned.clear();
    });
    return client;
  };
  const cache = redisClient('cache');
  // BullMQ wants its own connection; without an offline queue an add fails fast instead of hanging.
  const queueConnection = redisClient('queue', { enableOfflineQueue: false, maxRetriesPerRequest: null });
  const queue = queueConnection === undefined ? undefined : new Queue<ExportJobData>(EXPORTS_QUEUE, { connection: queueConnection });
  queue?.on('error', (error) => {
    // The queue repeats its connection's errors on every reconnect attempt; log each kind once.
    const key = `exports-queue:${errorCode(error)}`;
    if (!warned.has(key)) {
      warned.add(key);
      logger.warn({ err: errorCode(error) }, 'exports queue error');
    }
  });

  const notConfigured = (what: 'postgres' | 'redis') =>
    new ServiceUnavailableError({
      code: `${what}-not-configured`,
      message: what === 'postgres' ? 'PostgreSQL is not configured: set DATABASE_URL' : 'Redis is not configured: set REDIS_URL',
    });

  return {
    pool() {
      if (pool === undefined) throw notConfigured('postgres');
      return pool;
    },
    redis() {
      if (cache === undefined) throw notConfigured('redis');
      return cache;
    },
    async enqueueExport(data) {
      if (queue === undefined || queueConnection === undefined) throw notConfigured('redis');
      if (queueConnection.status !== 'ready') {
        const cause = redisErrors.get(queueConnection);
        throw markDatabaseError(new ServiceUnavailableError({ code: 'redis-unavailable', message: `Redis is unavailable (${queueConnection.status}): the export was not queued`, cause }), 'redis');
      }
      const job = await queue.add('export', data, {
        // Retries are visible in the worker's events: one capture per attempt.
        attempts: 3,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      });
      return { jobId: job.id ?? '' };
    },
    async health() {
      const postgres: Promise<ServiceHealth> =
        pool === undefined
          ? Promise.resolve({ status: 'not-configured' })
          : pool.query('SELECT 1').then(
              () => ({ status: 'up' }),
              (error: unknown) => ({ status: 'down', error: errorCode(error) }),
            );
      const redis: Promise<ServiceHealth> =
        cache === undefined
          ? Promise.resolve({ status: 'not-configured' })
          : cache.status !== 'ready'
            ? Promise.resolve({ status: 'down', error: errorCode(redisErrors.get(cache)) ?? cache.status })
            : cache.ping().then(
                () => ({ status: 'up' }),
                (error: unknown) => ({ status: 'down', error: errorCode(error) }),
              );
      const [pgHealth, redisHealth] = await Promise.all([postgres, redis]);
      return { postgres: pgHealth, redis: redisHealth };
    },
    async close() {
      await Promise.allSettled([
        pool?.end(),
        queue?.close(),
        cache?.quit().catch(() => cache.disconnect()),
        queueConnection?.quit().catch(() => queueConnection.disconnect()),
      ]);
    },
  };
}

/** A short, safe name for an error: its code (`ECONNREFUSED`, `28P01`) or class name. */
export function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  return typeof name === 'string' ? name : undefined;
}
