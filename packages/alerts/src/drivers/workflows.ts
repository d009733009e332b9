import * as v from 'valibot';
import { AlertsError } from '../errors';
import type { AlertAction, AlertRule, ErrorRateRule, NewIssueRule, PlanChange } from '../types';
import { allowedCooldown, LEVEL_NUMBER, listByName, reconcile, seg, type DriverContext, type Remote } from './shared';

/** Alert `config.frequency` values Sentry accepts, in minutes. */
const WORKFLOW_FREQUENCIES = [0, 5, 10, 30, 60, 180, 720, 1440] as const;
const ALL_LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'] as const;

/** An AlertAction as a workflow action (`{type, integrationId, data, config, status}`). */
export function workflowAction(action: AlertAction): Record<string, unknown> {
  switch (action.type) {
    case 'email': {
      if (action.target === 'issue-owners') {
        return { type: 'email', integrationId: null, data: { fallthroughType: 'ActiveMembers' }, config: { targetType: 'issue_owners', targetIdentifier: null, targetDisplay: null }, status: 'active' };
      }
      const [kind, id] = [action.target.slice(0, action.target.indexOf(':')), action.target.slice(action.target.indexOf(':') + 1)];
      return { type: 'email', integrationId: null, data: {}, config: { targetType: kind === 'user' ? 'user' : 'team', targetIdentifier: id, targetDisplay: null }, status: 'active' };
    }
    case 'slack':
      return { type: 'slack', integrationId: action.workspace, data: {}, config: { targetType: 'specific', targetIdentifier: action.channel, targetDisplay: action.channel }, status: 'active' };
    case 'webhook':
      // Sentry's webhook action posts to the URLs of the project's WebHooks plugin (local-sentry: `webhookUrls`).
      return { type: 'webhook', integrationId: null, data: {}, config: { targetType: 'specific', targetIdentifier: 'webhooks', targetDisplay: action.url }, status: 'active' };
    case 'pagerduty':
      return {
        type: 'pagerduty',
        integrationId: action.integrationId ?? null,
        data: { priority: action.severity ?? 'default' },
        config: { targetType: 'specific', targetIdentifier: action.service, targetDisplay: action.service },
        status: 'active',
      };
  }
}

/** Level conditions for an action filter: `gte` when the levels are "this and above", else one `eq` each. */
export function levelConditions(levels: NewIssueRule['levels']): { logicType: 'all' | 'any'; conditions: Array<Record<string, unknown>> } {
  const numbers = [...new Set(levels.map((l) => LEVEL_NUMBER[l]!))].sort((a, b) => a - b);
  const min = numbers[0]!;
  const atOrAbove = ALL_LEVELS.map((l) => LEVEL_NUMBER[l]!).filter((n) => n >= min);
  if (numbers.length === ALL_LEVELS.length) return { logicType: 'all', conditions: [] };
  if (atOrAbove.length === numbers.length) return { logicType: 'all', conditions: [{ type: 'level', comparison: { level: min, match: 'gte' }, conditionResult: true }] };
  return { logicType: 'any', conditions: numbers.map((n) => ({ type: 'level', comparison: { level: n, match: 'eq' }, conditionResult: true })) };
}

/** The metric monitor for an error-rate rule. `timeWindow` is in seconds in this API. */
export function detectorBody(rule: ErrorRateRule): Record<string, unknown> {
  return {
    name: rule.name,
    type: 'metric_issue',
    enabled: true,
    dataSources: [
      { aggregate: 'count()', dataset: 'events', eventTypes: ['error', 'default'], query: '', queryType: 0, timeWindow: rule.windowSeconds, environment: rule.environment ?? null },
    ],
    config: { detectionType: 'static' },
    // Strict greater-than fires at high priority; at or below resolves.
    conditionGroup: {
      logicType: 'any',
      conditions: [
        { type: 'gt', comparison: rule.threshold, conditionResult: 75 },
        { type: 'lte', comparison: rule.threshold, conditionResult: 0 },
      ],
    },
  };
}

/** The alert (workflow) that notifies for a rule, attached to `detectorId`. `frequency` is in minutes. */
export function workflowBody(rule: AlertRule, opts: { detectorId: string; frequency: number }): Record<string, unknown> {
  const level = rule.kind === 'new-issue' ? levelConditions(rule.levels) : { logicType: 'all' as const, conditions: [] };
  return {
    name: rule.name,
    enabled: true,
    detectorIds: [/^\d+$/.test(opts.detectorId) ? Number(opts.detectorId) : opts.detectorId],
    environment: rule.environment ?? null,
    config: { frequency: opts.frequency },
    triggers: {
      logicType: 'any-short',
      conditions: rule.kind === 'new-issue' ? [{ type: 'first_seen_event', comparison: true, conditionResult: true }] : [],
    },
    actionFilters: [{ logicType: level.logicType, conditions: level.conditions, actions: rule.actions.map(workflowAction) }],
  };
}

/** Sentry returns a detector's query under `queryObj.snubaQuery`; compare against the fields we send. */
function normalizeDetector(remote: Record<string, unknown>): Record<string, unknown> {
  const sources = Array.isArray(remote.dataSources) ? (remote.dataSources as Array<Record<string, unknown>>) : [];
  return {
    ...remote,
    dataSources: sources.map((s) => {
      const snuba = (s.queryObj as { snubaQuery?: Record<string, unknown> } | undefined)?.snubaQuery;
      return snuba ? { ...s, ...snuba, queryType: s.queryType ?? 0, eventTypes: snuba.eventTypes ?? ['error', 'default'], dataset: 'events' } : s;
    }),
  };
}

const detectorSchema = v.looseObject({ id: v.union([v.string(), v.number()]), name: v.string(), type: v.string() });

/** Provisions rules through Sentry's Monitors (detectors) and Alerts (workflows) API. */
export async function provisionWorkflows(ctx: DriverContext, rules: readonly AlertRule[]): Promise<{ changes: PlanChange[]; unmanaged: string[] }> {
  const orgPath = `/api/0/organizations/${seg(ctx.org)}`;
  const detectors: Array<v.InferOutput<typeof detectorSchema>> = [];
  for await (const d of ctx.http.paginate({ path: `${orgPath}/detectors/`, query: { project: [ctx.projectId] }, itemSchema: detectorSchema, pageSizeParam: false })) detectors.push(d);
  const errorDetector = detectors.find((d) => d.type === 'error');
  if (!errorDetector && rules.some((r) => r.kind === 'new-issue')) {
    throw new AlertsError(
      `Project ${ctx.org}/${ctx.project} has no "error" monitor, so new-issue alerts have nothing to attach to. This Sentry predates the Monitors/Alerts API: use the legacy driver (--driver legacy).`,
      { code: 'unsupported' },
    );
  }
  const metricByName = new Map<string, Remote>();
  for (const d of detectors.filter((x) => x.type === 'metric_issue')) {
    if (metricByName.has(d.name)) throw new AlertsError(`Two monitors are named "${d.name}" in ${ctx.org}/${ctx.project}; rename or delete one.`, { code: 'conflict' });
    metricByName.set(d.name, { id: String(d.id), name: d.name, body: d });
  }
  const projectDetectorIds = new Set(detectors.map((d) => String(d.id)));
  const workflows = await listByName(ctx, {
    path: `${orgPath}/workflows/`,
    query: { project: [ctx.projectId] },
    what: 'alert',
    // Workflows are org-wide; ours are the ones connected to this project's monitors.
    keep: (w) => !Array.isArray(w.detectorIds) || w.detectorIds.length === 0 || w.detectorIds.some((id) => projectDetectorIds.has(String(id))),
  });

  const changes: PlanChange[] = [];
  for (const rule of rules) {
    const frequency = allowedCooldown(ctx, { name: rule.name, minutes: rule.cooldownMinutes ?? 5, allowed: WORKFLOW_FREQUENCIES, driver: 'workflows' });
    let detectorId: string;
    if (rule.kind === 'error-rate') {
      const result = await reconcile(ctx, {
        resource: 'detector',
        name: rule.name,
        desired: detectorBody(rule),
        existing: metricByName.get(rule.name),
        normalize: normalizeDetector,
        createPath: `${orgPath}/projects/${seg(ctx.project)}/detectors/`,
        updatePath: (id) => `${orgPath}/detectors/${seg(id)}/`,
      });
      changes.push(result.change);
      detectorId = result.id;
    } else {
      detectorId = String(errorDetector!.id);
    }
    const result = await reconcile(ctx, {
      resource: 'workflow',
      name: rule.name,
      desired: workflowBody(rule, { detectorId, frequency }),
      existing: workflows.get(rule.name),
      createPath: `${orgPath}/workflows/`,
      updatePath: (id) => `${orgPath}/workflows/${seg(id)}/`,
    });
    changes.push(result.change);
  }
  const names = new Set(rules.map((r) => r.name));
  const unmanaged = [...metricByName.keys(), ...workflows.keys()].filter((n) => !names.has(n));
  return { changes, unmanaged: [...new Set(unmanaged)] };
}

