import { ApiConfigError } from './errors';

/** What the api reads from its environment (Sentry's own `SENTRY_*` variables are core-config's). */
export interface ApiConfig {
  /** `PORT`; `0` picks a free port (tests, the demo). @default 3000 */
  port: number;
  /** `HOST`. @default '127.0.0.1' */
  host: string;
  /** `DATABASE_URL` (`postgres://user:pw@host:5432/db`); unset: the PostgreSQL routes answer 503. */
  databaseUrl: string | undefined;
  /** `REDIS_URL` (`redis://:pw@host:6379`); unset: the Redis routes and `POST /exports` answer 503. */
  redisUrl: string | undefined;
  /** `PG_POOL_MAX`. @default 5 */
  pgPoolMax: number;
  /** `PG_CONNECT_TIMEOUT_MS`: how long a request waits for a pool connection. @default 2000 */
  pgConnectTimeoutMs: number;
  /** `REDIS_CONNECT_TIMEOUT_MS`; also the command timeout. @default 2000 */
  redisTimeoutMs: number;
  /** `API_CRASH_ROUTES=1` mounts `/crash/*`, which kill the process on purpose. @default false */
  crashRoutes: boolean;
  /** `API_TRUST_USER_ID_HEADER`: the platform gateway sets `X-User-Id` and strips client copies. @default true */
  trustUserIdHeader: boolean;
  /** `API_TRUST_PROXY`: Express `trust proxy` (decides `req.ip`). @default 'loopback' */
  trustProxy: string;
}

/** Reads and validates the api's variables; throws {@link ApiConfigError} naming the bad one. */
export function readApiConfig(env: Readonly<Record<string, string | undefined>>): ApiConfig {
  return {
    port: integer(env, { name: 'PORT', fallback: 3000, max: 65535, code: 'invalid-port' }),
    host: host(env.HOST),
    databaseUrl: url(env, { name: 'DATABASE_URL', protocols: ['postgres:', 'postgresql:'] }),
    redisUrl: url(env, { name: 'REDIS_URL', protocols: ['redis:', 'rediss:'] }),
    pgPoolMax: integer(env, { name: 'PG_POOL_MAX', fallback: 5, max: 1000, code: 'invalid-number', min: 1 }),
    pgConnectTimeoutMs: integer(env, { name: 'PG_CONNECT_TIMEOUT_MS', fallback: 2000, max: 600_000, code: 'invalid-number', min: 1 }),
    redisTimeoutMs: integer(env, { name: 'REDIS_CONNECT_TIMEOUT_MS', fallback: 2000, max: 600_000, code: 'invalid-number', min: 1 }),
    crashRoutes: flag(env, 'API_CRASH_ROUTES', false),
    trustUserIdHeader: flag(env, 'API_TRUST_USER_ID_HEADER', true),
    trustProxy: empty(env.API_TRUST_PROXY) ? 'loopback' : env.API_TRUST_PROXY!,
  };
}

function empty(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

function integer(
  env: Readonly<Record<string, string | undefined>>,
  spec: { name: string; fallback: number; max: number; code: 'invalid-port' | 'invalid-number'; min?: number },
): number {
  const raw = env[spec.name];
  if (raw === undefined || raw.trim() === '') return spec.fallback;
  const value = Number(raw);
  const min = spec.min ?? 0;
  if (!/^\d+$/.test(raw.trim()) || value < min || value > spec.max) {
    throw new ApiConfigError({ code: spec.code, variable: spec.name, message: `"${raw}" must be a whole number from ${min} to ${spec.max}. Example: ${spec.name}=${spec.fallback}` });
  }
  return value;
}

function host(raw: string | undefined): string {
  if (empty(raw)) return '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(raw!)) {
    throw new ApiConfigError({ code: 'invalid-host', variable: 'HOST', message: `"${raw}" is not a host name or IP address. Example: HOST=0.0.0.0` });
  }
  return raw!;
}

function url(env: Readonly<Record<string, string | undefined>>, spec: { name: string; protocols: string[] }): string | undefined {
  const raw = env[spec.name];
  if (empty(raw)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw!);
  } catch (cause) {
    // Never echo the value: connection URLs carry passwords.
    throw new ApiConfigError({ code: 'invalid-url', variable: spec.name, message: `is not a URL. Example: ${spec.name}=${spec.protocols[0]}//user:password@127.0.0.1/`, cause });
  }
  if (!spec.protocols.includes(parsed.protocol)) {
    throw new ApiConfigError({ code: 'invalid-url', variable: spec.name, message: `must start with ${spec.protocols.join(' or ')}//, not ${parsed.protocol}//` });
  }
  return raw;
}

function flag(env: Readonly<Record<string, string | undefined>>, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (empty(raw)) return fallback;
  const value = raw!.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ApiConfigError({ code: 'invalid-flag', variable: name, message: `"${raw}" must be 1 or 0 (true/false). Example: ${name}=1` });
}
