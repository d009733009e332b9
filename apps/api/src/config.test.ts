import { describe, expect, it } from 'vitest';
import { readApiConfig } from './config';
import { ApiConfigError } from './errors';

function errorOf(env: Record<string, string>): ApiConfigError {
  try {
    readApiConfig(env);
  } catch (error) {
    if (ApiConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an ApiConfigError');
}

describe('readApiConfig', () => {
  it('has production defaults: port 3000 on loopback, no databases, no crash routes', () => {
    expect(readApiConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      redisUrl: undefined,
      pgPoolMax: 5,
      pgConnectTimeoutMs: 2000,
      redisTimeoutMs: 2000,
      crashRoutes: false,
      trustUserIdHeader: true,
      trustProxy: 'loopback',
    });
  });

  it('reads every variable', () => {
    const config = readApiConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/app',
      REDIS_URL: 'redis://:p@cache:6379',
      PG_POOL_MAX: '1',
      API_CRASH_ROUTES: 'true',
      API_TRUST_USER_ID_HEADER: '0',
      API_TRUST_PROXY: '10.0.0.0/8',
    });
    expect(config).toMatchObject({ port: 0, host: '0.0.0.0', pgPoolMax: 1, crashRoutes: true, trustUserIdHeader: false, trustProxy: '10.0.0.0/8' });
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/app');
  });

  it('names the variable, the problem and an example', () => {
    const port = errorOf({ PORT: '70000' });
    expect(port.code).toBe('invalid-port');
    expect(port.variable).toBe('PORT');
    expect(port.message).toBe('PORT: "70000" must be a whole number from 0 to 65535. Example: PORT=3000');
    expect(errorOf({ API_CRASH_ROUTES: 'maybe' }).code).toBe('invalid-flag');
    expect(errorOf({ HOST: 'a host' }).code).toBe('invalid-host');
    expect(errorOf({ PG_POOL_MAX: '0' }).variable).toBe('PG_POOL_MAX');
  });

  it('never echoes a connection URL, which carries a password', () => {
    const wrongScheme = errorOf({ DATABASE_URL: 'mysql://root:s3cret-pw@db/app' });
    expect(wrongScheme.code).toBe('invalid-url');
    expect(wrongScheme.message).not.toContain('s3cret-pw');
    const notUrl = errorOf({ REDIS_URL: 's3cret-pw' });
    expect(notUrl.variable).toBe('REDIS_URL');
    expect(notUrl.message).not.toContain('s3cret-pw');
  });
});
