/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's JSON responses loosely, as a client would */
import { platformDefaultRules } from '@causal-organism/alerts';
import { afterEach, describe, expect, it } from 'vitest';
import { api, envelope, errorEvent, fakeClock, post, start, startWebhookReceiver } from './helpers';
import type { LocalSentry } from '../src/types';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let seq = 0;
function error(options: { type?: string; level?: string } = {}): string {
  const id = (++seq).toString(16).padStart(32, '0');
  return envelope({ event_id: id }, [
    [{ type: 'event' }, errorEvent({ event_id: id, level: options.level ?? 'error', exception: { values: [{ type: options.type ?? 'BurstError', value: 'x', stacktrace: { frames: [{ function: 'f', module: 'm', in_app: true }] } }] } })],
  ]);
}

async function setup(options: { failFirst?: number; delayMs?: number; rules?: 'default' | 'none' } = {}): Promise<{ server: LocalSentry; clock: ReturnType<typeof fakeClock>; hook: Awaited<ReturnType<typeof startWebhookReceiver>>; slack: Awaited<ReturnType<typeof startWebhookReceiver>> }> {
  const hook = await startWebhookReceiver(options);
  const slack = await startWebhookReceiver();
  const clock = fakeClock();
  const actions = [
    { type: 'webhook' as const, url: hook.url },
    { type: 'slack' as const, workspace: 'acme', channel: '#alerts' },
  ];
  const server = await start({
    clock,
    rules: options.rules === 'none' ? [] : platformDefaultRules({ actions }).map((r) => ({ ...r, cooldownMinutes: 5 })),
    slackWebhooks: { acme: slack.url },
    webhookRetries: 3,
    webhookBackoffMs: 20,
  });
  cleanups.push(() => hook.close(), () => slack.close(), () => server.close());
  return { server, clock, hook, slack };
}

describe('alert evaluation', () => {
  it('fires "more than 10 errors per minute" only above 10 (strict), once, then resolves', async () => {
    const { server, clock, hook, slack } = await setup({ rules: 'default' });
    // The first error opens a new issue (new-issue alert); count rate firings separately.
    for (let i = 0; i < 10; i++) expect((await post(server, error())).status).toBe(200);
    await server.idle();
    const rate = (): any[] => hook.bodies.filter((b) => b.data.rule.kind === 'error-rate');
    expect(rate()).toHaveLength(0);
    await post(server, error());
    await server.idle();
    expect(rate()).toHaveLength(1);
    expect(rate()[0]).toMatchObject({ action: 'triggered', data: { status: 'firing', value: 11, threshold: 10 } });
    // Still above: no second delivery.
    for (let i = 0; i < 5; i++) await post(server, error());
    await server.idle();
    expect(rate()).toHaveLength(1);
    // The window passes: the maintenance pass resolves it.
    clock.advance(61_000);
    const result = await server.runMaintenance();
    await server.idle();
    expect(result.resolvedAlerts).toBe(1);
    expect(rate().map((b) => b.action)).toEqual(['triggered', 'resolved']);
    // Slack-compatible body went to the Slack webhook.
    const slackRate = slack.bodies.find((b) => b.attachments[0].fields.some((f: any) => f.value === '11'));
    expect(slackRate.text).toMatch(/Error rate above 10\/min/);
    expect(slackRate.attachments[0].title_link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // Stored and visible through the API.
    const stored = await api(server, '/organizations/local/local-sentry/alerts/');
    expect(stored.body.filter((f: any) => f.kind === 'error-rate').map((f: any) => f.status)).toEqual(['resolved', 'firing']);
  });

  it('keeps the cooldown: a second burst right after resolving does not fire again', async () => {
    const { server, clock, hook } = await setup();
    for (let i = 0; i < 11; i++) await post(server, error());
    clock.advance(61_000);
    await server.runMaintenance();
    for (let i = 0; i < 11; i++) await post(server, error());
    await server.idle();
    expect(hook.bodies.filter((b) => b.data.rule.kind === 'error-rate' && b.action === 'triggered')).toHaveLength(1);
    clock.advance(5 * 60_000);
    for (let i = 0; i < 11; i++) await post(server, error());
    await server.idle();
    expect(hook.bodies.filter((b) => b.data.rule.kind === 'error-rate' && b.action === 'triggered')).toHaveLength(2);
  });

  it('fires for a new issue of level error or fatal, not for warnings or known issues', async () => {
    const { server, hook } = await setup();
    await post(server, error({ type: 'First' }));
    await post(server, error({ type: 'First' }));
    await post(server, error({ type: 'Warned', level: 'warning' }));
    await post(server, error({ type: 'Fatal', level: 'fatal' }));
    await server.idle();
    const titles = hook.bodies.filter((b) => b.data.rule.kind === 'new-issue').map((b) => b.data.title);
    expect(titles).toEqual(['New issue: First: x', 'New issue: Fatal: x']);
    expect(hook.bodies[0].data.issue.url).toMatch(/\/issues\/\d+\/$/);
  });

  it('retries a failing webhook with backoff and never holds up ingest', async () => {
    const { server, hook } = await setup({ failFirst: 2, delayMs: 1500 });
    const started = Date.now();
    expect((await post(server, error({ type: 'Slowhook' }))).status).toBe(200);
    // The webhook takes 1.5 s per attempt; the 200 did not wait for it.
    expect(Date.now() - started).toBeLessThan(1000);
    await server.idle();
    expect(hook.attempts).toBe(3);
    expect(hook.bodies).toHaveLength(1);
    const [firing] = (await api(server, '/organizations/local/local-sentry/alerts/')).body;
    expect(firing.deliveries.find((d: any) => d.format === 'generic')).toMatchObject({ status: 'delivered', attempts: 3 });
  });
});

describe('rules provisioned through Sentry APIs', () => {
  it('evaluates a legacy issue-alert rule and a metric monitor with its workflow', async () => {
    const hook = await startWebhookReceiver();
    const clock = fakeClock();
    const server = await start({ clock, rules: [], webhookUrls: [hook.url] });
    cleanups.push(() => hook.close(), () => server.close());
    const rule = await api(server, '/projects/local/local/rules/', {
      method: 'POST',
      body: {
        name: 'new error issue',
        actionMatch: 'any',
        filterMatch: 'all',
        conditions: [{ id: 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition' }],
        filters: [{ id: 'sentry.rules.filters.level.LevelFilter', match: 'gte', level: '40' }],
        actions: [{ id: 'sentry.rules.actions.notify_event_service.NotifyEventServiceAction', service: 'webhooks' }],
        frequency: 5,
      },
    });
    expect(rule.status).toBe(201);
    const detector = await api(server, '/organizations/local/projects/local/detectors/', {
      method: 'POST',
      body: {
        name: 'errors > 3/min',
        type: 'metric_issue',
        data_sources: [{ aggregate: 'count()', dataset: 'events', event_types: ['error', 'default'], query: '', query_type: 0, time_window: 60 }],
        condition_group: { logic_type: 'any', conditions: [{ type: 'gt', comparison: 3, condition_result: 75 }, { type: 'lte', comparison: 3, condition_result: 0 }] },
        config: { detection_type: 'static' },
      },
    });
    expect(detector.status).toBe(201);
    expect(detector.body.dataSources[0].queryObj.snubaQuery.timeWindow).toBe(60);
    const workflow = await api(server, '/organizations/local/workflows/', {
      method: 'POST',
      body: { name: 'page on spike', detectorIds: [detector.body.id], triggers: { logicType: 'any-short', conditions: [] }, actionFilters: [{ logicType: 'all', conditions: [], actions: [{ type: 'webhook', config: {}, data: {} }] }] },
    });
    expect(workflow.status).toBe(201);
    expect((await api(server, `/organizations/local/detectors/${detector.body.id}/`)).body.workflowIds).toEqual([workflow.body.id]);
    // The warning is an error event too (it has an exception): it counts toward the monitor, not the level-filtered rule.
    await post(server, error({ type: 'Warned', level: 'warning' }));
    for (let i = 0; i < 2; i++) await post(server, error({ type: 'Provisioned' }));
    await server.idle();
    expect(hook.bodies.map((b) => b.data.rule.name)).toEqual(['new error issue']);
    await post(server, error({ type: 'Provisioned' }));
    await server.idle();
    expect(hook.bodies.map((b) => b.data.rule.name)).toEqual(['new error issue', 'errors > 3/min']);
    // Deleting the rule stops it.
    expect((await api(server, `/projects/local/local/rules/${rule.body.id}/`, { method: 'DELETE' })).status).toBe(202);
    await post(server, error({ type: 'Another' }));
    await server.idle();
    expect(hook.bodies).toHaveLength(2);
  });

  it('evaluates a legacy metric alert (count() > threshold per timeWindow minutes)', async () => {
    const hook = await startWebhookReceiver();
    const server = await start({ clock: fakeClock(), rules: [], webhookUrls: [hook.url] });
    cleanups.push(() => hook.close(), () => server.close());
    const created = await api(server, '/organizations/local/alert-rules/', {
      method: 'POST',
      body: { name: 'errors > 2/min', projects: ['local'], aggregate: 'count()', query: '', timeWindow: 1, thresholdType: 0, triggers: [{ label: 'critical', alertThreshold: 2, actions: [{ type: 'sentry_app', sentryAppId: 1 }] }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.triggers[0]).toMatchObject({ label: 'critical', alertThreshold: 2 });
    for (let i = 0; i < 2; i++) await post(server, error({ type: 'Metric' }));
    await server.idle();
    expect(hook.bodies).toHaveLength(0);
    await post(server, error({ type: 'Metric' }));
    await server.idle();
    expect(hook.bodies.map((b) => [b.data.rule.name, b.data.value])).toEqual([['errors > 2/min', 3]]);
    expect((await api(server, '/organizations/local/alert-rules/', { method: 'POST', body: { name: 'x', projects: ['local'], aggregate: 'count()', query: '', timeWindow: 7, thresholdType: 0, triggers: [] } })).body.detail).toMatch(/timeWindow/);
  });

  it('rejects invalid alert bodies with a field-level detail', async () => {
    const server = await start();
    cleanups.push(() => server.close());
    const missing = await api(server, '/projects/local/local/rules/', { method: 'POST', body: { name: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toMatch(/actionMatch, conditions, actions, frequency: This field is required/);
    const frequency = await api(server, '/projects/local/local/rules/', { method: 'POST', body: { name: 'x', actionMatch: 'all', conditions: [], actions: [], frequency: 1 } });
    expect(frequency.body.detail).toMatch(/between 5 and 43200/);
    const errorDetector = (await api(server, '/organizations/local/detectors/?query=type:error')).body[0];
    expect((await api(server, `/organizations/local/detectors/${errorDetector.id}/`, { method: 'DELETE' })).status).toBe(403);
  });
});
