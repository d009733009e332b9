import { describe, expect, it } from 'vitest';
import { readWorkerConfig, redactRedisUrl } from './config';
import { WorkerError } from './errors';

describe('readWorkerConfig', () => {
  it('applies defaults', () => {
    const config = readWorkerConfig({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(config).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', metricsPort: 9464, metricsHost: '0.0.0.0', concurrency: 4, cleanupIntervalMs: 300_000, simulations: false });
  });

  it('reads every variable', () => {
    const config = readWorkerConfig({
      REDIS_URL: 'rediss://:pw@cache:6380/2',
      METRICS_PORT: '0',
      METRICS_HOST: '127.0.0.1',
      WORKER_CONCURRENCY: '8',
      WORKER_LOCK_DURATION_MS: '1500',
      WORKER_STALLED_INTERVAL_MS: '1000',
      WORKER_CLEANUP_INTERVAL_MS: '0',
      EXPORT_DIR: '/data/exports',
      EXPORT_RETENTION_MS: '1000',
      WORKER_SIMULATIONS: 'true',
    });
    expect(config).toEqual({
      redisUrl: 'rediss://:pw@cache:6380/2',
      metricsPort: 0,
      metricsHost: '127.0.0.1',
      concurrency: 8,
      lockDurationMs: 1500,
      stalledIntervalMs: 1000,
      cleanupIntervalMs: 0,
      exportDir: '/data/exports',
      exportRetentionMs: 1000,
      simulations: true,
    });
  });

  it('names every bad variable with an example of a good value', () => {
    let error: unknown;
    try {
      readWorkerConfig({ REDIS_URL: 'localhost:6379', METRICS_PORT: '70000', WORKER_CONCURRENCY: 'lots', WORKER_SIMULATIONS: 'yes' });
    } catch (caught) {
      error = caught;
    }
    expect(WorkerError.isInstance(error)).toBe(true);
    const { code, message } = error as WorkerError;
    expect(code).toBe('invalid-env');
    expect(message).toContain('METRICS_PORT="70000": must be an integer from 0 to 65535. Example: METRICS_PORT=9464');
    expect(message).toContain('WORKER_CONCURRENCY="lots"');
    expect(message).toContain('WORKER_SIMULATIONS="yes"');
    expect(message).toContain('REDIS_URL="localhost:6379": must be a redis:// or rediss:// URL');
  });

  it('requires REDIS_URL', () => {
    expect(() => readWorkerConfig({})).toThrow(expect.objectContaining({ code: 'missing-redis-url', message: expect.stringContaining('REDIS_URL is not set') }));
  });

  it('never prints the Redis password', () => {
    expect(redactRedisUrl('redis://user:hunter2@cache:6379/0')).toBe('redis://user:***@cache:6379/0');
    expect(redactRedisUrl('redis://cache:6379')).toBe('redis://cache:6379');
  });
});
