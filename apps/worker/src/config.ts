import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerError } from './errors';

/** The worker's settings, read from the environment by {@link readWorkerConfig}. */
export interface WorkerConfig {
  /** `REDIS_URL`: where the `exports` queue lives. Required. */
  redisUrl: string;
  /** `METRICS_PORT`: `/metrics` and `/health`. `0` picks a free port. @default 9464 */
  metricsPort: number;
  /** `METRICS_HOST`. @default '0.0.0.0' (Prometheus and the kubelet reach it from outside the pod) */
  metricsHost: string;
  /** `WORKER_CONCURRENCY`: jobs processed at once. @default 4 */
  concurrency: number;
  /** `WORKER_LOCK_DURATION_MS`: a crashed worker's jobs return to the queue after this. @default 30000 */
  lockDurationMs: number;
  /** `WORKER_STALLED_INTERVAL_MS`: how often stalled jobs are looked for. @default 30000 */
  stalledIntervalMs: number;
  /** `WORKER_CLEANUP_INTERVAL_MS`: the periodic export cleanup (a cron monitor); `0` turns it off. @default 300000 */
  cleanupIntervalMs: number;
  /** `EXPORT_DIR`: where exports are written. @default <tmpdir>/exports */
  exportDir: string;
  /** `EXPORT_RETENTION_MS`: exports older than this are deleted by the cleanup. @default 86400000 */
  exportRetentionMs: number;
  /** `WORKER_SIMULATIONS=true`: accept the failure-simulating job kinds (tests and the demo only). @default false */
  simulations: boolean;
}

/** Every variable the worker reads besides core-config's `SENTRY_*` ones; `REDIS_URL` is required. */
export const WORKER_ENV_VARS = [
  'REDIS_URL',
  'METRICS_PORT',
  'METRICS_HOST',
  'WORKER_CONCURRENCY',
  'WORKER_LOCK_DURATION_MS',
  'WORKER_STALLED_INTERVAL_MS',
  'WORKER_CLEANUP_INTERVAL_MS',
  'EXPORT_DIR',
  'EXPORT_RETENTION_MS',
  'WORKER_SIMULATIONS',
] as const;

const INTEGER_VARS = {
  METRICS_PORT: { key: 'metricsPort', fallback: 9464, min: 0, max: 65535 },
  WORKER_CONCURRENCY: { key: 'concurrency', fallback: 4, min: 1, max: 1000 },
  WORKER_LOCK_DURATION_MS: { key: 'lockDurationMs', fallback: 30_000, min: 500, max: 3_600_000 },
  WORKER_STALLED_INTERVAL_MS: { key: 'stalledIntervalMs', fallback: 30_000, min: 500, max: 3_600_000 },
  WORKER_CLEANUP_INTERVAL_MS: { key: 'cleanupIntervalMs', fallback: 300_000, min: 0, max: 86_400_000 },
  EXPORT_RETENTION_MS: { key: 'exportRetentionMs', fallback: 86_400_000, min: 0, max: 365 * 86_400_000 },
} as const;

/**
 * Reads the worker's variables. Throws a `WorkerError` naming every bad variable with an example of
 * a good value, so a misconfigured deployment fails at start with a message that says what to fix.
 */
export function readWorkerConfig(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const problems: string[] = [];
  const numbers: Record<string, number> = {};
  for (const [name, spec] of Object.entries(INTEGER_VARS)) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') {
      numbers[spec.key] = spec.fallback;
      continue;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
      problems.push(`  ${name}=${JSON.stringify(raw)}: must be an integer from ${spec.min} to ${spec.max}. Example: ${name}=${spec.fallback}`);
    } else {
      numbers[spec.key] = value;
    }
  }
  const simulations = (env.WORKER_SIMULATIONS ?? '').trim().toLowerCase();
  if (!['', 'true', 'false', '1', '0'].includes(simulations)) {
    problems.push(`  WORKER_SIMULATIONS=${JSON.stringify(env.WORKER_SIMULATIONS)}: must be true or false. Example: WORKER_SIMULATIONS=false`);
  }
  const redisUrl = env.REDIS_URL?.trim();
  if (redisUrl !== undefined && redisUrl !== '' && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push(`  REDIS_URL=${JSON.stringify(redisUrl)}: must be a redis:// or rediss:// URL. Example: REDIS_URL=redis://127.0.0.1:6379`);
  }
  if (problems.length > 0) {
    throw new WorkerError('invalid-env', `Worker configuration is invalid:\n${problems.join('\n')}`);
  }
  if (redisUrl === undefined || redisUrl === '') {
    throw new WorkerError('missing-redis-url', 'REDIS_URL is not set: the worker needs Redis for its queue. Example: REDIS_URL=redis://127.0.0.1:6379');
  }
  return {
    redisUrl,
    metricsPort: numbers.metricsPort!,
    metricsHost: env.METRICS_HOST?.trim() || '0.0.0.0',
    concurrency: numbers.concurrency!,
    lockDurationMs: numbers.lockDurationMs!,
    stalledIntervalMs: numbers.stalledIntervalMs!,
    cleanupIntervalMs: numbers.cleanupIntervalMs!,
    exportDir: env.EXPORT_DIR?.trim() || join(tmpdir(), 'exports'),
    exportRetentionMs: numbers.exportRetentionMs!,
    simulations: simulations === 'true' || simulations === '1',
  };
}

/** Where a Redis URL points, without its password, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable REDIS_URL>';
  }
}
