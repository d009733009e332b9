import type { GenericSchema } from 'valibot';

/** Time source and sleeper. Inject a fake in tests so 429 waits and backoff take no real time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** How failed requests are retried. */
export interface RetryOptions {
  /** Retries after the first attempt (so at most `maxRetries + 1` requests). @default 4 */
  maxRetries?: number;
  /** First backoff ceiling; doubles per retry, half of it randomised (jitter). @default 500 */
  baseDelayMs?: number;
  /** Upper bound of one backoff. @default 30000 */
  maxDelayMs?: number;
  /** A 429 asking to wait longer than this fails at once with `rate_limited` instead of sleeping. @default 120000 */
  maxRateLimitWaitMs?: number;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
}

/** Reported before each retry, e.g. to log it. */
export interface RetryEvent {
  method: string;
  path: string;
  /** The attempt that failed (1 = first). */
  attempt: number;
  waitMs: number;
  reason: 'http_error' | 'rate_limited' | 'timeout' | 'network' | 'aborted' | 'invalid_response';
  status: number | undefined;
}

/** Options of the shared HTTP core ({@link SentryHttp}). */
export interface SentryHttpOptions {
  /** Sentry's base URL: `https://sentry.io`, `https://de.sentry.io`, self-hosted, or local-sentry. No `/api/0`. */
  baseUrl: string;
  /** Auth token (internal integration or user token). Sent only as `Authorization: Bearer`, never logged. */
  token: string;
  /** `fetch` implementation. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Retry policy. @default { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30000, maxRateLimitWaitMs: 120000 } */
  retry?: RetryOptions;
  /** Per-attempt timeout covering headers and body. @default 30000 */
  timeoutMs?: number;
  /** Clock used for rate-limit arithmetic and waits. @default the system clock */
  clock?: Clock;
  /** Called before every retry. @default none */
  onRetry?: (event: RetryEvent) => void;
  /** Skip the browser guard (only for tests that fake a DOM). @default false */
  allowBrowser?: boolean;
}

/** A query-string value; arrays become repeated keys, `undefined` is left out. */
export type QueryValue = string | number | boolean | undefined | ReadonlyArray<string | number>;

/** One request through the core. */
export interface SentryRequestOptions<T = unknown> {
  /** @default 'GET' */
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path from the host, e.g. `/api/0/organizations/acme/issues/`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** JSON body. */
  body?: unknown;
  /** Valibot schema the 2xx body must satisfy. @default none (body returned as `unknown`) */
  schema?: GenericSchema<unknown, T>;
  signal?: AbortSignal;
}

/** A successful, validated response. */
export interface SentryResponse<T> {
  status: number;
  data: T;
  headers: Headers;
  /** Cursor of the next page when Sentry's `Link` says `results="true"`. */
  nextCursor: string | undefined;
}

/** One paginated listing through the core. */
export interface SentryPaginateOptions<T> {
  path: string;
  query?: Record<string, QueryValue>;
  /** Schema of one item; the page must be an array of them. */
  itemSchema: GenericSchema<unknown, T>;
  /** Items per request, capped at Sentry's maximum of 100. @default 100 */
  pageSize?: number;
  /** Issue lists call it `limit`, most others `per_page`; `false` sends none (the endpoint's default page size). @default 'per_page' */
  pageSizeParam?: 'limit' | 'per_page' | false;
  /** Stop after this many items in total. @default unlimited */
  limit?: number;
  signal?: AbortSignal;
}

/** The HTTP core shared by `stats-client` and `alerts`. */
export interface SentryHttp {
  /** One call with retries, 429 waits, timeout and validation. Throws `SentryApiError`. */
  request<T = unknown>(options: SentryRequestOptions<T>): Promise<SentryResponse<T>>;
  /** Follows `Link` cursors while `results="true"`, one page in memory at a time. */
  paginate<T>(options: SentryPaginateOptions<T>): AsyncGenerator<T, void, undefined>;
}

/** Options of {@link createStatsClient}. */
export interface StatsClientOptions extends SentryHttpOptions {
  /** Organization slug or id. */
  org: string;
  /** Project slug or id; required by project-scoped methods and used as the default project filter. @default none */
  project?: string;
}

/** A time range: a trailing period (`24h`) or explicit bounds. */
export interface TimeRange {
  /** Trailing period like `1h`, `24h`, `14d`. */
  statsPeriod?: string;
  start?: Date;
  end?: Date;
}

/** Options of `projectStats` (`GET /projects/{org}/{project}/stats/`). */
export interface ProjectStatsOptions {
  /** @default 'received' */
  stat?: 'received' | 'rejected' | 'blacklisted' | 'generated';
  since?: Date;
  until?: Date;
  resolution?: '10s' | '1h' | '1d';
  signal?: AbortSignal;
}

/** `[bucket start in unix seconds, count]`. */
export type StatPoint = [timestamp: number, count: number];

/** Options of `orgStatsV2` (`GET /organizations/{org}/stats_v2/`). */
export interface OrgStatsV2Options extends TimeRange {
  /** @default 'sum(quantity)' */
  field?: 'sum(quantity)' | 'sum(times_seen)';
  /** @default ['outcome'] */
  groupBy?: Array<'outcome' | 'category' | 'reason' | 'project'>;
  /** Minimum `1h`. @default '1h' */
  interval?: string;
  /** Project ids; `-1` for all. @default the client's project, if any */
  project?: Array<string | number>;
  category?: string;
  outcome?: string;
  reason?: string;
  signal?: AbortSignal;
}

/** Response of `stats_v2`. Each `series[field]` lines up with `intervals`. */
export interface OrgStatsV2 {
  start: string;
  end: string;
  intervals: string[];
  groups: Array<{ by: Record<string, unknown>; totals: Record<string, number>; series?: Record<string, number[]> }>;
}

/** Options of `eventsTimeseries` (`GET /organizations/{org}/events-timeseries/`). */
export interface EventsTimeseriesOptions extends TimeRange {
  /** @default 'errors' */
  dataset?: 'errors' | 'logs' | 'spans' | 'profile_functions' | 'tracemetrics' | 'uptime_results';
  /** @default 'count()' */
  yAxis?: string;
  /** Bucket size in seconds. */
  interval?: number;
  /** @default the client's project, if any */
  project?: Array<string | number>;
  environment?: string[];
  query?: string;
  signal?: AbortSignal;
}

/** One point of a time series; `timestamp` is in milliseconds. */
export interface TimeseriesValue {
  timestamp: number;
  value: number | null;
  incomplete?: boolean;
}

/** Response of `events-timeseries`. */
export interface EventsTimeseries {
  timeSeries: Array<{
    yAxis: string;
    values: TimeseriesValue[];
    groupBy?: Array<{ key: string; value: unknown }> | null;
    meta: { valueType?: string; valueUnit?: string | null; interval: number };
  }>;
  meta?: { dataset?: string; start?: number; end?: number };
}

/** The fields of a Sentry issue (group) this client relies on; others pass through untyped. */
export interface SentryIssue {
  id: string;
  shortId: string;
  title: string;
  culprit: string | null;
  permalink: string;
  level: string;
  status: string;
  /** A string in Sentry's API (bigint-safe). */
  count: string;
  userCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
  project: { id: string; slug: string; name?: string };
  metadata: Record<string, unknown>;
  type?: string;
}

/** Issue details: the issue plus what the details endpoint adds. */
export interface SentryIssueDetails extends SentryIssue {
  tags?: Array<{ key: string; name?: string; totalValues?: number }>;
  userReportCount?: number;
}

/** Options of the issue lists. */
export interface ListIssuesOptions extends TimeRange {
  /** Sentry search syntax. @default Sentry's default, `is:unresolved` */
  query?: string;
  /** @default 'date' (last seen) */
  sort?: 'date' | 'new' | 'freq' | 'user' | 'trends' | 'inbox';
  environment?: string[];
  /** Project ids or slugs. @default the client's project, if any */
  project?: Array<string | number>;
  /** Items per request (max 100). @default 100 */
  pageSize?: number;
  /** Stop after this many issues. @default unlimited */
  limit?: number;
  signal?: AbortSignal;
}

/** Options of the deprecated project issue list (old self-hosted only). */
export interface ListProjectIssuesOptions {
  query?: string;
  /** Sparkline period here, not a filter. @default '24h' */
  statsPeriod?: '' | '24h' | '14d';
  sort?: 'date' | 'new' | 'freq' | 'user' | 'trends' | 'inbox';
  pageSize?: number;
  limit?: number;
  signal?: AbortSignal;
}

/** An event as listed under an issue. */
export interface SentryIssueEvent {
  id: string;
  eventID: string;
  groupID: string | null;
  title: string;
  message: string | null;
  dateCreated: string;
  platform: string | null;
  tags: Array<{ key: string; value: string | null }>;
  user: Record<string, unknown> | null;
}

/** A single full event. */
export interface SentryEvent {
  id: string;
  eventID: string;
  groupID?: string | null;
  title: string;
  message: string | null;
  dateCreated: string;
  platform?: string | null;
  entries: Array<{ type: string; data: unknown }>;
  tags: Array<{ key: string; value: string | null }>;
  contexts?: Record<string, unknown>;
  user?: Record<string, unknown> | null;
}

/** Options of `listIssueEvents`. */
export interface ListIssueEventsOptions extends TimeRange {
  issueId: string;
  /** Include stack traces. @default false */
  full?: boolean;
  environment?: string[];
  query?: string;
  pageSize?: number;
  limit?: number;
  signal?: AbortSignal;
}

/** Options of `getIssueEvent`. */
export interface GetIssueEventOptions {
  issueId: string;
  /** An event id, or `latest`, `oldest`, `recommended`. */
  eventId: string;
  environment?: string[];
  signal?: AbortSignal;
}

/** Options of `errorRate`. */
export interface ErrorRateOptions {
  /** How far back: `1h`, `24h`, or seconds. @default '1h' */
  window?: string | number;
  /** Bucket size: `1m`, `5m`, or seconds. @default '1m' */
  bucket?: string | number;
  environment?: string[];
  signal?: AbortSignal;
}

/** Errors per minute over a window. */
export interface ErrorRate {
  bucketSeconds: number;
  buckets: Array<{ start: Date; count: number; perMinute: number; incomplete: boolean }>;
  total: number;
  /** Average over the window. */
  perMinute: number;
  /** Highest bucket, per minute (the current, incomplete one included: its count only grows). */
  peakPerMinute: number;
}

/** Options of `topIssues`. */
export interface TopIssuesOptions {
  /** Period the counts cover. @default '24h' */
  since?: string;
  /** @default 10 */
  limit?: number;
  query?: string;
  signal?: AbortSignal;
}

/** Options of `newIssues`. */
export interface NewIssuesOptions {
  /** Issues first seen within this period. @default '24h' */
  since?: string;
  /** @default 100 */
  limit?: number;
  signal?: AbortSignal;
}

/** Options of `affectedUsers`. */
export interface AffectedUsersOptions {
  /** @default '24h' */
  since?: string;
  signal?: AbortSignal;
}

/** Options of `isAboveThreshold`. */
export interface ThresholdOptions {
  /** Strictly more than this many errors in one minute counts as above. @default 10 */
  perMinute?: number;
  /** Minutes looked at. @default '5m' */
  window?: string | number;
  signal?: AbortSignal;
}

/** Result of `isAboveThreshold`. */
export interface ThresholdResult {
  above: boolean;
  threshold: number;
  peakPerMinute: number;
  /** Start of the first minute above the threshold. */
  firstAboveAt: Date | undefined;
}

/** The typed Sentry Web API client. Every method throws `SentryApiError` on failure. */
export interface StatsClient {
  /** Project event counts, `[[unix seconds, count], ...]`. Needs `project`. */
  projectStats(options?: ProjectStatsOptions): Promise<StatPoint[]>;
  /** Org usage/outcomes (`stats_v2`). */
  orgStatsV2(options?: OrgStatsV2Options): Promise<OrgStatsV2>;
  /** Errors (or another dataset) as a time series. */
  eventsTimeseries(options?: EventsTimeseriesOptions): Promise<EventsTimeseries>;
  /** Org issue list, streamed page by page. */
  listIssues(options?: ListIssuesOptions): AsyncGenerator<SentryIssue, void, undefined>;
  /** Deprecated project issue list, for self-hosted versions without the org endpoint. Needs `project`. */
  listProjectIssues(options?: ListProjectIssuesOptions): AsyncGenerator<SentryIssue, void, undefined>;
  /** One issue with details. */
  getIssue(issueId: string, options?: { signal?: AbortSignal }): Promise<SentryIssueDetails>;
  /** Events of one issue, streamed. */
  listIssueEvents(options: ListIssueEventsOptions): AsyncGenerator<SentryIssueEvent, void, undefined>;
  /** One full event of an issue. */
  getIssueEvent(options: GetIssueEventOptions): Promise<SentryEvent>;
  /** Errors per minute over a window. */
  errorRate(options?: ErrorRateOptions): Promise<ErrorRate>;
  /** Most frequent issues in a period. */
  topIssues(options?: TopIssuesOptions): Promise<SentryIssue[]>;
  /** Issues first seen within a period. */
  newIssues(options?: NewIssuesOptions): Promise<SentryIssue[]>;
  /**
   * Distinct users who hit an error in a period: `count_unique(user)` with one bucket the size of
   * the period. Exact when Sentry answers with one bucket; when the period straddles two aligned
   * buckets, the larger one (a lower bound, never a double count).
   */
  affectedUsers(options?: AffectedUsersOptions): Promise<{ users: number; since: string }>;
  /** Whether any minute in the window had more than `perMinute` errors. */
  isAboveThreshold(options?: ThresholdOptions): Promise<ThresholdResult>;
  /** The HTTP core, for calls this client does not wrap. */
  readonly http: SentryHttp;
}
