export interface RunningService {
  /** Loopback TCP port the server listens on. */
  port: number;
  /** Connection URL with credentials, e.g. `postgres://postgres:pw@127.0.0.1:5433/postgres` or `redis://:pw@127.0.0.1:6380`. */
  url: string;
  /** Stops the server (fast shutdown) and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Superuser password (scram-sha-256 over TCP). @default a random one */
  password?: string;
}

export interface RunningPostgres extends RunningService {
  host: '127.0.0.1';
  user: 'postgres';
  password: string;
  database: 'postgres';
}

export interface RedisOptions {
  /** `requirepass`; unset means no authentication. */
  password?: string;
}

export interface RunningRedis extends RunningService {
  host: '127.0.0.1';
  password?: string;
}

/** Starts a throw-away PostgreSQL cluster (initdb + pg_ctl from /usr/lib/postgresql/<newest>/bin). */
export function startPostgres(options?: PostgresOptions): Promise<RunningPostgres>;
/** Starts a throw-away redis-server with no persistence. */
export function startRedis(options?: RedisOptions): Promise<RunningRedis>;
/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number>;
/** Whether the Debian binaries are installed (`apt-get install -y postgresql redis-server`). */
export function servicesAvailable(): { postgres: boolean; redis: boolean };
