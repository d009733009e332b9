// Maps alert configuration stored through Sentry's APIs (legacy issue-alert rules, Monitors
// "detectors" and Alerts "workflows") back onto the AlertRule types of @causal-organism/alerts,
// so the evaluator sees one rule model whichever API the provisioner used.
import type { AlertAction, AlertRule } from '@causal-organism/alerts';
import { asRecord, asString } from './internal/event';

/** One stored configuration row. */
export interface ConfigRow {
  id: number;
  kind: 'rule' | 'metric' | 'detector' | 'workflow';
  project_id: number | null;
  body: string;
}

/** A rule with where it came from and which projects it watches (null: all). */
export interface SourcedRule {
  key: string;
  rule: AlertRule;
  projectIds: number[] | null;
}

/** Sentry's numeric level filter values. */
const LEVEL_NUMBERS: Record<string, number> = { fatal: 50, error: 40, warning: 30, info: 20, debug: 10 };
type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';
const ALL_LEVELS: Level[] = ['fatal', 'error', 'warning', 'info', 'debug'];

/** Legacy interval strings and workflow intervals, in seconds. */
const INTERVALS: Record<string, number> = { '1m': 60, '5m': 300, '10m': 600, '15m': 900, '30m': 1800, '1h': 3600, '1d': 86_400, '1w': 604_800, '30d': 2_592_000 };

export function levelsMatching(match: string, level: number): Level[] {
  return ALL_LEVELS.filter((l) => {
    const n = LEVEL_NUMBERS[l]!;
    return match === 'eq' ? n === level : match === 'lte' ? n <= level : n >= level;
  });
}

/** Several level conditions: `any` is their union, `all` their intersection; none means every level. */
function combineLevels(sets: Level[][], logic: 'any' | 'all'): Level[] {
  if (sets.length === 0) return ALL_LEVELS;
  return ALL_LEVELS.filter((l) => (logic === 'any' ? sets.some((s) => s.includes(l)) : sets.every((s) => s.includes(l))));
}

/** What local-sentry can deliver to, by Sentry action. */
export interface ActionTargets {
  slackWebhooks: Record<string, string>;
  webhookUrls: string[];
}

function legacyAction(action: Record<string, unknown>, targets: ActionTargets): AlertAction[] {
  const id = asString(action.id) ?? '';
  if (id.endsWith('SlackNotifyServiceAction')) return [{ type: 'slack', workspace: text(action.workspace, ''), channel: text(action.channel, '') }];
  if (id.endsWith('NotifyEventServiceAction') || id.endsWith('NotifyEventSentryAppAction') || id.endsWith('notify_event.NotifyEventAction')) {
    return targets.webhookUrls.map((url) => ({ type: 'webhook', url, format: 'generic' }));
  }
  if (id.endsWith('NotifyEmailAction')) return [{ type: 'email', target: `${text(action.targetType, 'team').toLowerCase()}:${text(action.targetIdentifier, '')}` }];
  return [];
}

function workflowAction(action: Record<string, unknown>, targets: ActionTargets): AlertAction[] {
  const type = asString(action.type) ?? '';
  const config = asRecord(action.config) ?? {};
  if (type === 'slack') return [{ type: 'slack', workspace: text(action.integrationId, ''), channel: text(config.targetDisplay, text(config.targetIdentifier)) }];
  if (type === 'webhook' || type === 'sentry_app' || type === 'plugin') {
    // The alerts provisioner puts the webhook URL in `targetDisplay`; Sentry itself posts to the project's plugin URLs.
    const display = text(config.targetDisplay);
    if (/^https?:\/\//.test(display)) return [{ type: 'webhook', url: display, format: 'generic' }];
    return targets.webhookUrls.map((url) => ({ type: 'webhook', url, format: 'generic' }));
  }
  if (type === 'email') return [{ type: 'email', target: `${text(config.targetType, 'team')}:${text(config.targetIdentifier, '')}` }];
  if (type === 'pagerduty') return [{ type: 'pagerduty', service: text(config.targetIdentifier, '') }];
  return [];
}

/** A scalar as text; objects and missing values give the fallback. */
function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : fallback;
}

function records(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.map(asRecord).filter((r): r is Record<string, unknown> => r !== undefined) : [];
}

function environmentOf(body: Record<string, unknown>): { environment?: string } {
  const env = asString(body.environment);
  return env ? { environment: env } : {};
}

/** A legacy `/rules/` body to AlertRules: first-seen → new-issue, event frequency → error-rate. */
export function rulesFromLegacy(row: ConfigRow, targets: ActionTargets): SourcedRule[] {
  const body = asRecord(JSON.parse(row.body)) ?? {};
  const name = asString(body.name) ?? `rule ${row.id}`;
  const actions = records(body.actions).flatMap((a) => legacyAction(a, targets));
  const cooldownMinutes = typeof body.frequency === 'number' ? body.frequency : 30;
  const levelFilters = records(body.filters).filter((f) => asString(f.id)?.endsWith('LevelFilter'));
  const levels = combineLevels(
    levelFilters.map((f) => levelsMatching(text(f.match, 'eq'), Number(f.level))),
    body.filterMatch === 'any' ? 'any' : 'all',
  );
  const projects = row.project_id === null ? null : [row.project_id];
  const out: SourcedRule[] = [];
  for (const condition of records(body.conditions)) {
    const id = asString(condition.id) ?? '';
    if (id.endsWith('FirstSeenEventCondition')) {
      out.push({ key: `rule:${row.id}:new`, projectIds: projects, rule: { kind: 'new-issue', name, levels, actions, cooldownMinutes, ...environmentOf(body) } });
    } else if (id.endsWith('event_frequency.EventFrequencyCondition')) {
      out.push({
        key: `rule:${row.id}:rate`,
        projectIds: projects,
        rule: { kind: 'error-rate', name, threshold: Number(condition.value ?? 0), windowSeconds: INTERVALS[String(condition.interval)] ?? 60, actions, cooldownMinutes, ...environmentOf(body) },
      });
    }
  }
  return out;
}

/** Detectors and workflows to AlertRules: metric_issue detectors give error-rate rules, workflows on error detectors give new-issue rules. */
export function rulesFromWorkflowEngine(rows: ConfigRow[], targets: ActionTargets): SourcedRule[] {
  const detectors = new Map<string, { row: ConfigRow; body: Record<string, unknown> }>();
  for (const row of rows.filter((r) => r.kind === 'detector')) detectors.set(String(row.id), { row, body: asRecord(JSON.parse(row.body)) ?? {} });
  const out: SourcedRule[] = [];
  const actionsByDetector = new Map<string, AlertAction[]>();
  for (const row of rows.filter((r) => r.kind === 'workflow')) {
    const body = asRecord(JSON.parse(row.body)) ?? {};
    if (body.enabled === false) continue;
    const filters = records(body.actionFilters);
    const actions = filters.flatMap((f) => records(f.actions).flatMap((a) => workflowAction(a, targets)));
    const detectorIds = Array.isArray(body.detectorIds) ? body.detectorIds.map(String) : [];
    for (const id of detectorIds) actionsByDetector.set(id, [...(actionsByDetector.get(id) ?? []), ...actions]);
    const triggers = records(asRecord(body.triggers)?.conditions);
    // Each action filter narrows by level: its level conditions combine by its logicType.
    const levels = filters.reduce<Level[]>((acc, f) => {
      const sets = records(f.conditions)
        .filter((c) => c.type === 'level')
        .map((c) => asRecord(c.comparison) ?? {})
        .map((c) => levelsMatching(text(c.match, 'eq'), Number(c.level)));
      const here = combineLevels(sets, f.logicType === 'any' || f.logicType === 'any-short' ? 'any' : 'all');
      return acc.filter((l) => here.includes(l));
    }, ALL_LEVELS);
    const name = asString(body.name) ?? `workflow ${row.id}`;
    const config = asRecord(body.config) ?? {};
    const cooldownMinutes = typeof config.frequency === 'number' ? config.frequency : 30;
    const errorDetectors = detectorIds.map((id) => detectors.get(id)).filter((d) => d !== undefined && d.body.type === 'error');
    const projectIds = errorDetectors.length > 0 ? errorDetectors.map((d) => d!.row.project_id!).filter((p) => p !== null) : null;
    if (triggers.some((c) => c.type === 'first_seen_event')) {
      out.push({ key: `workflow:${row.id}:new`, projectIds, rule: { kind: 'new-issue', name, levels, actions, cooldownMinutes, ...environmentOf(body) } });
    }
    const frequency = [...triggers, ...filters.flatMap((f) => records(f.conditions))].find((c) => c.type === 'event_frequency_count');
    const freq = asRecord(frequency?.comparison);
    if (freq) {
      out.push({
        key: `workflow:${row.id}:rate`,
        projectIds,
        rule: { kind: 'error-rate', name, threshold: Number(freq.value ?? 0), windowSeconds: INTERVALS[String(freq.interval)] ?? 60, actions, cooldownMinutes, ...environmentOf(body) },
      });
    }
  }
  for (const [id, { row, body }] of detectors) {
    if (body.type !== 'metric_issue' || body.enabled === false) continue;
    const source = records(body.dataSources)[0] ?? {};
    const query = asRecord(asRecord(asRecord(source.queryObj)?.snubaQuery)) ?? source;
    const high = records(asRecord(body.conditionGroup)?.conditions).find((c) => c.type === 'gt' && Number(c.conditionResult) > 0);
    if (!high) continue;
    const env = asString(query.environment);
    out.push({
      key: `detector:${id}`,
      projectIds: row.project_id === null ? null : [row.project_id],
      rule: {
        kind: 'error-rate',
        name: asString(body.name) ?? `monitor ${id}`,
        threshold: Number(high.comparison),
        windowSeconds: Number(query.timeWindow ?? 60),
        actions: actionsByDetector.get(id) ?? [],
        ...(env ? { environment: env } : {}),
      },
    });
  }
  return out;
}

/** Legacy metric alert actions (`type`, `targetIdentifier`, `integrationId`) to AlertActions. */
function metricAction(action: Record<string, unknown>, targets: ActionTargets): AlertAction[] {
  const type = text(action.type);
  if (type === 'slack') return [{ type: 'slack', workspace: text(action.integrationId), channel: text(action.targetIdentifier) }];
  if (type === 'sentry_app') return targets.webhookUrls.map((url) => ({ type: 'webhook', url, format: 'generic' }));
  if (type === 'email') return [{ type: 'email', target: `${text(action.targetType, 'team')}:${text(action.targetIdentifier)}` }];
  if (type === 'pagerduty') return [{ type: 'pagerduty', service: text(action.targetIdentifier) }];
  return [];
}

/** A legacy metric alert (`/alert-rules/`, count() above the critical threshold per `timeWindow` minutes) to an error-rate rule. */
export function rulesFromMetricAlert(row: ConfigRow, targets: ActionTargets): SourcedRule[] {
  const body = asRecord(JSON.parse(row.body)) ?? {};
  const triggers = records(body.triggers);
  const critical = triggers.find((t) => t.label === 'critical');
  if (!critical) return [];
  const env = asString(body.environment);
  return [
    {
      key: `metric:${row.id}`,
      projectIds: row.project_id === null ? null : [row.project_id],
      rule: {
        kind: 'error-rate',
        name: asString(body.name) ?? `metric alert ${row.id}`,
        threshold: Number(critical.alertThreshold),
        windowSeconds: Number(body.timeWindow) * 60,
        actions: triggers.flatMap((t) => records(t.actions).flatMap((a) => metricAction(a, targets))),
        ...(env ? { environment: env } : {}),
      },
    },
  ];
}
