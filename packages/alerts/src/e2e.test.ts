// End to end: the real SDK sends real errors to local-sentry; stats-client reads them back;
// `apply` configures local-sentry's alerting; a burst and a new error type reach a loopback webhook.
// local-sentry depends on this package, so it is loaded from its build output rather than declared
// as a dependency (that would be a cycle); the test is skipped, visibly, when it is not built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createStatsClient, type SentryIssue } from '@causal-organism/stats-client';
import { startWebhookReceiver, type WebhookReceiver } from '@causal-organism/test-receiver';
import * as Sentry from '@sentry/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformDefaultRules } from './defaults';
import { createAlertsProvisioner } from './provisioner';

const localSentryEntry = fileURLToPath(new URL('../../local-sentry/dist/index.js', import.meta.url));
const built = existsSync(localSentryEntry);
if (!built) console.warn(`[e2e] local-sentry is not built (${localSentryEntry}); end-to-end tests are skipped. Run the build first.`);

interface Hook {
  action: string;
  data: { rule: { name: string; kind: string }; status: string };
}

class RateBurstError extends Error {
  override name = 'RateBurstError';
}
class BrandNewError extends Error {
  override name = 'BrandNewError';
}

describe.runIf(built)('end to end against local-sentry', () => {
  let webhook: WebhookReceiver;
  const hooks = (): Hook[] => webhook.deliveries.map((d) => d.body as Hook);
  let local: { url: string; dsn: string; token: string; organization: string; idle(): Promise<void>; close(): Promise<void> };
  let hookUrl: string;

  beforeAll(async () => {
    webhook = await startWebhookReceiver();
    hookUrl = `${webhook.url}/hook`;
    const { startLocalSentry } = (await import(localSentryEntry)) as { startLocalSentry: (o: object) => Promise<typeof local> };
    // Only what `apply` provisions is evaluated: no built-in rules.
    local = await startLocalSentry({ db: ':memory:', rules: [], webhookUrls: [hookUrl], webhookRetries: 0 });
    // Dedupe off: the stock integration drops repeats of the previous event, hiding a burst (see DESIGN.md).
    Sentry.init({ dsn: local.dsn, defaultIntegrations: false, integrations: [], environment: 'production' });
  });

  afterAll(async () => {
    await Sentry.close(2000);
    await local?.close();
    await webhook?.close();
  });

  it('apply configures local-sentry, and a second apply changes nothing', async () => {
    const provisioner = createAlertsProvisioner({ baseUrl: local.url, token: local.token, org: local.organization, project: 'local', projectId: '1' });
    const definitions = { rules: platformDefaultRules({ actions: [{ type: 'webhook', url: hookUrl }] }), scrubbing: false as const };
    const first = await provisioner.apply(definitions);
    expect(first.changes.map((c) => c.action)).toEqual(['create', 'create', 'create']);
    const second = await provisioner.apply(definitions);
    expect(second.changes.map((c) => c.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('11 errors in a minute fire the rate alert, a new error type fires the new-issue alert, and stats-client reads it all back', async () => {
    for (let i = 0; i < 11; i += 1) Sentry.captureException(new RateBurstError(`burst ${i}`));
    expect(await Sentry.flush(5000)).toBe(true);
    Sentry.captureException(new BrandNewError('never seen before'));
    expect(await Sentry.flush(5000)).toBe(true);
    await local.idle();

    const fired = hooks().filter((h) => h.action === 'triggered').map((h) => `${h.data.rule.kind}:${h.data.rule.name}`);
    expect(fired).toContain('error-rate:Error rate above 10/min');
    expect(fired.filter((f) => f === 'new-issue:New error type')).toHaveLength(2);

    const stats = createStatsClient({ baseUrl: local.url, token: local.token, org: local.organization, project: 'local' });
    const issues: SentryIssue[] = [];
    for await (const issue of stats.listIssues({ statsPeriod: '1h', query: '' })) issues.push(issue);
    const byType = Object.fromEntries(issues.map((i) => [String(i.metadata.type), i.count]));
    expect(byType).toEqual({ RateBurstError: '11', BrandNewError: '1' });

    // Per-minute rate two ways: the errors time series (what errorRate reads) and project stats.
    const rate = await stats.errorRate({ window: '1h', bucket: '1m' });
    expect(rate.total).toBe(12);
    expect(rate.peakPerMinute).toBeGreaterThanOrEqual(11);
    expect((await stats.isAboveThreshold({ perMinute: 10 })).above).toBe(true);
    const now = Date.now();
    const points = await stats.projectStats({ stat: 'received', since: new Date(now - 3600_000), until: new Date(now), resolution: '10s' });
    expect(points.reduce((sum, [, c]) => sum + c, 0)).toBe(12);
    const fresh = await stats.newIssues({ since: '1h' });
    expect(fresh.map((i) => i.metadata.type).sort()).toEqual(['BrandNewError', 'RateBurstError']);
    const detail = await stats.getIssue(issues.find((i) => i.metadata.type === 'BrandNewError')!.id);
    expect(detail.count).toBe('1');
  });
});

describe.runIf(built)('end to end against local-sentry, legacy driver (/rules/ and /alert-rules/)', () => {
  let webhook: WebhookReceiver;
  const hooks = (): Hook[] => webhook.deliveries.map((d) => d.body as Hook);
  let local: { url: string; dsn: string; token: string; organization: string; idle(): Promise<void>; close(): Promise<void> };

  beforeAll(async () => {
    webhook = await startWebhookReceiver();
    const hookUrl = `${webhook.url}/hook`;
    const { startLocalSentry } = (await import(localSentryEntry)) as { startLocalSentry: (o: object) => Promise<typeof local> };
    local = await startLocalSentry({ db: ':memory:', rules: [], webhookUrls: [hookUrl], webhookRetries: 0 });
    const provisioner = createAlertsProvisioner({ baseUrl: local.url, token: local.token, org: local.organization, project: 'local', projectId: '1', driver: 'legacy' });
    // Metric alerts reach a webhook through an internal integration, hence sentryAppId.
    const definitions = { rules: platformDefaultRules({ actions: [{ type: 'webhook', url: hookUrl, sentryAppId: '1' }] }), scrubbing: false as const };
    const first = await provisioner.apply(definitions);
    expect(first.changes.map((c) => `${c.action} ${c.resource}`)).toEqual(['create metric-alert-rule', 'create issue-alert-rule']);
    expect((await provisioner.apply(definitions)).changes.every((c) => c.action === 'unchanged')).toBe(true);
    Sentry.init({ dsn: local.dsn, defaultIntegrations: false, integrations: [], environment: 'production' });
  });

  afterAll(async () => {
    await Sentry.close(2000);
    await local?.close();
    await webhook?.close();
  });

  it('a burst of 11 fires the metric alert and each new error type fires the issue alert', async () => {
    for (let i = 0; i < 11; i += 1) Sentry.captureException(new RateBurstError(`burst ${i}`));
    expect(await Sentry.flush(5000)).toBe(true);
    Sentry.captureException(new BrandNewError('never seen before'));
    expect(await Sentry.flush(5000)).toBe(true);
    await local.idle();
    const fired = hooks().filter((h) => h.action === 'triggered').map((h) => `${h.data.rule.kind}:${h.data.rule.name}`);
    expect(fired).toContain('error-rate:Error rate above 10/min');
    expect(fired.filter((f) => f === 'new-issue:New error type')).toHaveLength(2);
  });
});
