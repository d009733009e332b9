import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSentry, type FakeSentry, type Json } from '../test/fake-sentry';
import { platformDefaultRules } from './defaults';
import { recommendedScrubbing } from './definitions';
import { AlertsError } from './errors';
import { createAlertsProvisioner } from './provisioner';
import type { AlertDefinitions, ProvisionDriver } from './types';

let fake: FakeSentry | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const actions = [
  { type: 'webhook' as const, url: 'http://127.0.0.1:9/hook' },
  { type: 'email' as const, target: 'team:4524986223' },
];
const FINGERPRINTS = 'error.type:ExportError -> export-error, {{ error.type }}\n';
const defs = (): AlertDefinitions => ({ rules: platformDefaultRules({ actions, environment: 'production' }), fingerprintRules: FINGERPRINTS });

async function setup(driver: ProvisionDriver = 'workflows', opts: { withErrorDetector?: boolean } = {}) {
  fake = await startFakeSentry(opts);
  return createAlertsProvisioner({ baseUrl: fake.baseUrl, token: 'test-token', org: 'acme', project: 'api', driver, retry: { maxRetries: 0 } });
}

describe('workflows driver (Monitors and Alerts API)', () => {
  it('plan reads only and lists what apply would create', async () => {
    const provisioner = await setup();
    const plan = await provisioner.plan(defs());
    expect(fake!.writes()).toEqual([]);
    expect(plan.changes.map((c) => `${c.action} ${c.resource} ${c.name}`)).toEqual([
      'create detector Error rate above 10/min',
      'create workflow Error rate above 10/min',
      'create workflow New error type',
      'update project-settings api',
    ]);
    expect(plan.changes[3]!.changes).toEqual(expect.arrayContaining(['fingerprintingRules', 'scrubIPAddresses', 'sensitiveFields']));
  });

  it('apply creates a metric monitor (timeWindow in seconds, strict gt) and alerts (frequency in minutes)', async () => {
    const provisioner = await setup();
    await provisioner.apply(defs());
    const detector = fake!.state.detectors.find((d) => d.type === 'metric_issue')!;
    expect(detector.dataSources[0]).toMatchObject({ aggregate: 'count()', timeWindow: 60, environment: 'production' });
    expect(detector.conditionGroup.conditions).toEqual([
      { type: 'gt', comparison: 10, conditionResult: 75 },
      { type: 'lte', comparison: 10, conditionResult: 0 },
    ]);
    const [rate, fresh] = fake!.state.workflows as [Json, Json];
    expect(rate.detectorIds).toEqual([detector.id]);
    expect(rate.config).toEqual({ frequency: 5 });
    expect(fresh.detectorIds).toEqual(['1']);
    expect(fresh.triggers.conditions).toEqual([{ type: 'first_seen_event', comparison: true, conditionResult: true }]);
    expect(fresh.actionFilters[0].conditions).toEqual([{ type: 'level', comparison: { level: 40, match: 'gte' }, conditionResult: true }]);
    expect(fresh.actionFilters[0].actions.map((a: { type: string }) => a.type)).toEqual(['webhook', 'email']);
    expect(fake!.state.project).toMatchObject({ ...recommendedScrubbing, fingerprintingRules: FINGERPRINTS.trim() });
  });

  it('apply twice is a no-op: the second run writes nothing and reports everything unchanged', async () => {
    const provisioner = await setup();
    await provisioner.apply(defs());
    const writes = fake!.writes().length;
    const second = await provisioner.apply(defs());
    expect(fake!.writes()).toHaveLength(writes);
    expect(second.changes.every((c) => c.action === 'unchanged')).toBe(true);
    expect(fake!.state.detectors).toHaveLength(2);
    expect(fake!.state.workflows).toHaveLength(2);
  });

  it('a changed threshold updates the monitor in place, by name, without duplicating it', async () => {
    const provisioner = await setup();
    await provisioner.apply(defs());
    const changed = defs();
    changed.rules[0] = { ...changed.rules[0]!, kind: 'error-rate', threshold: 20, windowSeconds: 300 };
    const plan = await provisioner.plan(changed);
    const detector = plan.changes.find((c) => c.resource === 'detector')!;
    expect(detector.action).toBe('update');
    expect(detector.changes).toEqual(['dataSources[0].timeWindow', 'conditionGroup.conditions[0].comparison', 'conditionGroup.conditions[1].comparison']);
    await provisioner.apply(changed);
    const put = fake!.writes().filter((r) => r.method === 'PUT' && r.path.includes('/detectors/'));
    expect(put).toHaveLength(1);
    expect(fake!.state.detectors.filter((d) => d.type === 'metric_issue')).toHaveLength(1);
    expect(fake!.state.detectors.find((d) => d.type === 'metric_issue')!.dataSources[0].timeWindow).toBe(300);
  });

  it('leaves rules it does not manage alone and reports them', async () => {
    const provisioner = await setup();
    fake!.state.workflows.push({ id: '77', name: 'Hand-made alert', detectorIds: ['1'], enabled: true });
    const plan = await provisioner.apply(defs());
    expect(plan.unmanaged).toEqual(['Hand-made alert']);
    expect(fake!.state.workflows.find((w) => w.id === '77')).toEqual({ id: '77', name: 'Hand-made alert', detectorIds: ['1'], enabled: true });
  });

  it('refuses to guess when two remote alerts share a name', async () => {
    const provisioner = await setup();
    fake!.state.workflows.push({ id: '1', name: 'New error type', detectorIds: ['1'] }, { id: '2', name: 'New error type', detectorIds: ['1'] });
    await expect(provisioner.apply(defs())).rejects.toSatisfy((e) => AlertsError.isInstance(e) && e.code === 'conflict');
    expect(fake!.writes()).toEqual([]);
  });

  it('says to use the legacy driver when the project has no error monitor', async () => {
    const provisioner = await setup('workflows', { withErrorDetector: false });
    await expect(provisioner.plan(defs())).rejects.toThrow(/--driver legacy/);
  });

  it('rounds a cooldown up to a frequency the API accepts, with a warning', async () => {
    const provisioner = await setup();
    const d = defs();
    d.rules = d.rules.map((r) => ({ ...r, cooldownMinutes: 7 }));
    const plan = await provisioner.apply(d);
    expect(plan.warnings).toHaveLength(2);
    expect(fake!.state.workflows.every((w) => w.config.frequency === 10)).toBe(true);
  });

  it('rejects invalid definitions with every problem and its field, before any request', async () => {
    const provisioner = await setup();
    const bad = { rules: [{ kind: 'error-rate', name: 'x', threshold: -1, windowSeconds: 45, actions: [{ type: 'webhook', url: 'nope' }] }] } as unknown as AlertDefinitions;
    const error: unknown = await provisioner.plan(bad).catch((e: unknown) => e);
    expect(AlertsError.isInstance(error) && error.code).toBe('invalid_definitions');
    expect((error as AlertsError).issues).toEqual([
      'rules[0].actions[0].url: must be an absolute http(s) URL',
      'rules[0].threshold: must be >= 0',
      'rules[0].windowSeconds: must be one of 60, 300, 600, 900, 1800, 3600, 7200, 14400, 86400 (the windows Sentry accepts)',
    ]);
    expect(fake!.requests).toEqual([]);
  });
});

describe('legacy driver (/rules/ and /alert-rules/)', () => {
  it('creates an issue alert (first seen, level >= error) and a metric alert (timeWindow in minutes), idempotently', async () => {
    const provisioner = await setup('legacy');
    const d: AlertDefinitions = { rules: platformDefaultRules({ actions: [{ type: 'email', target: 'team:42' }], environment: 'production' }) };
    await provisioner.apply(d);
    const [rule] = fake!.state.rules;
    expect(rule).toMatchObject({
      name: 'New error type',
      actionMatch: 'all',
      conditions: [{ id: 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition' }],
      filters: [{ id: 'sentry.rules.filters.level.LevelFilter', match: 'gte', level: '40' }],
      frequency: 5,
      environment: 'production',
    });
    const [metric] = fake!.state.alertRules;
    expect(metric).toMatchObject({ name: 'Error rate above 10/min', timeWindow: 1, thresholdType: 0, aggregate: 'count()', projects: ['api'], triggers: [{ label: 'critical', alertThreshold: 10 }] });
    const writes = fake!.writes().length;
    const again = await provisioner.apply(d);
    expect(fake!.writes()).toHaveLength(writes);
    expect(again.changes.every((c) => c.action === 'unchanged')).toBe(true);
  });

  it('webhooks on a legacy metric alert are reported as unsupported', async () => {
    const provisioner = await setup('legacy');
    await expect(provisioner.plan(defs())).rejects.toSatisfy((e) => AlertsError.isInstance(e) && e.code === 'unsupported' && /webhooks/.test(e.message));
  });
});

describe('retention', () => {
  it('reports what it can see and documents what it cannot', async () => {
    const provisioner = await setup();
    const report = await provisioner.retention();
    expect(report.queryAccepted).toBe(true);
    expect(report.oldestDataAt).toBeDefined();
    expect(report.note).toMatch(/SENTRY_EVENT_RETENTION_DAYS=90/);
    const q = fake!.requests.at(-1)!.query;
    expect(Object.fromEntries(q)).toMatchObject({ statsPeriod: '90d', interval: '86400', dataset: 'errors', project: '42' });
  });

  it('a refused 90-day query means retention is shorter than required', async () => {
    const provisioner = await setup();
    fake!.state.timeseries = { status: 400, body: { detail: 'Invalid date range. Please try a more recent date range.' } };
    const report = await provisioner.retention({ requiredDays: 90 });
    expect(report).toMatchObject({ queryAccepted: false, detail: 'Invalid date range. Please try a more recent date range.' });
  });
});
