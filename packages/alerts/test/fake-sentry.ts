/* eslint-disable @typescript-eslint/no-explicit-any -- the fake stores arbitrary JSON bodies, as Sentry does */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: any;
}

export type Json = Record<string, any>;

/** Fake state: one org `acme`, project `api` (id 42) with its system error monitor (id 1). */
export interface FakeState {
  project: Json;
  detectors: Json[];
  workflows: Json[];
  rules: Json[];
  alertRules: Json[];
  /** Answer for events-timeseries (retention probe). */
  timeseries: { status: number; body: unknown };
}

export interface FakeSentry {
  baseUrl: string;
  requests: RecordedRequest[];
  state: FakeState;
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

const ORG = 'acme';
const now = (): string => new Date().toISOString();

/**
 * A loopback Sentry that follows the published contract for the endpoints the provisioner uses:
 * camelCase responses with the documented required fields, server-added keys echoed back (ids,
 * dates, `name` on legacy conditions), detector queries returned under `queryObj.snubaQuery`,
 * `Link` headers with `results="false"`, `{detail}` errors.
 */
export async function startFakeSentry(opts: { withErrorDetector?: boolean } = {}): Promise<FakeSentry> {
  let nextId = 100;
  const state: FakeState = {
    project: { id: '42', slug: 'api', name: 'API', fingerprintingRules: '', sensitiveFields: [], safeFields: [], scrubIPAddresses: false, dataScrubber: false, dataScrubberDefaults: false },
    detectors:
      opts.withErrorDetector === false
        ? []
        : [{ id: '1', projectId: '42', name: 'Error Monitor', type: 'error', enabled: true, workflowIds: [], dataSources: null, conditionGroup: null, config: {}, owner: null, createdBy: null, description: null, latestGroup: null, dateCreated: now(), dateUpdated: now() }],
    workflows: [],
    rules: [],
    alertRules: [],
    timeseries: { status: 200, body: { timeSeries: [{ yAxis: 'count()', values: [{ timestamp: Date.now() - 40 * 86_400_000, value: 3 }, { timestamp: Date.now(), value: 5 }], meta: { interval: 86400 } }], meta: { dataset: 'errors' } } },
  };
  const requests: RecordedRequest[] = [];

  const detectorOut = (d: Json): Json => ({
    ...d,
    dataSources: Array.isArray(d.dataSources)
      ? d.dataSources.map((s: Json, i: number) => ({ id: String(i + 1), organizationId: '1', type: 'snuba_query_subscription', sourceId: '9', queryObj: { id: '7', status: 0, subscription: 's', snubaQuery: { id: '8', ...s } } }))
      : d.dataSources,
  });

  function route(req: RecordedRequest): { status: number; body?: unknown } {
    const p = req.path;
    const m = (re: RegExp): RegExpExecArray | null => re.exec(p);
    let match: RegExpExecArray | null;
    if (req.headers.authorization !== 'Bearer test-token') return { status: 401, body: { detail: 'Invalid token' } };
    if (p === `/api/0/projects/${ORG}/api/`) {
      if (req.method === 'GET') return { status: 200, body: state.project };
      if (req.method === 'PUT') {
        Object.assign(state.project, req.body);
        return { status: 200, body: state.project };
      }
    }
    if (p === `/api/0/organizations/${ORG}/detectors/` && req.method === 'GET') {
      const projects = req.query.getAll('project');
      return { status: 200, body: state.detectors.filter((d) => projects.length === 0 || projects.includes(d.projectId)).map(detectorOut) };
    }
    if (p === `/api/0/organizations/${ORG}/projects/api/detectors/` && req.method === 'POST') {
      if (!req.body?.name || !req.body?.type) return { status: 400, body: { name: ['This field is required.'] } };
      const d = { ...req.body, id: String(nextId++), projectId: '42', workflowIds: [], owner: null, createdBy: null, description: null, latestGroup: null, dateCreated: now(), dateUpdated: now() };
      state.detectors.push(d);
      return { status: 201, body: detectorOut(d) };
    }
    if ((match = m(/^\/api\/0\/organizations\/acme\/detectors\/(\d+)\/$/)) && req.method === 'PUT') {
      const d = state.detectors.find((x) => x.id === match![1]);
      if (!d) return { status: 404, body: { detail: 'The requested resource does not exist' } };
      Object.assign(d, req.body, { dateUpdated: now() });
      return { status: 200, body: detectorOut(d) };
    }
    if (p === `/api/0/organizations/${ORG}/workflows/`) {
      if (req.method === 'GET') return { status: 200, body: state.workflows };
      if (req.method === 'POST') {
        const w = { ...req.body, id: String(nextId++), organizationId: '1', createdBy: null, owner: null, lastTriggered: null, dateCreated: now(), dateUpdated: now() };
        w.detectorIds = (w.detectorIds ?? []).map(String);
        state.workflows.push(w);
        return { status: 201, body: w };
      }
    }
    if ((match = m(/^\/api\/0\/organizations\/acme\/workflows\/(\d+)\/$/)) && req.method === 'PUT') {
      const w = state.workflows.find((x) => x.id === match![1]);
      if (!w) return { status: 404, body: { detail: 'The requested resource does not exist' } };
      Object.assign(w, req.body, { dateUpdated: now() });
      w.detectorIds = (w.detectorIds ?? []).map(String);
      return { status: 200, body: w };
    }
    const legacyRule = (body: Json, id: string): Json => ({
      ...body,
      id,
      // Sentry echoes a human label on each condition; the provisioner must not read it as drift.
      conditions: (body.conditions ?? []).map((c: Json) => ({ ...c, name: 'A new issue is created' })),
      projects: ['api'],
      status: 'active',
      snooze: false,
      dateCreated: now(),
      createdBy: null,
    });
    if (p === `/api/0/projects/${ORG}/api/rules/`) {
      if (req.method === 'GET') return { status: 200, body: state.rules };
      if (req.method === 'POST') {
        if (!(req.body.frequency >= 5 && req.body.frequency <= 43200)) return { status: 400, body: { frequency: ['Ensure this value is greater than or equal to 5.'] } };
        const r = legacyRule(req.body, String(nextId++));
        state.rules.push(r);
        return { status: 201, body: r };
      }
    }
    if ((match = m(/^\/api\/0\/projects\/acme\/api\/rules\/(\d+)\/$/)) && req.method === 'PUT') {
      const i = state.rules.findIndex((x) => x.id === match![1]);
      if (i < 0) return { status: 404, body: { detail: 'The requested resource does not exist' } };
      state.rules[i] = legacyRule(req.body, match[1]!);
      return { status: 200, body: state.rules[i] };
    }
    const metricRule = (body: Json, id: string): Json => ({
      ...body,
      id,
      organizationId: '1',
      triggers: (body.triggers ?? []).map((t: Json) => ({ ...t, id: '5', alertRuleId: id, thresholdType: 0, resolveThreshold: null, dateCreated: now(), actions: t.actions.map((a: Json) => ({ ...a, id: '6', alertRuleTriggerId: '5', inputChannelId: null, sentryAppId: null, dateCreated: now() })) })),
      dateCreated: now(),
      dateModified: now(),
      createdBy: { id: 1, name: 'Ops', email: 'ops@example.com' },
    });
    if (p === `/api/0/organizations/${ORG}/alert-rules/`) {
      if (req.method === 'GET') return { status: 200, body: state.alertRules };
      if (req.method === 'POST') {
        if (![1, 5, 10, 15, 30, 60, 120, 240, 1440].includes(req.body.timeWindow)) return { status: 400, body: { timeWindow: ['Invalid time window'] } };
        const r = metricRule(req.body, String(nextId++));
        state.alertRules.push(r);
        return { status: 201, body: r };
      }
    }
    if ((match = m(/^\/api\/0\/organizations\/acme\/alert-rules\/(\d+)\/$/)) && req.method === 'PUT') {
      const i = state.alertRules.findIndex((x) => x.id === match![1]);
      if (i < 0) return { status: 404, body: { detail: 'The requested resource does not exist' } };
      state.alertRules[i] = metricRule(req.body, match[1]!);
      return { status: 200, body: state.alertRules[i] };
    }
    if (p === `/api/0/organizations/${ORG}/events-timeseries/` && req.method === 'GET') return state.timeseries;
    return { status: 404, body: { detail: 'The requested resource does not exist' } };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: text ? JSON.parse(text) : undefined };
      requests.push(recorded);
      const answer = route(recorded);
      const self = `http://127.0.0.1${url.pathname}?`;
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        link: `<${self}&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <${self}&cursor=0:100:0>; rel="next"; results="false"; cursor="0:100:0"`,
      });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    state,
    writes: () => requests.filter((r) => r.method !== 'GET'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
