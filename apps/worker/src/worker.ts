// The worker's entry point: `node --import ./dist/instrument.js ./dist/worker.js`.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import * as Sentry from '@sentry/node';
import { onShutdown, shutdown } from '@causal-organism/core-config';
import { createLogger } from '@causal-organism/core-config/pino';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { readWorkerConfig, redactRedisUrl, type WorkerConfig } from './config';
import { WorkerError } from './errors';
import { cleanupExports, runExport } from './jobs';
import { jobMetrics, METRICS_CONTENT_TYPE, renderMetrics, startDefaultMetrics } from './metrics';
import { withJobScope } from './scope';

/** The queue the API enqueues export jobs on. */
export const EXPORTS_QUEUE = 'exports';
/** The periodic job's name, its scheduler id and its Sentry cron monitor slug. */
export const CLEANUP_JOB = 'cleanup-exports';
export const CLEANUP_MONITOR = 'export-cleanup';

const log = createLogger({ name: 'worker' });

/** Fails fast, with a message that says what to do, when Redis is not there. */
async function checkRedis(url: string): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The socket error says why (ECONNREFUSED, ENOTFOUND, auth); connect() only says the connection closed.
  let socketError: Error | undefined;
  probe.on('error', (error: Error) => (socketError ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const cause = socketError ?? error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new WorkerError(
      'redis-unavailable',
      `cannot reach Redis at ${redactRedisUrl(url)} (${reason}). The worker takes its jobs from Redis: start redis-server or set REDIS_URL to a reachable Redis.`,
      { cause },
    );
  } finally {
    probe.disconnect();
  }
}

type MonitorConfig = NonNullable<Parameters<typeof Sentry.withMonitor>[2]>;

function monitorSchedule(intervalMs: number): MonitorConfig {
  // Sentry's interval schedules count in minutes at the finest.
  return {
    schedule: { type: 'interval', value: Math.max(1, Math.round(intervalMs / 60_000)), unit: 'minute' },
    checkinMargin: 1,
    maxRuntime: 5,
    timezone: 'UTC',
  };
}

function startMetricsServer(config: WorkerConfig, isHealthy: () => boolean): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      renderMetrics().then(
        (text) => res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE }).end(text),
        () => res.writeHead(500).end('metrics unavailable\n'),
      );
    } else if (req.url === '/health/live') {
      // Liveness: the event loop answers. Draining is not a reason to be restarted.
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    } else if (req.url === '/health') {
      // Readiness: taking jobs and connected to Redis; 503 while draining or while Redis is away.
      const ok = isHealthy();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok }));
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(config.metricsPort, config.metricsHost);
  return Promise.race([
    once(server, 'listening').then(() => server),
    once(server, 'error').then(([error]) => {
      throw new WorkerError('metrics-port-unavailable', `cannot listen on ${config.metricsHost}:${config.metricsPort} for /metrics: ${String(error)}. Set METRICS_PORT to a free port.`, { cause: error });
    }),
  ]);
}

async function main(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- the app's entry point is where its environment enters.
  const config = readWorkerConfig(process.env);
  await checkRedis(config.redisUrl);
  startDefaultMetrics();
  const metrics = jobMetrics();

  // BullMQ's worker blocks on Redis: it needs a connection that retries forever, never failing a command.
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (error) => log.warn({ reason: error.message }, 'redis connection error; retrying'));
  let draining = false;

  const processor = (job: Job): Promise<unknown> =>
    withJobScope<unknown>(
      job,
      (): Promise<unknown> => {
        if (job.name === CLEANUP_JOB) {
          return Sentry.withMonitor(CLEANUP_MONITOR, () => cleanupExports({ exportDir: config.exportDir, retentionMs: config.exportRetentionMs }), monitorSchedule(config.cleanupIntervalMs));
        }
        log.info({ jobId: job.id, jobName: job.name, attempt: job.attemptsMade + 1 }, 'job started');
        return runExport(job, config);
      },
      { metrics },
    );

  const worker = new Worker(EXPORTS_QUEUE, processor, {
    connection,
    concurrency: config.concurrency,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.stalledIntervalMs,
    autorun: false,
  });
  worker.on('failed', (job, error) => log.warn({ jobId: job?.id, jobName: job?.name, attemptsMade: job?.attemptsMade, reason: error.message }, 'job attempt failed'));
  worker.on('completed', (job) => log.info({ jobId: job.id, jobName: job.name }, 'job completed'));
  worker.on('error', (error) => log.warn({ reason: error.message }, 'worker error'));

  let queue: Queue | undefined;
  if (config.cleanupIntervalMs > 0) {
    queue = new Queue(EXPORTS_QUEUE, { connection });
    await queue.upsertJobScheduler(CLEANUP_JOB, { every: config.cleanupIntervalMs }, { name: CLEANUP_JOB, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  const server = await startMetricsServer(config, () => !draining && worker.isRunning() && connection.status === 'ready');

  // SIGTERM/SIGINT (core-config): stop taking jobs, let the running ones finish, then core-config flushes.
  onShutdown(async () => {
    draining = true;
    log.info('draining: waiting for running jobs to finish');
    await worker.close();
    await queue?.close();
    await connection.quit();
    server.close();
    log.info('drained');
  });

  void worker.run().catch((error: unknown) => {
    log.error({ err: error }, 'worker stopped');
  });
  await worker.waitUntilReady();
  const address = server.address();
  const metricsPort = typeof address === 'object' && address !== null ? address.port : config.metricsPort;
  process.stdout.write(`${JSON.stringify({ ready: true, metricsPort })}\n`);
}

main().catch(async (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // A plain line on stderr for whoever starts the worker, and an event for whoever watches Sentry.
  process.stderr.write(`worker: ${message}\n`);
  if (!WorkerError.isInstance(error) || error.code === 'redis-unavailable') Sentry.captureException(error, { level: 'fatal' });
  await shutdown({ timeoutMs: 5000 });
  process.exit(1);
});
