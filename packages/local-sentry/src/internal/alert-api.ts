// Sentry's alert configuration APIs as the provisioner calls them: legacy project issue-alert
// `rules`, Monitors (`detectors`) and Alerts (`workflows`). Bodies are stored as Sentry would
// return them; the evaluator maps them onto AlertRule types (see alert-config.ts).
import type Database from 'better-sqlite3';
import type { AlertEngine } from '../alerts';
import { asRecord, asString } from './event';
import { ApiFailure, iso, readJsonBody, sendJson } from './http';
import type { Request } from '../api';
import type { Clock, ProjectConfig } from '../types';

interface Row {
  id: number;
  kind: string;
  project_id: number | null;
  body: string;
  created: number;
}

export interface AlertApiContext {
  db: Database.Database;
  organization: string;
  projects: ProjectConfig[];
  clock: Clock;
  alerts: AlertEngine;
  project: (org: string, slug: string) => ProjectConfig;
  checkOrg: (org: string) => void;
}

type Route = [string, RegExp, (r: Request) => Promise<void> | void];

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Sentry's validators accept snake_case or camelCase; responses are camelCase. Free-form `data` is left alone. */
function camelize(value: unknown, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => camelize(v, parentKey));
  const record = asRecord(value);
  if (!record || parentKey === 'data') return value;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [camel(k), camelize(v, camel(k))]));
}

function required(body: Record<string, unknown>, fields: string[]): void {
  const missing = fields.filter((f) => body[f] === undefined || body[f] === null);
  if (missing.length > 0) throw new ApiFailure(400, `${missing.join(', ')}: This field is required.`);
}

const LEGACY_FREQUENCY = { min: 5, max: 43_200 };

export function createAlertConfigApi(ctx: AlertApiContext): Route[] {
  const { db } = ctx;
  const insert = (kind: string, projectId: number | null, body: unknown): number =>
    Number(db.prepare('INSERT INTO alert_config (kind, project_id, body, created) VALUES (?, ?, ?, ?)').run(kind, projectId, JSON.stringify(body), ctx.clock.now()).lastInsertRowid);
  const update = (id: number, body: unknown): void => {
    db.prepare('UPDATE alert_config SET body = ? WHERE id = ?').run(JSON.stringify(body), id);
    ctx.alerts.invalidate();
  };
  const rows = (kind: string): Row[] => db.prepare<[string], Row>('SELECT * FROM alert_config WHERE kind = ? ORDER BY id').all(kind);
  const one = (kind: string, id: string): Row => {
    const row = /^\d+$/.test(id) ? db.prepare<[string, number], Row>('SELECT * FROM alert_config WHERE kind = ? AND id = ?').get(kind, Number(id)) : undefined;
    if (!row) throw new ApiFailure(404, 'The requested resource does not exist');
    return row;
  };
  const remove = (id: number): void => {
    db.prepare('DELETE FROM alert_config WHERE id = ?').run(id);
    ctx.alerts.invalidate();
  };
  const parse = (row: Row): Record<string, unknown> => JSON.parse(row.body) as Record<string, unknown>;
  const slugOf = (projectId: number | null): string => ctx.projects.find((p) => p.id === projectId)?.slug ?? String(projectId);

  // Every project has a system `error` detector, as in Sentry; workflows attach to it.
  for (const p of ctx.projects) {
    const exists = rows('detector').some((r) => r.project_id === p.id && parse(r).type === 'error');
    if (!exists) insert('detector', p.id, { name: 'Error Monitor', type: 'error', description: null, enabled: true, config: {}, dataSources: [], conditionGroup: null, workflowIds: [] });
  }

  // ---- legacy issue alert rules -------------------------------------------------------------
  const serializeRule = (row: Row): Record<string, unknown> => {
    const b = parse(row);
    return {
      id: String(row.id),
      conditions: b.conditions ?? [],
      filters: b.filters ?? [],
      actions: b.actions ?? [],
      actionMatch: b.actionMatch ?? 'all',
      filterMatch: b.filterMatch ?? 'all',
      frequency: b.frequency,
      name: b.name,
      dateCreated: iso(row.created),
      owner: b.owner ?? null,
      createdBy: null,
      environment: b.environment ?? null,
      projects: [slugOf(row.project_id)],
      status: 'active',
      snooze: false,
      lastTriggered: null,
    };
  };
  const ruleBody = async (r: Request): Promise<Record<string, unknown>> => {
    const body = await readJsonBody(r.req);
    required(body, ['name', 'actionMatch', 'conditions', 'actions', 'frequency']);
    if (!['all', 'any', 'none'].includes(String(body.actionMatch))) throw new ApiFailure(400, 'actionMatch: must be one of all, any, none');
    if (body.filters !== undefined && body.filterMatch === undefined) throw new ApiFailure(400, 'filterMatch: This field is required when filters are present.');
    const frequency = Number(body.frequency);
    if (!Number.isInteger(frequency) || frequency < LEGACY_FREQUENCY.min || frequency > LEGACY_FREQUENCY.max) {
      throw new ApiFailure(400, `frequency: must be between ${LEGACY_FREQUENCY.min} and ${LEGACY_FREQUENCY.max} minutes`);
    }
    for (const key of ['conditions', 'filters', 'actions']) {
      const list = body[key];
      if (list !== undefined && (!Array.isArray(list) || list.some((c) => asString(asRecord(c)?.id) === undefined))) throw new ApiFailure(400, `${key}: each entry needs an "id"`);
    }
    return body;
  };

  // ---- detectors (Monitors) -----------------------------------------------------------------
  const workflowLinks = (detectorId: string): string[] =>
    rows('workflow')
      .filter((w) => (parse(w).detectorIds as string[] | undefined)?.includes(detectorId))
      .map((w) => String(w.id));
  const serializeDetector = (row: Row): Record<string, unknown> => {
    const b = parse(row);
    const id = String(row.id);
    const sources = (Array.isArray(b.dataSources) ? b.dataSources : []).map((s, i) => {
      const src = asRecord(s) ?? {};
      if (asRecord(src.queryObj)) return src;
      return {
        id: `${id}${i}`,
        organizationId: '1',
        type: 'snuba_query_subscription',
        sourceId: `${id}${i}`,
        queryObj: {
          id: `${id}${i}`,
          status: 1,
          subscription: null,
          snubaQuery: { id: `${id}${i}`, dataset: src.dataset ?? 'events', query: src.query ?? '', aggregate: src.aggregate ?? 'count()', timeWindow: src.timeWindow ?? 60, environment: src.environment ?? null, eventTypes: src.eventTypes ?? ['error', 'default'] },
        },
      };
    });
    const group = asRecord(b.conditionGroup);
    const out: Record<string, unknown> = {
      id,
      projectId: String(row.project_id),
      name: b.name,
      description: b.description ?? null,
      type: b.type,
      workflowIds: [...new Set([...((b.workflowIds as string[] | undefined) ?? []).map(String), ...workflowLinks(id)])],
      createdBy: null,
      dateCreated: iso(row.created),
      dateUpdated: iso(row.created),
      dataSources: sources,
      conditionGroup: group
        ? {
            id: `${id}0`,
            organizationId: '1',
            logicType: group.logicType ?? 'any',
            conditions: (Array.isArray(group.conditions) ? group.conditions : []).map((c, i) => ({ id: `${id}${i + 1}`, ...(asRecord(c) ?? {}) })),
            actions: [],
          }
        : null,
      config: b.config ?? {},
      enabled: b.enabled !== false,
      latestGroup: null,
    };
    if (asRecord(b.owner)) out.owner = b.owner;
    return out;
  };
  const detectorBody = async (r: Request): Promise<Record<string, unknown>> => {
    const body = camelize(await readJsonBody(r.req)) as Record<string, unknown>;
    required(body, ['name', 'type']);
    if (body.type === 'error') throw new ApiFailure(400, 'type: error detectors are created by the system; create a metric_issue detector');
    if (body.type === 'metric_issue') {
      const source = asRecord((body.dataSources as unknown[] | undefined)?.[0]);
      if (!source) throw new ApiFailure(400, 'dataSources: a metric_issue detector needs one data source');
      if (!Number.isInteger(Number(source.timeWindow)) || Number(source.timeWindow) <= 0) throw new ApiFailure(400, 'dataSources.timeWindow: seconds, a positive integer');
      const conditions = asRecord(body.conditionGroup)?.conditions;
      if (!Array.isArray(conditions) || conditions.length === 0) throw new ApiFailure(400, 'conditionGroup.conditions: at least one condition is required');
    }
    // Owner strings ("team:1") become Sentry's owner object.
    if (typeof body.owner === 'string') {
      const [type, ownerId] = body.owner.split(':');
      body.owner = { type: type === 'user' ? 'user' : 'team', id: ownerId ?? '', name: body.owner };
    }
    return body;
  };
  const idFilter = (r: Request): Set<string> | null => {
    const ids = r.url.searchParams.getAll('id');
    return ids.length > 0 ? new Set(ids) : null;
  };
  const projectIdsOf = (r: Request): number[] | null => {
    const values = r.url.searchParams.getAll('project').filter((v) => v !== '' && v !== '-1');
    return values.length > 0 ? values.map((v) => ctx.projects.find((p) => String(p.id) === v || p.slug === v)?.id ?? -1) : null;
  };
  const listDetectors = (r: Request): Row[] => {
    const ids = idFilter(r);
    const projectIds = projectIdsOf(r);
    const query = r.url.searchParams.get('query') ?? '';
    const type = /type:(\S+)/.exec(query)?.[1];
    const name = /name:("[^"]*"|\S+)/.exec(query)?.[1]?.replaceAll('"', '');
    return rows('detector').filter((row) => {
      const b = parse(row);
      return (
        (ids === null || ids.has(String(row.id))) &&
        (projectIds === null || projectIds.includes(row.project_id ?? -1)) &&
        (type === undefined || b.type === type) &&
        (name === undefined || String(b.name).toLowerCase().includes(name.toLowerCase()))
      );
    });
  };

  // ---- workflows (Alerts) -------------------------------------------------------------------
  const serializeWorkflow = (row: Row): Record<string, unknown> => {
    const b = parse(row);
    const id = String(row.id);
    const conditions = (list: unknown): unknown[] => (Array.isArray(list) ? list : []).map((c, i) => ({ id: `${id}${i}`, ...(asRecord(c) ?? {}) }));
    const actions = (list: unknown): unknown[] =>
      (Array.isArray(list) ? list : []).map((a, i) => {
        const action = asRecord(a) ?? {};
        return { id: `${id}${i}`, type: action.type, integrationId: action.integrationId ?? null, data: action.data ?? {}, config: action.config ?? {}, status: action.status ?? 'active' };
      });
    const triggers = asRecord(b.triggers) ?? {};
    return {
      id,
      name: b.name,
      organizationId: '1',
      createdBy: null,
      dateCreated: iso(row.created),
      dateUpdated: iso(row.created),
      triggers: { id: `${id}0`, organizationId: '1', logicType: triggers.logicType ?? 'any-short', conditions: conditions(triggers.conditions), actions: [] },
      actionFilters: (Array.isArray(b.actionFilters) ? b.actionFilters : []).map((f, i) => {
        const filter = asRecord(f) ?? {};
        return { id: `${id}${i + 1}`, organizationId: '1', logicType: filter.logicType ?? 'all', conditions: conditions(filter.conditions), actions: actions(filter.actions) };
      }),
      environment: b.environment ?? null,
      config: b.config ?? {},
      detectorIds: ((b.detectorIds as unknown[] | undefined) ?? []).map(String),
      enabled: b.enabled !== false,
      lastTriggered: null,
      owner: typeof b.owner === 'string' ? b.owner : null,
    };
  };
  const workflowBody = async (r: Request): Promise<Record<string, unknown>> => {
    const body = camelize(await readJsonBody(r.req)) as Record<string, unknown>;
    required(body, ['name']);
    const detectorIds = body.detectorIds;
    if (detectorIds !== undefined) {
      if (!Array.isArray(detectorIds)) throw new ApiFailure(400, 'detectorIds: must be a list of detector ids');
      for (const id of detectorIds) if (!rows('detector').some((d) => String(d.id) === String(id))) throw new ApiFailure(400, `detectorIds: detector ${String(id)} does not exist`);
    }
    const frequency = asRecord(body.config)?.frequency;
    if (frequency !== undefined && ![0, 5, 10, 30, 60, 180, 720, 1440].includes(Number(frequency))) throw new ApiFailure(400, 'config.frequency: minutes, one of 0, 5, 10, 30, 60, 180, 720, 1440');
    return body;
  };
  const listWorkflows = (r: Request): Row[] => {
    const ids = idFilter(r);
    const projectIds = projectIdsOf(r);
    const detectorProject = new Map(rows('detector').map((d) => [String(d.id), d.project_id]));
    return rows('workflow').filter((row) => {
      const b = parse(row);
      const linked = ((b.detectorIds as unknown[] | undefined) ?? []).map((d) => detectorProject.get(String(d)));
      return (ids === null || ids.has(String(row.id))) && (projectIds === null || linked.some((p) => projectIds.includes(p ?? -1)));
    });
  };
  const bulk = (r: Request, list: Row[]): Row[] => {
    if (idFilter(r) === null && r.url.searchParams.getAll('project').length === 0 && !r.url.searchParams.has('query')) {
      throw new ApiFailure(400, 'Select what to change with id=, project= or query=');
    }
    return list;
  };

  // ---- legacy metric alert rules ------------------------------------------------------------
  const METRIC_WINDOWS = [1, 5, 10, 15, 30, 60, 120, 240, 1440];
  const serializeMetric = (row: Row): Record<string, unknown> => {
    const b = parse(row);
    const id = String(row.id);
    const created = iso(row.created);
    const triggers = (Array.isArray(b.triggers) ? b.triggers : []).map((t, i) => {
      const trigger = asRecord(t) ?? {};
      return {
        id: `${id}${i}`,
        alertRuleId: id,
        label: trigger.label ?? 'critical',
        thresholdType: b.thresholdType ?? 0,
        alertThreshold: trigger.alertThreshold ?? null,
        resolveThreshold: b.resolveThreshold ?? null,
        dateCreated: created,
        actions: (Array.isArray(trigger.actions) ? trigger.actions : []).map((a, j) => ({
          id: `${id}${i}${j}`,
          alertRuleTriggerId: `${id}${i}`,
          inputChannelId: null,
          integrationId: null,
          sentryAppId: null,
          targetIdentifier: null,
          dateCreated: created,
          ...(asRecord(a) ?? {}),
        })),
      };
    });
    return {
      id,
      name: b.name,
      organizationId: '1',
      queryType: b.queryType ?? 0,
      dataset: b.dataset ?? 'events',
      query: b.query ?? '',
      aggregate: b.aggregate,
      thresholdType: b.thresholdType ?? 0,
      resolveThreshold: b.resolveThreshold ?? null,
      timeWindow: b.timeWindow,
      environment: b.environment ?? null,
      eventTypes: b.eventTypes ?? ['error', 'default'],
      triggers,
      projects: [slugOf(row.project_id)],
      owner: typeof b.owner === 'string' ? b.owner : null,
      comparisonDelta: b.comparisonDelta ?? null,
      snooze: false,
      dateModified: created,
      dateCreated: created,
      createdBy: {},
    };
  };
  const metricBody = async (r: Request): Promise<{ body: Record<string, unknown>; projectId: number }> => {
    const body = await readJsonBody(r.req);
    required(body, ['name', 'aggregate', 'timeWindow', 'projects', 'query', 'thresholdType', 'triggers']);
    if (!METRIC_WINDOWS.includes(Number(body.timeWindow))) throw new ApiFailure(400, `timeWindow: minutes, one of ${METRIC_WINDOWS.join(', ')}`);
    if (body.aggregate !== 'count()') throw new ApiFailure(400, 'aggregate: local-sentry evaluates count() only');
    if (body.thresholdType !== 0) throw new ApiFailure(400, 'thresholdType: local-sentry evaluates 0 (above) only');
    const projects = body.projects;
    if (!Array.isArray(projects) || projects.length !== 1) throw new ApiFailure(400, 'projects: exactly one project slug');
    const project = ctx.projects.find((p) => p.slug === projects[0] || String(p.id) === String(projects[0]));
    if (!project) throw new ApiFailure(400, `projects: unknown project ${String(projects[0])}`);
    const triggers = body.triggers;
    if (!Array.isArray(triggers) || !triggers.some((t) => asRecord(t)?.label === 'critical')) throw new ApiFailure(400, 'triggers: a "critical" trigger is required');
    return { body, projectId: project.id };
  };

  const org = '([^/]+)';
  return [
    ['GET', new RegExp(`^/api/0/organizations/${org}/alert-rules/$`), (r) => {
      ctx.checkOrg(r.params[0]!);
      sendJson(r.res, { status: 200, body: rows('metric').map(serializeMetric) });
    }],
    ['POST', new RegExp(`^/api/0/organizations/${org}/alert-rules/$`), async (r) => {
      ctx.checkOrg(r.params[0]!);
      const { body, projectId } = await metricBody(r);
      const id = insert('metric', projectId, body);
      ctx.alerts.invalidate();
      sendJson(r.res, { status: 201, body: serializeMetric(one('metric', String(id))) });
    }],
    ['GET', new RegExp(`^/api/0/organizations/${org}/alert-rules/(\\d+)/$`), (r) => {
      ctx.checkOrg(r.params[0]!);
      sendJson(r.res, { status: 200, body: serializeMetric(one('metric', r.params[1]!)) });
    }],
    ['PUT', new RegExp(`^/api/0/organizations/${org}/alert-rules/(\\d+)/$`), async (r) => {
      ctx.checkOrg(r.params[0]!);
      const row = one('metric', r.params[1]!);
      const { body, projectId } = await metricBody(r);
      db.prepare('UPDATE alert_config SET body = ?, project_id = ? WHERE id = ?').run(JSON.stringify(body), projectId, row.id);
      ctx.alerts.invalidate();
      sendJson(r.res, { status: 200, body: serializeMetric(one('metric', r.params[1]!)) });
    }],
    ['DELETE', new RegExp(`^/api/0/organizations/${org}/alert-rules/(\\d+)/$`), (r) => {
      ctx.checkOrg(r.params[0]!);
      remove(one('metric', r.params[1]!).id);
      sendJson(r.res, { status: 202 });
    }],
    ['GET', new RegExp(`^/api/0/projects/${org}/${org}/rules/$`), (r) => {
      const p = ctx.project(r.params[0]!, r.params[1]!);
      sendJson(r.res, { status: 200, body: rows('rule').filter((row) => row.project_id === p.id).map(serializeRule) });
    }],
    ['POST', new RegExp(`^/api/0/projects/${org}/${org}/rules/$`), async (r) => {
      const p = ctx.project(r.params[0]!, r.params[1]!);
      const id = insert('rule', p.id, await ruleBody(r));
      ctx.alerts.invalidate();
      sendJson(r.res, { status: 201, body: serializeRule(one('rule', String(id))) });
    }],
    ['GET', new RegExp(`^/api/0/projects/${org}/${org}/rules/(\\d+)/$`), (r) => {
      ctx.project(r.params[0]!, r.params[1]!);
      sendJson(r.res, { status: 200, body: serializeRule(one('rule', r.params[2]!)) });
    }],
    ['PUT', new RegExp(`^/api/0/projects/${org}/${org}/rules/(\\d+)/$`), async (r) => {
      ctx.project(r.params[0]!, r.params[1]!);
      const row = one('rule', r.params[2]!);
      update(row.id, await ruleBody(r));
      sendJson(r.res, { status: 200, body: serializeRule(one('rule', r.params[2]!)) });
    }],
    ['DELETE', new RegExp(`^/api/0/projects/${org}/${org}/rules/(\\d+)/$`), (r) => {
      ctx.project(r.params[0]!, r.params[1]!);
      remove(one('rule', r.params[2]!).id);
      sendJson(r.res, { status: 202 });
    }],
    ['GET', new RegExp(`^/api/0/organizations/${org}/detectors/$`), (r) => {
      ctx.checkOrg(r.params[0]!);
      sendJson(r.res, { status: 200, body: listDetectors(r).map(serializeDetector) });
    }],
    ['PUT', new RegExp(`^/api/0/organizations/${org}/detectors/$`), async (r) => {
      ctx.checkOrg(r.params[0]!);
      const body = await readJsonBody(r.req);
      if (typeof body.enabled !== 'boolean') throw new ApiFailure(400, 'enabled: This field is required.');
      const list = bulk(r, listDetectors(r));
      for (const row of list) update(row.id, { ...parse(row), enabled: body.enabled });
      sendJson(r.res, { status: 200, body: listDetectors(r).map(serializeDetector) });
    }],
    ['DELETE', new RegExp(`^/api/0/organizations/${org}/detectors/$`), (r) => {
      ctx.checkOrg(r.params[0]!);
      for (const row of bulk(r, listDetectors(r))) if (parse(row).type !== 'error') remove(row.id);
      sendJson(r.res, { status: 204 });
    }],
    ['POST', new RegExp(`^/api/0/organizations/${org}/projects/${org}/detectors/$`), async (r) => {
      const p = ctx.project(r.params[0]!, r.params[1]!);
      const id = insert('detector', p.id, await detectorBody(r));
      ctx.alerts.invalidate();
      sendJson(r.res, { status: 201, body: serializeDetector(one('detector', String(id))) });
    }],
    ['GET', new RegExp(`^/api/0/organizations/${org}/detectors/(\\d+)/$`), (r) => {
      ctx.checkOrg(r.params[0]!);
      sendJson(r.res, { status: 200, body: serializeDetector(one('detector', r.params[1]!)) });
    }],
    ['PUT', new RegExp(`^/api/0/organizations/${org}/detectors/(\\d+)/$`), async (r) => {
      ctx.checkOrg(r.params[0]!);
      const row = one('detector', r.params[1]!);
      if (parse(row).type === 'error') {
        const body = await readJsonBody(r.req);
        update(row.id, { ...parse(row), ...(typeof body.enabled === 'boolean' ? { enabled: body.enabled } : {}) });
      } else {
        update(row.id, await detectorBody(r));
      }
      sendJson(r.res, { status: 200, body: serializeDetector(one('detector', r.params[1]!)) });
    }],
    ['DELETE', new RegExp(`^/api/0/organizations/${org}/detectors/(\\d+)/$`), (r) => {
      ctx.checkOrg(r.params[0]!);
      const row = one('detector', r.params[1]!);
      if (parse(row).type === 'error') throw new ApiFailure(403, 'Error detectors are system-created and cannot be deleted.');
      remove(row.id);
      sendJson(r.res, { status: 204 });
    }],
    ['GET', new RegExp(`^/api/0/organizations/${org}/workflows/$`), (r) => {
      ctx.checkOrg(r.params[0]!);
      sendJson(r.res, { status: 200, body: listWorkflows(r).map(serializeWorkflow) });
    }],
    ['POST', new RegExp(`^/api/0/organizations/${org}/workflows/$`), async (r) => {
      ctx.checkOrg(r.params[0]!);
      const id = insert('workflow', null, await workflowBody(r));
      ctx.alerts.invalidate();
      sendJson(r.res, { status: 201, body: serializeWorkflow(one('workflow', String(id))) });
    }],
    ['PUT', new RegExp(`^/api/0/organizations/${org}/workflows/$`), async (r) => {
      ctx.checkOrg(r.params[0]!);
      const body = await readJsonBody(r.req);
      if (typeof body.enabled !== 'boolean') throw new ApiFailure(400, 'enabled: This field is required.');
      for (const row of bulk(r, listWorkflows(r))) update(row.id, { ...parse(row), enabled: body.enabled });
      sendJson(r.res, { status: 200, body: listWorkflows(r).map(serializeWorkflow) });
    }],
    ['DELETE', new RegExp(`^/api/0/organizations/${org}/workflows/$`), (r) => {
      ctx.checkOrg(r.params[0]!);
      for (const row of bulk(r, listWorkflows(r))) remove(row.id);
      sendJson(r.res, { status: 204 });
    }],
    ['GET', new RegExp(`^/api/0/organizations/${org}/workflows/(\\d+)/$`), (r) => {
      ctx.checkOrg(r.params[0]!);
      sendJson(r.res, { status: 200, body: serializeWorkflow(one('workflow', r.params[1]!)) });
    }],
    ['PUT', new RegExp(`^/api/0/organizations/${org}/workflows/(\\d+)/$`), async (r) => {
      ctx.checkOrg(r.params[0]!);
      const row = one('workflow', r.params[1]!);
      update(row.id, await workflowBody(r));
      sendJson(r.res, { status: 200, body: serializeWorkflow(one('workflow', r.params[1]!)) });
    }],
    ['DELETE', new RegExp(`^/api/0/organizations/${org}/workflows/(\\d+)/$`), (r) => {
      ctx.checkOrg(r.params[0]!);
      remove(one('workflow', r.params[1]!).id);
      sendJson(r.res, { status: 204 });
    }],
  ];
}
