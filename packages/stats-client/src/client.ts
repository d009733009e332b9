import { StatsClientConfigError } from './errors';
import { createSentryHttp, systemClock } from './http';
import { parseDurationSeconds, toStatsPeriod } from './internal/duration';
import {
  eventSchema,
  eventsTimeseriesSchema,
  issueDetailsSchema,
  issueEventSchema,
  issueSchema,
  orgStatsV2Schema,
  statPointsSchema,
} from './internal/schemas';
import type { ErrorRate, QueryValue, SentryIssue, StatsClient, StatsClientOptions, TimeRange } from './types';

const seg = (value: string): string => encodeURIComponent(value);

function timeRange(range: TimeRange): Record<string, QueryValue> {
  return { statsPeriod: range.statsPeriod, start: range.start?.toISOString(), end: range.end?.toISOString() };
}

function requireSlug(value: string | undefined, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new StatsClientConfigError(`Missing ${option}: pass the ${option} slug (for the CLI: SENTRY_${option.toUpperCase()}).`, {
      code: 'missing_option',
      option,
    });
  }
  return value.trim();
}

/**
 * Creates a typed client for Sentry's Web API (sentry.io, self-hosted, or local-sentry).
 * Node only: the token must never ship to a browser.
 *
 * @example
 * const sentry = createStatsClient({ baseUrl: 'https://sentry.io', token, org: 'acme', project: 'api' });
 * const { perMinute } = await sentry.errorRate({ window: '1h', bucket: '1m' });
 */
export function createStatsClient(options: StatsClientOptions): StatsClient {
  const org = requireSlug(options.org, 'org');
  const project = options.project === undefined ? undefined : requireSlug(options.project, 'project');
  const http = createSentryHttp(options);
  const clock = options.clock ?? systemClock;
  const orgPath = `/api/0/organizations/${seg(org)}`;
  const defaultProjects = project === undefined ? undefined : [project];
  const projectPath = (): string => `/api/0/projects/${seg(org)}/${seg(requireSlug(project, 'project'))}`;

  const client: StatsClient = {
    http,

    async projectStats(opts = {}) {
      const res = await http.request({
        path: `${projectPath()}/stats/`,
        query: {
          stat: opts.stat ?? 'received',
          since: opts.since === undefined ? undefined : Math.floor(opts.since.getTime() / 1000),
          until: opts.until === undefined ? undefined : Math.floor(opts.until.getTime() / 1000),
          resolution: opts.resolution,
        },
        schema: statPointsSchema,
        signal: opts.signal,
      });
      return res.data;
    },

    async orgStatsV2(opts = {}) {
      const range = opts.start || opts.end ? timeRange(opts) : { statsPeriod: opts.statsPeriod ?? '24h' };
      const res = await http.request({
        path: `${orgPath}/stats_v2/`,
        query: {
          field: opts.field ?? 'sum(quantity)',
          groupBy: opts.groupBy ?? ['outcome'],
          interval: opts.interval ?? '1h',
          project: opts.project ?? defaultProjects,
          category: opts.category,
          outcome: opts.outcome,
          reason: opts.reason,
          ...range,
        },
        schema: orgStatsV2Schema,
        signal: opts.signal,
      });
      return res.data;
    },

    async eventsTimeseries(opts = {}) {
      const res = await http.request({
        path: `${orgPath}/events-timeseries/`,
        query: {
          dataset: opts.dataset ?? 'errors',
          yAxis: opts.yAxis ?? 'count()',
          interval: opts.interval,
          project: opts.project ?? defaultProjects,
          environment: opts.environment,
          query: opts.query,
          ...timeRange(opts),
        },
        schema: eventsTimeseriesSchema,
        signal: opts.signal,
      });
      return res.data;
    },

    listIssues(opts = {}) {
      return http.paginate({
        path: `${orgPath}/issues/`,
        query: {
          query: opts.query,
          sort: opts.sort,
          environment: opts.environment,
          project: opts.project ?? defaultProjects,
          ...timeRange(opts),
        },
        itemSchema: issueSchema,
        pageSizeParam: 'limit',
        pageSize: opts.pageSize,
        limit: opts.limit,
        signal: opts.signal,
      });
    },

    listProjectIssues(opts = {}) {
      return http.paginate({
        path: `${projectPath()}/issues/`,
        query: { query: opts.query, sort: opts.sort, statsPeriod: opts.statsPeriod },
        itemSchema: issueSchema,
        pageSizeParam: 'limit',
        pageSize: opts.pageSize,
        limit: opts.limit,
        signal: opts.signal,
      });
    },

    async getIssue(issueId, opts = {}) {
      const res = await http.request({ path: `${orgPath}/issues/${seg(requireSlug(issueId, 'issueId'))}/`, schema: issueDetailsSchema, signal: opts.signal });
      return res.data;
    },

    listIssueEvents(opts) {
      return http.paginate({
        path: `${orgPath}/issues/${seg(requireSlug(opts.issueId, 'issueId'))}/events/`,
        query: { full: opts.full, environment: opts.environment, query: opts.query, ...timeRange(opts) },
        itemSchema: issueEventSchema,
        pageSizeParam: 'per_page',
        pageSize: opts.pageSize,
        limit: opts.limit,
        signal: opts.signal,
      });
    },

    async getIssueEvent(opts) {
      const res = await http.request({
        path: `${orgPath}/issues/${seg(requireSlug(opts.issueId, 'issueId'))}/events/${seg(requireSlug(opts.eventId, 'eventId'))}/`,
        query: { environment: opts.environment },
        schema: eventSchema,
        signal: opts.signal,
      });
      return res.data;
    },

    async errorRate(opts = {}) {
      const windowSeconds = parseDurationSeconds(opts.window ?? '1h', 'window');
      const bucketSeconds = parseDurationSeconds(opts.bucket ?? '1m', 'bucket');
      if (bucketSeconds > windowSeconds) {
        throw new StatsClientConfigError(`bucket (${bucketSeconds} s) is larger than window (${windowSeconds} s): use a smaller bucket.`, {
          code: 'invalid_option',
          option: 'bucket',
        });
      }
      const series = await client.eventsTimeseries({
        dataset: 'errors',
        yAxis: 'count()',
        interval: bucketSeconds,
        statsPeriod: toStatsPeriod(windowSeconds),
        environment: opts.environment,
        signal: opts.signal,
      });
      return summarizeRate(series.timeSeries[0]?.values ?? [], { bucketSeconds, windowSeconds });
    },

    async topIssues(opts = {}) {
      const since = opts.since ?? '24h';
      parseDurationSeconds(since, 'since');
      return collect(client.listIssues({ statsPeriod: since, sort: 'freq', query: opts.query, limit: opts.limit ?? 10, signal: opts.signal }));
    },

    async newIssues(opts = {}) {
      const since = opts.since ?? '24h';
      const cutoff = clock.now() - parseDurationSeconds(since, 'since') * 1000;
      const found: SentryIssue[] = [];
      const limit = opts.limit ?? 100;
      // Newest first and stop at the first older issue: no search syntax needed (older self-hosted and
      // local-sentry lack `firstSeen:`), and resolved-but-new issues still count as new error types.
      for await (const issue of client.listIssues({ statsPeriod: since, sort: 'new', query: '', signal: opts.signal })) {
        if (issue.firstSeen !== null && Date.parse(issue.firstSeen) >= cutoff) found.push(issue);
        else if (issue.firstSeen !== null) break; // sorted newest first: everything after is older
        if (found.length >= limit) break;
      }
      return found;
    },

    async affectedUsers(opts = {}) {
      const since = opts.since ?? '24h';
      const seconds = parseDurationSeconds(since, 'since');
      // One bucket spanning the whole period, so unique users are not double-counted across buckets.
      const series = await client.eventsTimeseries({ dataset: 'errors', yAxis: 'count_unique(user)', interval: seconds, statsPeriod: toStatsPeriod(seconds), signal: opts.signal });
      const values = series.timeSeries[0]?.values ?? [];
      return { users: values.reduce((max, p) => Math.max(max, p.value ?? 0), 0), since };
    },

    async isAboveThreshold(opts = {}) {
      const threshold = opts.perMinute ?? 10;
      if (!Number.isFinite(threshold) || threshold < 0) {
        throw new StatsClientConfigError(`Invalid perMinute ${String(threshold)}: use a number >= 0.`, { code: 'invalid_option', option: 'perMinute' });
      }
      const rate = await client.errorRate({ window: opts.window ?? '5m', bucket: '1m', signal: opts.signal });
      // Counts only grow, so a still-incomplete minute that is already over the line counts too.
      const first = rate.buckets.find((b) => b.count > threshold);
      const peak = rate.buckets.reduce((max, b) => Math.max(max, b.count), 0);
      return { above: first !== undefined, threshold, peakPerMinute: peak, firstAboveAt: first?.start };
    },
  };
  return client;
}

function summarizeRate(
  values: ReadonlyArray<{ timestamp: number; value: number | null; incomplete?: boolean }>,
  sizes: { bucketSeconds: number; windowSeconds: number },
): ErrorRate {
  const perMinuteFactor = 60 / sizes.bucketSeconds;
  const buckets = values.map((p) => {
    const count = p.value ?? 0;
    return { start: new Date(p.timestamp), count, perMinute: count * perMinuteFactor, incomplete: p.incomplete === true };
  });
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  // The current bucket is incomplete, but its count only grows: it counts toward the peak as it stands.
  const peakPerMinute = buckets.reduce((max, b) => Math.max(max, b.perMinute), 0);
  return { bucketSeconds: sizes.bucketSeconds, buckets, total, perMinute: total / (sizes.windowSeconds / 60), peakPerMinute };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
