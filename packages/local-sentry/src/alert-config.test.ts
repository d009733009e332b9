// The bodies below are what @causal-organism/alerts' provisioner sends (legacy and workflows drivers).
import { expect, it } from 'vitest';
import { rulesFromLegacy, rulesFromMetricAlert, rulesFromWorkflowEngine, type ConfigRow } from './alert-config';

const targets = { slackWebhooks: {}, webhookUrls: ['http://127.0.0.1:1/plugin'] };
const row = (id: number, kind: ConfigRow['kind'], body: unknown, projectId: number | null = 1): ConfigRow => ({ id, kind, project_id: projectId, body: JSON.stringify(body) });

it('maps a legacy new-issue rule with per-level eq filters combined by "any"', () => {
  const [sourced] = rulesFromLegacy(
    row(1, 'rule', {
      name: 'New error type',
      actionMatch: 'all',
      filterMatch: 'any',
      conditions: [{ id: 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition' }],
      filters: [
        { id: 'sentry.rules.filters.level.LevelFilter', match: 'eq', level: '50' },
        { id: 'sentry.rules.filters.level.LevelFilter', match: 'eq', level: '40' },
      ],
      actions: [{ id: 'sentry.rules.actions.notify_event_service.NotifyEventServiceAction', service: 'webhooks' }],
      frequency: 30,
      environment: null,
    }),
    targets,
  );
  expect(sourced!.rule).toEqual({ kind: 'new-issue', name: 'New error type', levels: ['fatal', 'error'], cooldownMinutes: 30, actions: [{ type: 'webhook', url: 'http://127.0.0.1:1/plugin', format: 'generic' }] });
});

it('maps a legacy metric alert to an error-rate rule in seconds', () => {
  const [sourced] = rulesFromMetricAlert(
    row(2, 'metric', { name: 'Error rate above 10/min', aggregate: 'count()', timeWindow: 1, thresholdType: 0, triggers: [{ label: 'critical', alertThreshold: 10, actions: [{ type: 'slack', targetType: 'specific', targetIdentifier: '#alerts', integrationId: 'acme' }] }] }),
    targets,
  );
  expect(sourced!.rule).toEqual({ kind: 'error-rate', name: 'Error rate above 10/min', threshold: 10, windowSeconds: 60, actions: [{ type: 'slack', workspace: 'acme', channel: '#alerts' }] });
});

it('maps a metric monitor with its workflow, and a first-seen workflow on the error monitor', () => {
  const rules = rulesFromWorkflowEngine(
    [
      row(10, 'detector', { name: 'Error Monitor', type: 'error' }),
      row(11, 'detector', {
        name: 'Error rate above 10/min',
        type: 'metric_issue',
        dataSources: [{ aggregate: 'count()', dataset: 'events', eventTypes: ['error', 'default'], query: '', queryType: 0, timeWindow: 60, environment: null }],
        conditionGroup: { logicType: 'any', conditions: [{ type: 'gt', comparison: 10, conditionResult: 75 }, { type: 'lte', comparison: 10, conditionResult: 0 }] },
      }),
      row(12, 'workflow', {
        name: 'Error rate above 10/min',
        detectorIds: [11],
        config: { frequency: 5 },
        triggers: { logicType: 'any-short', conditions: [] },
        actionFilters: [{ logicType: 'all', conditions: [], actions: [{ type: 'webhook', integrationId: null, data: {}, config: { targetType: 'specific', targetIdentifier: 'webhooks', targetDisplay: 'http://127.0.0.1:9/hook' }, status: 'active' }] }],
      }, null),
      row(13, 'workflow', {
        name: 'New error type',
        detectorIds: [10],
        config: { frequency: 30 },
        triggers: { logicType: 'any-short', conditions: [{ type: 'first_seen_event', comparison: true, conditionResult: true }] },
        actionFilters: [{ logicType: 'all', conditions: [{ type: 'level', comparison: { level: 40, match: 'gte' }, conditionResult: true }], actions: [] }],
      }, null),
    ],
    targets,
  );
  expect(rules.map((r) => [r.key, r.projectIds, r.rule])).toEqual([
    ['workflow:13:new', [1], { kind: 'new-issue', name: 'New error type', levels: ['fatal', 'error'], actions: [], cooldownMinutes: 30 }],
    ['detector:11', [1], { kind: 'error-rate', name: 'Error rate above 10/min', threshold: 10, windowSeconds: 60, actions: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook', format: 'generic' }] }],
  ]);
});
