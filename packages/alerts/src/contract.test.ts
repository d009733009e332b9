import { describe, expect, it } from 'vitest';
import { startFakeSentry } from '../test/fake-sentry';
import { loadContract, openApiPaths } from '@causal-organism/openapi-contract';
import { platformDefaultRules } from './defaults';
import { createAlertsProvisioner } from './provisioner';
import type { AlertDefinitions, ProvisionDriver } from './types';

const contract = loadContract({ legacy: true });
if (!contract) {
  console.warn(`[contract] Sentry OpenAPI document not found at ${openApiPaths().spec}; contract tests are skipped. Set SENTRY_OPENAPI_DIR.`);
}

async function recordRun(driver: ProvisionDriver, defs: AlertDefinitions) {
  const fake = await startFakeSentry();
  try {
    const provisioner = createAlertsProvisioner({ baseUrl: fake.baseUrl, token: 'test-token', org: 'acme', project: 'api', driver, retry: { maxRetries: 0 } });
    await provisioner.apply(defs);
    const changed = { ...defs, rules: defs.rules.map((r) => (r.kind === 'error-rate' ? { ...r, threshold: 25 } : { ...r, levels: ['fatal' as const] })) };
    await provisioner.apply(changed);
    await provisioner.retention();
    return fake.requests;
  } finally {
    await fake.close();
  }
}

describe('contract with Sentry\'s OpenAPI document (and the legacy alert-rules extract)', () => {
  const actions = [{ type: 'email' as const, target: 'team:42' }, { type: 'slack' as const, workspace: '293854098', channel: 'C0123456' }];

  it.skipIf(!contract)('workflows driver: every request is a documented path, method, parameter set and body', async () => {
    const requests = await recordRun('workflows', { rules: platformDefaultRules({ actions: [...actions, { type: 'webhook', url: 'http://127.0.0.1:9/' }], environment: 'production' }), fingerprintRules: 'x -> y' });
    expect(new Set(requests.map((r) => `${r.method} ${contract!.operationFor(r.method, r.path)?.template}`))).toEqual(
      new Set([
        'GET /api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/',
        'PUT /api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/',
        'GET /api/0/organizations/{organization_id_or_slug}/detectors/',
        'POST /api/0/organizations/{organization_id_or_slug}/projects/{project_id_or_slug}/detectors/',
        'PUT /api/0/organizations/{organization_id_or_slug}/detectors/{detector_id}/',
        'GET /api/0/organizations/{organization_id_or_slug}/workflows/',
        'POST /api/0/organizations/{organization_id_or_slug}/workflows/',
        'PUT /api/0/organizations/{organization_id_or_slug}/workflows/{workflow_id}/',
        'GET /api/0/organizations/{organization_id_or_slug}/events-timeseries/',
      ]),
    );
    const problems = requests.flatMap((r) => [...contract!.checkRequest(r), ...(r.body === undefined ? [] : contract!.checkBody(r, r.body))]);
    expect(problems).toEqual([]);
  });

  it.skipIf(!contract)('legacy driver: every request matches the legacy rules and alert-rules operations', async () => {
    const requests = await recordRun('legacy', { rules: platformDefaultRules({ actions, environment: 'production' }), scrubbing: false });
    expect(requests.some((r) => r.path.endsWith('/rules/') && r.method === 'POST')).toBe(true);
    expect(requests.some((r) => r.path.endsWith('/alert-rules/') && r.method === 'POST')).toBe(true);
    const problems = requests.flatMap((r) => [...contract!.checkRequest(r), ...(r.body === undefined ? [] : contract!.checkBody(r, r.body))]);
    expect(problems).toEqual([]);
  });

  it.skipIf(!contract)('the body checker rejects what Sentry would reject', () => {
    const detectors = { method: 'POST', path: '/api/0/organizations/acme/projects/api/detectors/' };
    expect(contract!.checkBody(detectors, { type: 'metric_issue' })).not.toEqual([]);
    expect(contract!.checkBody({ method: 'POST', path: '/api/0/projects/acme/api/rules/' }, { name: 'x', actionMatch: 'all', conditions: [], actions: [], frequency: 1 })).not.toEqual([]);
  });

  it.skipIf(!contract)('the fake answers with bodies that validate against the documented response schemas', async () => {
    const fake = await startFakeSentry();
    try {
      const provisioner = createAlertsProvisioner({ baseUrl: fake.baseUrl, token: 'test-token', org: 'acme', project: 'api', retry: { maxRetries: 0 } });
      await provisioner.apply({ rules: platformDefaultRules({ actions }), scrubbing: false });
      const base = fake.baseUrl;
      for (const path of ['/api/0/organizations/acme/detectors/?project=42', '/api/0/organizations/acme/workflows/']) {
        const res = await fetch(`${base}${path}`, { headers: { authorization: 'Bearer test-token' } });
        expect(contract!.checkResponse({ method: 'GET', path: new URL(path, base).pathname }, 200, await res.json()), path).toEqual([]);
      }
      const legacy = createAlertsProvisioner({ baseUrl: base, token: 'test-token', org: 'acme', project: 'api', driver: 'legacy', retry: { maxRetries: 0 } });
      await legacy.apply({ rules: platformDefaultRules({ actions }), scrubbing: false });
      for (const path of ['/api/0/projects/acme/api/rules/', '/api/0/organizations/acme/alert-rules/']) {
        const res = await fetch(`${base}${path}`, { headers: { authorization: 'Bearer test-token' } });
        expect(contract!.checkResponse({ method: 'GET', path }, 200, await res.json()), path).toEqual([]);
      }
    } finally {
      await fake.close();
    }
  });
});
