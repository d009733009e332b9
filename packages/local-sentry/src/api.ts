// The Web API: the paths, parameters and response shapes of Sentry's `/api/0/` that the
// platform's stats-client and alerts provisioner use, answered from SQLite.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AlertEngine } from './alerts';
import { API_CORS, ApiFailure, intParam, iso, linkHeader, parseCursor, parsePeriod, readJsonBody, sendJson, timeRange } from './internal/http';
import { serializeEvent, serializeEventSummary, serializeIssue, tagList, type EventRecord, type GroupRecord } from './internal/serialize';
import type { SentryEvent } from './internal/event';
import { decodePayload } from './internal/payload';
import { createAlertConfigApi } from './internal/alert-api';
import type { Store } from './store';
import type { Clock, ProjectConfig } from './types';

/** What the API handler needs. */
export interface ApiContext {
  store: Store;
  organization: string;
  token: string;
  projects: ProjectConfig[];
  clock: Clock;
  alerts: AlertEngine;
  publicUrl: () => string;
}

export interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: string[];
}

type Handler = (r: Request) => Promise<void> | void;

const SORTS: Record<string, string> = {
  date: 'last_seen DESC',
  new: 'first_seen DESC',
  freq: 'times_seen DESC',
  user: 'user_count DESC',
  trends: 'last_seen DESC',
  inbox: 'first_seen DESC',
  recommended: 'last_seen DESC',
};

/** Splits a search query into tokens, keeping quoted values together. */
function tokenize(query: string): string[] {
  return query.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

interface IssueFilter {
  where: string[];
  args: unknown[];
}

/** Sentry search syntax, the subset local-sentry implements. */
export function parseIssueQuery(query: string): IssueFilter {
  const filter: IssueFilter = { where: [], args: [] };
  const text: string[] = [];
  for (const token of tokenize(query)) {
    const match = /^(!?)([a-zA-Z_.]+):(.+)$/.exec(token);
    if (!match) {
      text.push(token.replaceAll('"', ''));
      continue;
    }
    const [, negate, key, rawValue] = match as unknown as [string, string, string, string];
    const values = (rawValue.startsWith('[') && rawValue.endsWith(']') ? rawValue.slice(1, -1).split(',') : [rawValue]).map((v) => v.replaceAll('"', '').trim());
    const inList = `(${values.map(() => '?').join(', ')})`;
    const op = negate ? 'NOT IN' : 'IN';
    if (key === 'is') {
      const statuses = values.map((v) => (v === 'archived' ? 'ignored' : v));
      if (statuses.some((s) => !['unresolved', 'resolved', 'ignored'].includes(s))) throw new ApiFailure(400, `Invalid query. "is:${rawValue}" is not supported; local-sentry supports is:unresolved, is:resolved, is:ignored (is:archived).`);
      filter.where.push(`g.status ${op} ${inList}`);
      filter.args.push(...statuses);
    } else if (key === 'level') {
      filter.where.push(`g.level ${op} ${inList}`);
      filter.args.push(...values);
    } else if (key === 'error.type') {
      filter.where.push(`coalesce(g.error_type, '') ${op} ${inList}`);
      filter.args.push(...values);
    } else if (key === 'issue.category' || key === 'issue.type') {
      if (values.some((v) => v !== 'error') !== Boolean(negate)) filter.where.push('0');
    } else if (key === 'environment') {
      filter.where.push(`${negate ? 'NOT ' : ''}EXISTS (SELECT 1 FROM events e WHERE e.group_id = g.id AND e.environment IN ${inList})`);
      filter.args.push(...values);
    } else {
      throw new ApiFailure(400, `Invalid query. Unsupported search term "${key}:"; local-sentry supports is:, level:, error.type:, environment:, issue.category: and free text.`);
    }
  }
  for (const word of text) {
    filter.where.push("(g.title LIKE ? ESCAPE '\\' OR coalesce(g.culprit, '') LIKE ? ESCAPE '\\')");
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filter.args.push(like, like);
  }
  return filter;
}

/** Builds the `/api/0/` request handler. */
export function createApiHandler(ctx: ApiContext): (req: IncomingMessage, res: ServerResponse, url: URL) => void {
  const db = ctx.store.db;
  const bySlugOrId = (value: string): ProjectConfig | undefined => ctx.projects.find((p) => p.slug === value || String(p.id) === value);
  const projectById = new Map(ctx.projects.map((p) => [p.id, p]));

  const checkOrg = (org: string): void => {
    if (org !== ctx.organization) throw new ApiFailure(404, 'The requested resource does not exist');
  };
  const project = (org: string, slug: string): ProjectConfig => {
    checkOrg(org);
    const p = bySlugOrId(slug);
    if (!p) throw new ApiFailure(404, 'The requested resource does not exist');
    return p;
  };
  /** `project=` filter: ids or slugs, `-1` or absent for all. */
  const projectFilter = (params: URLSearchParams): number[] => {
    const values = params.getAll('project').filter((v) => v !== '');
    if (values.length === 0 || values.includes('-1')) return ctx.projects.map((p) => p.id);
    return values.map((v) => {
      const p = bySlugOrId(v);
      if (!p) throw new ApiFailure(403, 'You do not have permission to perform this action.');
      return p.id;
    });
  };

  const sparkline = (ids: number[], period: string, now: number): Map<number, Array<[number, number]>> => {
    const out = new Map<number, Array<[number, number]>>();
    if (ids.length === 0 || period === '') return out;
    const daily = period === '14d' || period === '30d';
    const buckets = daily ? Number(period.slice(0, -1)) : 24;
    const size = daily ? 24 : 1;
    const nowHour = Math.floor(now / 3_600_000);
    const startHour = Math.floor((nowHour - buckets * size + 1) / size) * size;
    const rows = db
      .prepare<unknown[], { group_id: number; hour: number; count: number }>(`SELECT group_id, hour, count FROM group_hours WHERE hour >= ? AND group_id IN (${ids.map(() => '?').join(',')})`)
      .all(startHour, ...ids);
    for (const id of ids) out.set(id, Array.from({ length: buckets }, (_, i) => [(startHour + i * size) * 3600, 0] as [number, number]));
    for (const row of rows) {
      const series = out.get(row.group_id)!;
      const index = Math.floor((row.hour - startHour) / size);
      if (index >= 0 && index < series.length) series[index]![1] += row.count;
    }
    return out;
  };

  const issueStats = (g: GroupRecord, stats: Map<string, Map<number, Array<[number, number]>>>): Record<string, Array<[number, number]>> =>
    Object.fromEntries([...stats].map(([period, map]) => [period, map.get(g.id) ?? []]));

  const listIssues = (r: Request, options: { projectIds: number[]; sparkParam: string; timeFilter: boolean }): void => {
    const params = r.url.searchParams;
    const now = ctx.clock.now();
    const query = params.get('query') ?? 'is:unresolved';
    const filter = parseIssueQuery(query);
    filter.where.unshift(`g.project_id IN (${options.projectIds.map(() => '?').join(',')})`);
    filter.args.unshift(...options.projectIds);
    if (options.timeFilter) {
      const range = timeRange(params, { now, defaultPeriodMs: 14 * 86_400_000 });
      if (range) {
        filter.where.push('g.last_seen >= ? AND g.first_seen <= ?');
        filter.args.push(range.start, range.end);
      }
    }
    const sortKey = params.get('sort') ?? 'date';
    const order = SORTS[sortKey];
    if (order === undefined) throw new ApiFailure(400, `Invalid sort "${sortKey}"; use one of ${Object.keys(SORTS).join(', ')}.`);
    const limit = Math.min(intParam(params, { name: 'limit', fallback: 100, max: 1_000_000 }), 100);
    const offset = parseCursor(params.get('cursor'));
    const where = filter.where.join(' AND ');
    const rows = db.prepare<unknown[], GroupRecord>(`SELECT g.* FROM groups g WHERE ${where} ORDER BY ${order}, g.id DESC LIMIT ? OFFSET ?`).all(...filter.args, limit + 1, offset);
    const hits = db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM groups g WHERE ${where}`).get(...filter.args)!.n;
    const page = rows.slice(0, limit);
    const sparkPeriod = params.get(options.sparkParam) ?? '24h';
    if (!['', '24h', '14d', '30d', 'auto'].includes(sparkPeriod)) throw new ApiFailure(400, `Invalid ${options.sparkParam} "${sparkPeriod}"; use "", 24h, 14d or auto.`);
    const spark = sparkPeriod === 'auto' ? '24h' : sparkPeriod;
    const stats = new Map(spark === '' ? [] : [[spark, sparkline(page.map((g) => g.id), spark, now)]]);
    const base = ctx.publicUrl();
    const body = page.map((g) => serializeIssue(g, { project: projectById.get(g.project_id), base, organization: ctx.organization, stats: issueStats(g, stats) }));
    sendJson(r.res, { status: 200, body, headers: {
      link: linkHeader({ base, url: r.url, offset, limit, hasNext: rows.length > limit }),
      'x-hits': String(hits),
      'x-max-hits': String(hits),
    } });
  };

  const group = (org: string, id: string): GroupRecord => {
    checkOrg(org);
    const row = /^\d+$/.test(id) ? db.prepare<[number], GroupRecord>('SELECT * FROM groups WHERE id = ?').get(Number(id)) : undefined;
    if (!row) throw new ApiFailure(404, 'The requested resource does not exist');
    return row;
  };

  const issueDetails = (g: GroupRecord): Record<string, unknown> => {
    const now = ctx.clock.now();
    const stats = new Map([
      ['24h', sparkline([g.id], '24h', now)],
      ['30d', sparkline([g.id], '30d', now)],
    ]);
    const recent = db.prepare<[number], { payload: string | Buffer }>('SELECT payload FROM events WHERE group_id = ? ORDER BY received DESC LIMIT 100').all(g.id);
    const tagValues = new Map<string, Set<string>>();
    const tagCounts = new Map<string, number>();
    for (const { payload } of recent) {
      for (const { key, value } of tagList(JSON.parse(decodePayload(payload)) as SentryEvent)) {
        tagValues.set(key, (tagValues.get(key) ?? new Set()).add(value));
        tagCounts.set(key, (tagCounts.get(key) ?? 0) + 1);
      }
    }
    return {
      ...serializeIssue(g, { project: projectById.get(g.project_id), base: ctx.publicUrl(), organization: ctx.organization, stats: issueStats(g, stats) }),
      // The details schema types owners as a list (the list endpoint as an object).
      owners: [],
      activity: [],
      seenBy: [],
      participants: [],
      userReportCount: 0,
      firstRelease: null,
      lastRelease: null,
      tags: [...tagValues.keys()].sort().map((key) => ({ key, name: key, totalValues: tagCounts.get(key) ?? 0, uniqueValues: tagValues.get(key)!.size })),
    };
  };

  const eventRow = (g: GroupRecord, eventId: string): EventRecord => {
    const sql = 'SELECT id, event_id, project_id, group_id, kind, received, timestamp, payload FROM events WHERE group_id = ?';
    const row =
      eventId === 'latest' || eventId === 'recommended'
        ? db.prepare<[number], EventRecord>(`${sql} ORDER BY received DESC, id DESC LIMIT 1`).get(g.id)
        : eventId === 'oldest'
          ? db.prepare<[number], EventRecord>(`${sql} ORDER BY received ASC, id ASC LIMIT 1`).get(g.id)
          : db.prepare<[number, string], EventRecord>(`${sql} AND event_id = ?`).get(g.id, eventId);
    if (!row) throw new ApiFailure(404, 'Event not found');
    return row;
  };

  const neighbours = (row: EventRecord): { next: string | null; previous: string | null } => {
    // Row values walk the (group_id, received, rowid) index instead of scanning other issues' rows.
    const next = db
      .prepare<[number, number, number], { event_id: string }>('SELECT event_id FROM events WHERE group_id = ? AND (received, id) > (?, ?) ORDER BY received ASC, id ASC LIMIT 1')
      .get(row.group_id!, row.received, row.id);
    const previous = db
      .prepare<[number, number, number], { event_id: string }>('SELECT event_id FROM events WHERE group_id = ? AND (received, id) < (?, ?) ORDER BY received DESC, id DESC LIMIT 1')
      .get(row.group_id!, row.received, row.id);
    return { next: next?.event_id ?? null, previous: previous?.event_id ?? null };
  };

  const routes: Array<[string, RegExp, Handler]> = [
    [
      'GET',
      /^\/api\/0\/projects\/([^/]+)\/([^/]+)\/stats\/$/,
      (r) => {
        const p = project(r.params[0]!, r.params[1]!);
        const params = r.url.searchParams;
        const stat = params.get('stat') ?? 'received';
        const outcomes: Record<string, string[]> = { received: ['accepted', 'filtered', 'rate_limited'], rejected: ['rate_limited'], blacklisted: ['filtered'], generated: ['accepted'] };
        if (!outcomes[stat]) throw new ApiFailure(400, 'Invalid stat');
        const now = ctx.clock.now();
        const until = params.has('until') ? Number(params.get('until')) * 1000 : now;
        const since = params.has('since') ? Number(params.get('since')) * 1000 : until - 86_400_000 + 1000;
        if (!Number.isFinite(until) || !Number.isFinite(since)) throw new ApiFailure(400, 'since and until must be unix timestamps in seconds');
        if (since > until) throw new ApiFailure(400, 'start must be before or equal to end');
        const resolutions: Record<string, number> = { '10s': 10, '1h': 3600, '1d': 86_400 };
        const resolution = params.get('resolution') ?? (until - since > 7 * 86_400_000 ? '1d' : '1h');
        const step = resolutions[resolution];
        if (step === undefined) throw new ApiFailure(400, 'Invalid resolution');
        const first = Math.floor(since / 1000 / step) * step;
        const last = Math.floor(until / 1000 / step) * step;
        const series = new Map<number, number>();
        for (let t = first; t <= last; t += step) series.set(t, 0);
        const list = outcomes[stat];
        const rows = db
          .prepare<unknown[], { minute: number; quantity: number }>(
            `SELECT minute, sum(quantity) AS quantity FROM outcomes WHERE project_id = ? AND category IN ('error', 'default', 'security') AND outcome IN (${list.map(() => '?').join(',')}) AND minute >= ? AND minute <= ? GROUP BY minute`,
          )
          .all(p.id, ...list, first, last + step);
        for (const row of rows) {
          const bucket = Math.floor(row.minute / step) * step;
          if (series.has(bucket)) series.set(bucket, series.get(bucket)! + row.quantity);
        }
        sendJson(r.res, { status: 200, body: [...series] });
      },
    ],
    ['GET', /^\/api\/0\/organizations\/([^/]+)\/stats_v2\/$/, (r) => statsV2(r)],
    [
      'GET',
      /^\/api\/0\/organizations\/([^/]+)\/issues\/$/,
      (r) => {
        checkOrg(r.params[0]!);
        listIssues(r, { projectIds: projectFilter(r.url.searchParams), sparkParam: 'groupStatsPeriod', timeFilter: true });
      },
    ],
    [
      'GET',
      /^\/api\/0\/projects\/([^/]+)\/([^/]+)\/issues\/$/,
      (r) => {
        const p = project(r.params[0]!, r.params[1]!);
        listIssues(r, { projectIds: [p.id], sparkParam: 'statsPeriod', timeFilter: false });
      },
    ],
    ['GET', /^\/api\/0\/organizations\/([^/]+)\/issues\/([^/]+)\/$/, (r) => sendJson(r.res, { status: 200, body: issueDetails(group(r.params[0]!, r.params[1]!)) })],
    [
      'PUT',
      /^\/api\/0\/organizations\/([^/]+)\/issues\/([^/]+)\/$/,
      async (r) => {
        const g = group(r.params[0]!, r.params[1]!);
        const body = await readJsonBody(r.req);
        const status = body.status;
        if (status !== undefined) {
          if (status !== 'resolved' && status !== 'unresolved' && status !== 'ignored') throw new ApiFailure(400, 'status must be resolved, unresolved or ignored');
          db.prepare('UPDATE groups SET status = ?, substatus = ? WHERE id = ?').run(status, status === 'unresolved' ? 'ongoing' : status === 'ignored' ? 'archived_forever' : 'ongoing', g.id);
        }
        sendJson(r.res, { status: 200, body: issueDetails(group(r.params[0]!, r.params[1]!)) });
      },
    ],
    [
      'GET',
      /^\/api\/0\/organizations\/([^/]+)\/issues\/([^/]+)\/events\/$/,
      (r) => {
        const g = group(r.params[0]!, r.params[1]!);
        const params = r.url.searchParams;
        const limit = intParam(params, { name: 'per_page', fallback: 100, max: 100 });
        const offset = parseCursor(params.get('cursor'));
        const range = timeRange(params, { now: ctx.clock.now(), defaultPeriodMs: null });
        const where = ['group_id = ?'];
        const args: unknown[] = [g.id];
        if (range) {
          where.push('received >= ? AND received <= ?');
          args.push(range.start, range.end);
        }
        const envs = params.getAll('environment');
        if (envs.length > 0) {
          where.push(`environment IN (${envs.map(() => '?').join(',')})`);
          args.push(...envs);
        }
        const rows = db
          .prepare<unknown[], EventRecord>(`SELECT id, event_id, project_id, group_id, kind, received, timestamp, payload FROM events WHERE ${where.join(' AND ')} ORDER BY received DESC, id DESC LIMIT ? OFFSET ?`)
          .all(...args, limit + 1, offset);
        const full = params.get('full') === 'true' || params.get('full') === '1';
        const body = rows.slice(0, limit).map((row) => (full ? serializeEvent(row, { group: g, next: null, previous: null }) : serializeEventSummary(row, g)));
        sendJson(r.res, { status: 200, body, headers: { link: linkHeader({ base: ctx.publicUrl(), url: r.url, offset, limit, hasNext: rows.length > limit }) } });
      },
    ],
    [
      'GET',
      /^\/api\/0\/organizations\/([^/]+)\/issues\/([^/]+)\/events\/([^/]+)\/$/,
      (r) => {
        const g = group(r.params[0]!, r.params[1]!);
        const row = eventRow(g, r.params[2]!);
        sendJson(r.res, { status: 200, body: serializeEvent(row, { group: g, ...neighbours(row) }) });
      },
    ],
    ['GET', /^\/api\/0\/organizations\/([^/]+)\/events-timeseries\/$/, (r) => timeseries(r)],
    [
      'GET',
      /^\/api\/0\/organizations\/([^/]+)\/local-sentry\/alerts\/$/,
      (r) => {
        checkOrg(r.params[0]!);
        sendJson(r.res, { status: 200, body: ctx.alerts.list(intParam(r.url.searchParams, { name: 'per_page', fallback: 100, max: 100 })) });
      },
    ],
  ];

  const statsV2 = (r: Request): void => {
    checkOrg(r.params[0]!);
    const params = r.url.searchParams;
    const field = params.get('field');
    if (field !== 'sum(quantity)' && field !== 'sum(times_seen)') throw new ApiFailure(400, 'field is required: sum(quantity) or sum(times_seen)');
    const groupBy = params.getAll('groupBy');
    if (groupBy.length === 0) throw new ApiFailure(400, 'groupBy is required: outcome, category, reason and/or project');
    const unknown = groupBy.find((g) => !['outcome', 'category', 'reason', 'project'].includes(g));
    if (unknown) throw new ApiFailure(400, `Invalid groupBy "${unknown}"`);
    const interval = parsePeriod(params.get('interval') ?? '1h', 'interval');
    if (interval < 3_600_000 || 86_400_000 % interval !== 0) throw new ApiFailure(400, 'The interval has to be at least 1h and must divide a day');
    const now = ctx.clock.now();
    const range = timeRange(params, { now, defaultPeriodMs: 86_400_000 })!;
    const start = Math.floor(range.start / interval) * interval;
    const end = Math.floor(range.end / interval) * interval + interval;
    const intervals: number[] = [];
    for (let t = start; t < end; t += interval) intervals.push(t);
    const where = ['minute >= ? AND minute < ?'];
    const args: unknown[] = [start / 1000, end / 1000];
    const projects = projectFilter(params);
    where.push(`project_id IN (${projects.map(() => '?').join(',')})`);
    args.push(...projects);
    const categories = params.getAll('category');
    if (categories.length > 0) {
      const expanded = categories.flatMap((c) => (c === 'error' ? ['error', 'default', 'security'] : [c]));
      where.push(`category IN (${expanded.map(() => '?').join(',')})`);
      args.push(...expanded);
    }
    for (const key of ['outcome', 'reason'] as const) {
      const values = params.getAll(key);
      if (values.length > 0) {
        where.push(`${key} IN (${values.map(() => '?').join(',')})`);
        args.push(...values);
      }
    }
    const rows = db
      .prepare<unknown[], { minute: number; project_id: number; category: string; outcome: string; reason: string; quantity: number }>(`SELECT * FROM outcomes WHERE ${where.join(' AND ')}`)
      .all(...args);
    const groups = new Map<string, { by: Record<string, string | number>; totals: Record<string, number>; series: Record<string, number[]> }>();
    for (const row of rows) {
      const category = row.category === 'default' || row.category === 'security' ? 'error' : row.category;
      const by: Record<string, string | number> = {};
      for (const g of groupBy) by[g] = g === 'project' ? row.project_id : g === 'category' ? category : g === 'reason' ? row.reason || 'none' : row.outcome;
      const key = JSON.stringify(by);
      const entry = groups.get(key) ?? { by, totals: { [field]: 0 }, series: { [field]: intervals.map(() => 0) } };
      groups.set(key, entry);
      entry.totals[field]! += row.quantity;
      entry.series[field]![Math.floor((row.minute * 1000 - start) / interval)]! += row.quantity;
    }
    const byProject = groupBy.includes('project');
    sendJson(r.res, { status: 200, body: {
      start: iso(start),
      end: iso(end),
      intervals: intervals.map((t) => iso(t)),
      // Like Sentry: grouping by project gives totals only.
      groups: [...groups.values()].map((g) => (byProject ? { by: g.by, totals: g.totals, series: {} } : g)),
    } });
  };

  const timeseries = (r: Request): void => {
    checkOrg(r.params[0]!);
    const params = r.url.searchParams;
    const dataset = params.get('dataset');
    if (dataset === null) throw new ApiFailure(400, 'dataset is required');
    if (dataset !== 'errors') throw new ApiFailure(400, `dataset "${dataset}" is not served by local-sentry; it serves dataset=errors`);
    const yAxis = params.get('yAxis') ?? 'count()';
    if (yAxis !== 'count()' && yAxis !== 'count_unique(user)') throw new ApiFailure(400, `yAxis "${yAxis}" is not supported; use count() or count_unique(user)`);
    const now = ctx.clock.now();
    const range = timeRange(params, { now, defaultPeriodMs: 86_400_000 })!;
    const rawInterval = params.get('interval');
    // `interval` is the bucket size in seconds (a duration like `1m` is accepted too).
    let interval = rawInterval === null ? (range.end - range.start > 86_400_000 ? 3600 : 60) * 1000 : /^\d+$/.test(rawInterval) ? Number(rawInterval) * 1000 : parsePeriod(rawInterval, 'interval');
    if (interval <= 0 || interval > range.end - range.start) interval = 3_600_000;
    const start = Math.floor(range.start / interval) * interval;
    // Include the bucket holding `end` (the current, incomplete one).
    const buckets = Math.floor((range.end - start) / interval) + 1;
    if (buckets > 10_000) throw new ApiFailure(400, 'Too many buckets; choose a larger interval or a shorter period.');
    const projects = projectFilter(params);
    const envs = params.getAll('environment');
    const end = start + buckets * interval;
    const inList = (list: unknown[]): string => `(${list.map(() => '?').join(',')})`;
    const envFilter = envs.length > 0 ? ` AND environment IN ${inList(envs)}` : '';
    // Whole-second buckets of count() come from the per-second counters; anything else from the event rows.
    const rows =
      yAxis === 'count()' && interval % 1000 === 0
        ? db
            .prepare<unknown[], { bucket: number; value: number }>(
              `SELECT CAST((second - ?) / ? AS INTEGER) AS bucket, sum(count) AS value FROM error_seconds WHERE project_id IN ${inList(projects)} AND second >= ? AND second < ?${envFilter} GROUP BY bucket`,
            )
            .all(start / 1000, interval / 1000, ...projects, start / 1000, end / 1000, ...envs)
        : db
            .prepare<unknown[], { bucket: number; value: number }>(
              `SELECT CAST((received - ?) / ? AS INTEGER) AS bucket, ${yAxis === 'count()' ? 'count(*)' : 'count(DISTINCT user_key)'} AS value FROM events WHERE project_id IN ${inList(projects)} AND kind IN ('error', 'default') AND received >= ? AND received < ?${envFilter} GROUP BY bucket`,
            )
            .all(start, interval, ...projects, start, end, ...envs);
    const values = Array.from({ length: buckets }, (_, i) => ({ timestamp: start + i * interval, value: 0, incomplete: start + (i + 1) * interval > now }));
    for (const row of rows) if (values[row.bucket]) values[row.bucket]!.value = row.value;
    sendJson(r.res, { status: 200, body: {
      timeSeries: [{ yAxis, values, groupBy: [], meta: { valueType: 'integer', valueUnit: null, interval: interval / 1000 } }],
      meta: { dataset, start, end: start + buckets * interval },
    } });
  };

  routes.push(...createAlertConfigApi({ db, organization: ctx.organization, projects: ctx.projects, clock: ctx.clock, alerts: ctx.alerts, project, checkOrg }));

  return (req, res, url) => {
    const run = async (): Promise<void> => {
      if (req.method === 'OPTIONS') {
        res.writeHead(200, { ...API_CORS, 'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '3600' });
        res.end();
        return;
      }
      const auth = req.headers.authorization;
      if (auth === undefined) throw new ApiFailure(401, 'Authentication credentials were not provided.');
      if (auth !== `Bearer ${ctx.token}`) throw new ApiFailure(401, 'Invalid token');
      const slashed = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
      // Sentry still routes the unpublished top-level `/issues/{id}/…` (and `/groups/…`) to the org-scoped endpoints.
      const path = slashed.replace(/^\/api\/0\/(?:issues|groups)\/(\d+)\//, `/api/0/organizations/${ctx.organization}/issues/$1/`);
      let pathMatched = false;
      for (const [method, pattern, handler] of routes) {
        const match = pattern.exec(path);
        if (!match) continue;
        pathMatched = true;
        if (method !== req.method) continue;
        await handler({ req, res, url, params: match.slice(1).map(decodeURIComponent) });
        return;
      }
      throw pathMatched ? new ApiFailure(405, `Method "${req.method}" not allowed.`) : new ApiFailure(404, 'The requested resource does not exist');
    };
    run().catch((error: unknown) => {
      if (res.headersSent) return;
      if (error instanceof ApiFailure) sendJson(res, { status: error.status, body: { detail: error.detail } });
      else sendJson(res, { status: 500, body: { detail: 'Internal Error', errorId: null } });
    });
  };
}
