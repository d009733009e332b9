// Real connection failures from the real drivers, produced by actually connecting: closed
// loopback ports, loopback servers that reset or never answer, a pool with max 1, and real
// PostgreSQL/Redis servers with passwords. Shared by the built-in and integration tests.
import { createServer, type Server, type Socket } from 'node:net';
import { freePort, startPostgres, startRedis, type RunningPostgres, type RunningRedis } from '@causal-organism/test-services';
import Redis, { type RedisOptions } from 'ioredis';
import pg from 'pg';

export interface Loopback {
  closedPort: number;
  /** Accepts, then resets the connection (RST). */
  resetPort: number;
  /** Accepts, reads, then closes cleanly (FIN) without answering. */
  hangupPort: number;
  /** Accepts and never answers. */
  silentPort: number;
  close(): Promise<void>;
}

function listen(handler: (s: Socket) => void): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    handler(s);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, sockets })));
}

export async function startLoopback(): Promise<Loopback> {
  const reset = await listen((s) => s.resetAndDestroy());
  const hangup = await listen((s) => s.once('data', () => s.end()));
  const silent = await listen(() => undefined);
  const all = [reset, hangup, silent];
  return {
    closedPort: await freePort(),
    resetPort: reset.port,
    hangupPort: hangup.port,
    silentPort: silent.port,
    close: async () => {
      for (const { server, sockets } of all) {
        for (const s of sockets) s.destroy();
        await new Promise((r) => server.close(r));
      }
    },
  };
}

/** Runs `fn` and returns what it threw (failing loudly if it did not). */
export async function caught(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the operation to fail');
}

export async function pgConnect(config: pg.ClientConfig): Promise<Error> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  const err = await caught(() => client.connect());
  await client.end().catch(() => undefined);
  return err;
}

export async function pgPoolExhausted(url: string): Promise<Error> {
  // The timeout also bounds the first (real) connect, so it must allow for a loaded machine.
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 1500 });
  const held = await pool.connect();
  try {
    return await caught(() => pool.query('select 1'));
  } finally {
    held.release();
    await pool.end();
  }
}

/** Runs one ioredis command with retries off; returns the rejection and the first `error` event. */
export async function redisCommand(options: RedisOptions, url?: string): Promise<{ rejection: Error; emitted: Error | undefined }> {
  const settings: RedisOptions = { maxRetriesPerRequest: 0, retryStrategy: () => null, enableReadyCheck: false, commandTimeout: 3000, connectTimeout: 3000, ...options };
  const client = url === undefined ? new Redis(settings) : new Redis(url, settings);
  let emitted: Error | undefined;
  client.on('error', (e: Error) => {
    emitted ??= e;
  });
  const rejection = await caught(() => client.get('k'));
  client.disconnect();
  return { rejection, emitted };
}

export interface RealServers {
  postgres: RunningPostgres;
  redis: RunningRedis;
  stop(): Promise<void>;
}

export async function startServers(): Promise<RealServers> {
  const [postgres, redis] = await Promise.all([startPostgres({ password: 'right-password' }), startRedis({ password: 'right-password' })]);
  return { postgres, redis, stop: async () => void (await Promise.all([postgres.stop(), redis.stop()])) };
}

/** A host name whose lookup fails inside getaddrinfo itself (a label over 63 characters): a real DNS failure, no network. */
export const UNRESOLVABLE_HOST = `${'x'.repeat(70)}.invalid`;
