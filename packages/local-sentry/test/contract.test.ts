 
// Every response our Web API gives, validated against the response schema of Sentry's published
// OpenAPI document (and, for the legacy alert-rule paths removed from it in 2026-05, against the
// last document that had them).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, start } from './helpers';
import { seed } from './fixtures';
import type { LocalSentry } from '../src/types';

/** `shared/` lives beside the repository root; look for it in each ancestor folder. */
function findShared(file: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'sentry-api', file);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
const DOC = findShared('openapi.json');
const LEGACY = findShared('openapi-legacy-alert-rules.json');
const present = DOC !== undefined;
if (!present) {
  // Visible in the test output: the contract is not checked when the document is missing.
  process.stderr.write("contract test SKIPPED: Sentry's OpenAPI document (shared/sentry-api/openapi.json) was not found beside the repository\n");
}

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };

function loadPaths(): Doc['paths'] {
  const main = JSON.parse(readFileSync(DOC!, 'utf8')) as Doc;
  const legacy = LEGACY !== undefined ? (JSON.parse(readFileSync(LEGACY, 'utf8')) as Doc) : { paths: {} };
  return { ...legacy.paths, ...main.paths };
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

interface Call {
  method: string;
  template: string;
  path: string;
  status: number;
  body?: unknown;
}

describe.skipIf(!present)("Web API responses match Sentry's OpenAPI response schemas", () => {
  let server: LocalSentry;
  let paths: Doc['paths'];
  const calls: Call[] = [];
  const org = '/api/0/organizations/{organization_id_or_slug}';
  const proj = '/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}';

  beforeAll(async () => {
    paths = loadPaths();
    server = await start();
    await seed(server);
    const issues = (await api(server, '/organizations/local/issues/?query=')).body;
    const issueId = issues[0].id;
    const eventId = (await api(server, `/organizations/local/issues/${issueId}/events/`)).body[0].eventID;
    const errorDetector = (await api(server, '/organizations/local/detectors/?project=1&query=type:error')).body[0].id;
    const detectorBody = {
      name: 'errors > 10/min',
      type: 'metric_issue',
      dataSources: [{ aggregate: 'count()', dataset: 'events', eventTypes: ['error', 'default'], query: '', queryType: 0, timeWindow: 60, environment: null }],
      config: { detectionType: 'static' },
      conditionGroup: { logicType: 'any', conditions: [{ type: 'gt', comparison: 10, conditionResult: 75 }, { type: 'lte', comparison: 10, conditionResult: 0 }], actions: [] },
      workflowIds: [],
    };
    const workflowBody = {
      name: 'new issue',
      enabled: true,
      detectorIds: [errorDetector],
      config: { frequency: 30 },
      triggers: { logicType: 'any-short', conditions: [{ type: 'first_seen_event', comparison: true, conditionResult: true }], actions: [] },
      actionFilters: [{ logicType: 'all', conditions: [], actions: [{ type: 'webhook', integrationId: null, data: {}, config: { targetType: 'specific', targetIdentifier: 'hooks', targetDisplay: null }, status: 'active' }] }],
    };
    const ruleBody = {
      name: 'errors: new',
      actionMatch: 'any',
      filterMatch: 'all',
      conditions: [{ id: 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition' }],
      filters: [{ id: 'sentry.rules.filters.level.LevelFilter', match: 'gte', level: '40' }],
      actions: [{ id: 'sentry.rules.actions.notify_event_service.NotifyEventServiceAction', service: 'webhooks' }],
      frequency: 30,
    };
    const detector = await api(server, '/organizations/local/projects/local/detectors/', { method: 'POST', body: detectorBody });
    const workflow = await api(server, '/organizations/local/workflows/', { method: 'POST', body: workflowBody });
    const rule = await api(server, '/projects/local/local/rules/', { method: 'POST', body: ruleBody });
    const metricBody = {
      name: 'errors > 10/min',
      projects: ['local'],
      dataset: 'events',
      queryType: 0,
      eventTypes: ['error', 'default'],
      query: '',
      aggregate: 'count()',
      timeWindow: 1,
      thresholdType: 0,
      resolveThreshold: 10,
      triggers: [{ label: 'critical', alertThreshold: 10, actions: [{ type: 'email', targetType: 'team', targetIdentifier: '2378589792734981' }] }],
    };
    const metric = await api(server, '/organizations/local/alert-rules/', { method: 'POST', body: metricBody });
    calls.push(
      { method: 'get', template: `${proj}/stats/`, path: '/projects/local/local/stats/?stat=received&resolution=1h', status: 200 },
      { method: 'get', template: `${org}/stats_v2/`, path: '/organizations/local/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=category&statsPeriod=24h', status: 200 },
      { method: 'get', template: `${org}/issues/`, path: '/organizations/local/issues/?query=is:unresolved&statsPeriod=14d', status: 200 },
      { method: 'get', template: `${proj}/issues/`, path: '/projects/local/local/issues/?query=', status: 200 },
      { method: 'get', template: `${org}/issues/{issue_id}/`, path: `/organizations/local/issues/${issueId}/`, status: 200 },
      { method: 'get', template: `${org}/issues/{issue_id}/events/`, path: `/organizations/local/issues/${issueId}/events/`, status: 200 },
      { method: 'get', template: `${org}/issues/{issue_id}/events/{event_id}/`, path: `/organizations/local/issues/${issueId}/events/latest/`, status: 200 },
      { method: 'get', template: `${org}/issues/{issue_id}/events/{event_id}/`, path: `/organizations/local/issues/${issueId}/events/${eventId}/`, status: 200 },
      { method: 'get', template: `${org}/events-timeseries/`, path: '/organizations/local/events-timeseries/?dataset=errors&interval=60&statsPeriod=1h', status: 200 },
      { method: 'get', template: `${org}/detectors/`, path: '/organizations/local/detectors/?project=1', status: 200 },
      { method: 'get', template: `${org}/detectors/{detector_id}/`, path: `/organizations/local/detectors/${detector.body.id}/`, status: 200 },
      { method: 'put', template: `${org}/detectors/{detector_id}/`, path: `/organizations/local/detectors/${detector.body.id}/`, status: 200, body: { ...detectorBody, name: 'renamed' } },
      { method: 'get', template: `${org}/workflows/`, path: '/organizations/local/workflows/', status: 200 },
      { method: 'get', template: `${org}/workflows/{workflow_id}/`, path: `/organizations/local/workflows/${workflow.body.id}/`, status: 200 },
      { method: 'put', template: `${org}/workflows/{workflow_id}/`, path: `/organizations/local/workflows/${workflow.body.id}/`, status: 200, body: { ...workflowBody, name: 'renamed' } },
      { method: 'get', template: `${proj}/rules/`, path: '/projects/local/local/rules/', status: 200 },
      { method: 'get', template: `${proj}/rules/{rule_id}/`, path: `/projects/local/local/rules/${rule.body.id}/`, status: 200 },
      { method: 'put', template: `${proj}/rules/{rule_id}/`, path: `/projects/local/local/rules/${rule.body.id}/`, status: 200, body: { ...ruleBody, name: 'renamed' } },
      { method: 'put', template: `${org}/detectors/`, path: `/organizations/local/detectors/?id=${detector.body.id}`, status: 200, body: { enabled: false } },
      { method: 'put', template: `${org}/workflows/`, path: `/organizations/local/workflows/?id=${workflow.body.id}`, status: 200, body: { enabled: false } },
      { method: 'get', template: `${org}/alert-rules/`, path: '/organizations/local/alert-rules/', status: 200 },
      { method: 'get', template: `${org}/alert-rules/{alert_rule_id}/`, path: `/organizations/local/alert-rules/${metric.body.id}/`, status: 200 },
      { method: 'put', template: `${org}/alert-rules/{alert_rule_id}/`, path: `/organizations/local/alert-rules/${metric.body.id}/`, status: 200, body: { ...metricBody, name: 'renamed' } },
      { method: 'delete', template: `${org}/alert-rules/{alert_rule_id}/`, path: `/organizations/local/alert-rules/${metric.body.id}/`, status: 202 },
      { method: 'delete', template: `${proj}/rules/{rule_id}/`, path: `/projects/local/local/rules/${rule.body.id}/`, status: 202 },
      { method: 'delete', template: `${org}/workflows/{workflow_id}/`, path: `/organizations/local/workflows/${workflow.body.id}/`, status: 204 },
      { method: 'delete', template: `${org}/detectors/{detector_id}/`, path: `/organizations/local/detectors/${detector.body.id}/`, status: 204 },
    );
    // The creates themselves are contract-checked too.
    createResults.push(
      { call: { method: 'post', template: `${org}/projects/{project_id_or_slug}/detectors/`, path: '', status: 201 }, response: detector },
      { call: { method: 'post', template: `${org}/workflows/`, path: '', status: 201 }, response: workflow },
      { call: { method: 'post', template: `${proj}/rules/`, path: '', status: 201 }, response: rule },
      { call: { method: 'post', template: `${org}/alert-rules/`, path: '', status: 201 }, response: metric },
    );
  });
  const createResults: Array<{ call: Call; response: { status: number; body: unknown } }> = [];

  afterAll(async () => {
    await server?.close();
  });

  function validate(call: Call, response: { status: number; body: unknown }): void {
    expect(response.status, `${call.method.toUpperCase()} ${call.path}`).toBe(call.status);
    const operation = paths[call.template]?.[call.method];
    expect(operation, `${call.method} ${call.template} is in the document`).toBeDefined();
    const schema = operation!.responses[String(call.status)]?.content?.['application/json']?.schema;
    if (schema === undefined) return; // the document gives no body schema for this status
    const check = ajv.compile(schema as object);
    const ok = check(response.body);
    expect(ok ? [] : check.errors!.slice(0, 20).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`), `${call.method.toUpperCase()} ${call.path}`).toEqual([]);
  }

  it('validates every GET/PUT response', async () => {
    expect(calls.length).toBeGreaterThan(10);
    for (const call of calls) validate(call, await api(server, call.path, { method: call.method.toUpperCase(), ...(call.body ? { body: call.body } : {}) }));
  });

  it('validates the create (POST) responses', () => {
    for (const { call, response } of createResults) validate(call, response);
  });
});
