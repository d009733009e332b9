import type { AlertRule } from '@causal-organism/alerts';

/** A source of "now" in epoch milliseconds. Tests inject one to move time without waiting. */
export interface Clock {
  now(): number;
}

/** One project that accepts events. Project ids must be numeric: the Sentry SDKs reject other DSNs. */
export interface ProjectConfig {
  /** Numeric project id, the last path segment of the DSN. */
  id: number;
  /** Project slug used by the Web API paths. */
  slug: string;
  /** 32-hex public DSN keys accepted for this project. */
  keys: string[];
  /** Display name. @default slug */
  name?: string;
  /** Platform shown in API responses. @default 'node' */
  platform?: string;
  /** Per-key ingest rate limit, in envelopes per second. Unset: no limit. */
  rateLimitPerSecond?: number;
}

/** Where log lines go; the server never writes to the console itself. */
export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** Size caps enforced at ingest (Relay's limits by default). */
export interface IngestLimits {
  /** Compressed request body. @default 20 MiB */
  maxBodyBytes?: number;
  /** Envelope after decompression. @default 200 MiB */
  maxEnvelopeBytes?: number;
  /** One event, transaction, span or log item. @default 1 MiB */
  maxItemBytes?: number;
  /** One attachment. @default 100 MiB */
  maxAttachmentBytes?: number;
}

/** Options for {@link startLocalSentry}. */
export interface LocalSentryOptions {
  /** TCP port on 127.0.0.1. @default 0 (a free port) */
  port?: number;
  /** Interface to bind. Loopback by default: this is a development tool with fixed credentials. @default '127.0.0.1' */
  host?: string;
  /** SQLite file, or `':memory:'` for tests. @default '.local-sentry/local-sentry.db' under the working directory */
  db?: string;
  /** Organization slug in Web API paths. @default 'local' */
  organization?: string;
  /** Projects that accept events. @default one project `{ id: 1, slug: 'local', keys: [a fixed 32-hex key] }` */
  projects?: ProjectConfig[];
  /** Bearer token accepted by the Web API. @default 'local-sentry-token' */
  token?: string;
  /**
   * Server-side fingerprint rules in Sentry's grammar (Project Settings > Issue Grouping), e.g.
   * `error.type:DatabaseUnavailable -> system-down`. A matching rule replaces the client fingerprint.
   * @default '' (none)
   */
  fingerprintRules?: string;
  /** Ingest size caps. */
  limits?: IngestLimits;
  /**
   * Size in MB past which the SQLite WAL starts over. A background thread checkpoints the WAL every
   * 250 ms without blocking ingest; under continuous load those checkpoints never catch up with the
   * moving end, so SQLite never starts the WAL over and the file keeps growing (4 GB after 100,000
   * events). Past this size, new batches wait for one checkpoint (about 5 ms; the event loop keeps
   * serving) and the WAL then starts over from its beginning: the file stays near this size.
   * @default 256
   */
  maxWalMb?: number;
  /** Days of events kept; older ones are purged at start and every `purgeIntervalMs`. @default 90 */
  retentionDays?: number;
  /** How often retention and alert resolution run. @default 60_000 */
  maintenanceIntervalMs?: number;
  /**
   * Alert rules evaluated as events arrive, in addition to rules provisioned through the API.
   * @default platformDefaultRules({ actions: [] }) from `@causal-organism/alerts` (fire, store and log)
   */
  rules?: AlertRule[];
  /**
   * Webhook URLs for provisioned Slack actions, by workspace (integration id or name). Sentry knows
   * its Slack workspaces; local-sentry needs to be told where a workspace's messages go.
   * @default {}
   */
  slackWebhooks?: Record<string, string>;
  /** URLs that receive provisioned `webhook`/`sentry_app`/plugin actions (generic body). @default [] */
  webhookUrls?: string[];
  /** Webhook delivery retries after the first attempt. @default 4 */
  webhookRetries?: number;
  /** First retry delay; doubles each retry. @default 500 */
  webhookBackoffMs?: number;
  /** The time source. @default Date.now */
  clock?: Clock;
  /** Log sink. @default no logging */
  logger?: Logger;
  /** Base URL used in permalinks and `Link` headers. @default the server's own URL */
  publicUrl?: string;
}

/** A running local-sentry returned by {@link startLocalSentry}. */
export interface LocalSentry {
  /** Base URL, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** DSN of the first project, ready for `SENTRY_DSN`. */
  dsn: string;
  /** Web API base, e.g. `http://127.0.0.1:8000/api/0`. */
  apiUrl: string;
  /** Bearer token for the Web API. */
  token: string;
  /** Organization slug. */
  organization: string;
  /** DSN per project id. */
  dsns: Record<string, string>;
  /** Runs retention and alert resolution now (they also run on a timer). Resolves when done. */
  runMaintenance(): Promise<MaintenanceResult>;
  /** Resolves when queued webhook deliveries have settled (for tests and shutdown). */
  idle(): Promise<void>;
  /** Stops the server and closes the database. */
  close(): Promise<void>;
}

/** What one maintenance pass did. */
export interface MaintenanceResult {
  /** Events deleted because they were older than `retentionDays`. */
  purgedEvents: number;
  /** Issues deleted because none of their events remained. */
  purgedIssues: number;
  /** Error-rate alerts that resolved in this pass. */
  resolvedAlerts: number;
}

/** One alert firing or resolution, as stored and delivered. */
export interface AlertFiring {
  id: number;
  ruleName: string;
  kind: AlertRule['kind'];
  status: 'firing' | 'resolved';
  projectId: number;
  /** Error count in the window, or the issue's event count. */
  value: number;
  threshold: number | null;
  issueId: number | null;
  title: string;
  dateCreated: string;
  /** Delivery results per target URL. */
  deliveries: Array<{ url: string; format: 'slack' | 'generic'; status: 'pending' | 'delivered' | 'failed'; attempts: number; lastError?: string }>;
}
