import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Sentry from '@sentry/node';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors';
import { addBreadcrumb, captureException, captureMessage } from './helpers';
import { initSentry, type NodeInitOptions } from './node/init';
import type { EventOutcome } from './types';
import { silentLogger, useNodeReceiver } from '../test/node-receiver';

const receiver = useNodeReceiver();


function init(options: NodeInitOptions = {}) {
  return initSentry({ env: { SENTRY_DSN: receiver().dsn }, signals: false, logger: silentLogger, ...options });
}

function sameError(): Error {
  return new Error('Export failed: S3 bucket unavailable');
}

describe('windowed throttle instead of dedupe', () => {
  it('11 identical errors within a minute arrive as 11 countable events (dedupe would send 1)', async () => {
    init();
    for (let i = 0; i < 11; i++) Sentry.captureException(sameError());
    await Sentry.flush(5000);
    await receiver().waitFor((r) => r.events().length >= 11);
    expect(receiver().events()).toHaveLength(11);
  });

  it('holds back past the per-group limit and attaches the held-back count to the next event sent', async () => {
    let now = 1_000_000;
    const outcomes: EventOutcome[] = [];
    init({ throttle: { maxPerWindow: 20, now: () => now }, onEventOutcome: (o) => outcomes.push(o) });
    for (let i = 0; i < 100; i++) Sentry.captureException(sameError());
    Sentry.captureException(new TypeError('a different group is not held back'));
    await Sentry.flush(5000);
    await receiver().waitFor((r) => r.events().length >= 21);
    expect(receiver().events()).toHaveLength(21);
    expect(outcomes.filter((o) => o.kind === 'throttled')).toHaveLength(80);
    expect(outcomes.filter((o) => o.kind === 'dropped')).toHaveLength(0);

    now += 60_000;
    Sentry.captureException(sameError());
    await Sentry.flush(5000);
    await receiver().waitFor((r) => r.events().length >= 22);
    expect(receiver().events()[21].contexts.throttle).toEqual({ held_back: 80, window_seconds: 60 });
  });

  it('the SDK dedupe and local-variables integrations are not installed; local variables come back when asked', () => {
    const { client } = init();
    const names = client!.getOptions().integrations.map((i) => i.name);
    expect(names).not.toContain('Dedupe');
    expect(names).not.toContain('LocalVariablesAsync');
    expect(names).toContain('WindowedThrottle');
    const withVars = init({ localVariables: true }).client!.getOptions();
    expect(withVars.integrations.map((i) => i.name)).toContain('LocalVariablesAsync');
    expect(withVars.dataCollection?.stackFrameVariables).toBe(true);
  });
});

describe('safe data collection defaults', () => {
  it('sets dataCollection explicitly: no cookies, allow-listed headers, no raw bodies, no IP inference, no frame vars', () => {
    const options = init().client!.getOptions();
    expect(options.dataCollection).toMatchObject({
      userInfo: false,
      cookies: false,
      httpBodies: [],
      stackFrameVariables: false,
      httpHeaders: { response: false },
      databaseQueryData: false,
    });
    expect(options.tracesSampleRate).toBeUndefined();
  });

  it('field-by-field overrides win', () => {
    const options = init({ dataCollection: { cookies: { allow: ['theme'] } } }).client!.getOptions();
    expect(options.dataCollection?.cookies).toEqual({ allow: ['theme'] });
    expect(options.dataCollection?.userInfo).toBe(false);
  });
});

describe('noise control', () => {
  class HealthCheckError extends Error {}

  it('drops by message, by class, by class name and by predicate, and keeps the rest', async () => {
    const outcomes: EventOutcome[] = [];
    init({
      ignoreErrors: ['ECONNRESET by client', /^Request aborted/],
      ignoreErrorClasses: [HealthCheckError, 'AbortError'],
      shouldIgnore: (event) => event.tags?.noise === 'yes',
      onEventOutcome: (o) => outcomes.push(o),
    });
    Sentry.captureException(new Error('socket ECONNRESET by client'));
    Sentry.captureException(new Error('Request aborted by user'));
    Sentry.captureException(new HealthCheckError('probe'));
    const abort = new Error('cancelled');
    abort.name = 'AbortError';
    Sentry.captureException(abort);
    captureException(new Error('tagged noise'), { tags: { noise: 'yes' } });
    Sentry.captureException(new Error('a real failure'));
    await Sentry.flush(5000);
    await receiver().waitFor((r) => r.events().length >= 1);
    expect(receiver().events().map((e) => e.exception.values[0].value)).toEqual(['a real failure']);
    expect(outcomes.filter((o) => o.kind === 'dropped' && o.reason === 'event_processor')).toHaveLength(5);
  });

  it('sample rate from the environment drops and counts', async () => {
    const outcomes: EventOutcome[] = [];
    init({ env: { SENTRY_DSN: receiver().dsn, SENTRY_SAMPLE_RATE: '0' }, onEventOutcome: (o) => outcomes.push(o) });
    Sentry.captureException(new Error('sampled out'));
    await Sentry.flush(2000);
    expect(receiver().events()).toHaveLength(0);
    expect(outcomes).toEqual([{ kind: 'dropped', level: 'unknown', category: 'error', reason: 'sample_rate', quantity: 1 }]);
  });

  it("the app's beforeSend composes with the kit: it runs after the kit and can still drop", async () => {
    const seen: string[] = [];
    init({
      beforeSend: (event) => {
        seen.push(event.exception?.values?.[0]?.value ?? '');
        return event.exception?.values?.[0]?.value === 'drop me' ? null : event;
      },
    });
    Sentry.captureException(new Error('drop me'));
    Sentry.captureException(new Error('keep me'));
    await Sentry.flush(5000);
    await receiver().waitFor((r) => r.events().length >= 1);
    expect(seen).toEqual(['drop me', 'keep me']);
    expect(receiver().events().map((e) => e.exception.values[0].value)).toEqual(['keep me']);
  });
});

describe('counters hook', () => {
  it('reports sent events with their level, and a throwing callback does not break capture', async () => {
    const outcomes: EventOutcome[] = [];
    init({
      onEventOutcome: (o) => {
        outcomes.push(o);
        throw new Error('metrics exporter is broken');
      },
    });
    captureMessage('disk almost full', { level: 'warning' });
    Sentry.captureException(new Error('boom'));
    await Sentry.flush(5000);
    await receiver().waitFor((r) => r.events().length >= 2);
    expect(outcomes.map((o) => `${o.kind}:${o.level}`).sort()).toEqual(['sent:error', 'sent:warning']);
  });
});

describe('helpers with the platform call-site shape', () => {
  it('captureException, captureMessage and addBreadcrumb arrive with tags, extra, user, level', async () => {
    init();
    addBreadcrumb({ message: 'loaded order 7', category: 'orders', level: 'info', data: { orderId: 7 } });
    const id = captureException(new Error('payment failed'), { tags: { team: 'payments' }, extra: { attempt: 2 }, user: { id: 'u-1' } });
    captureMessage('queue is slow', { level: 'warning', tags: { queue: 'exports' } });
    await Sentry.flush(5000);
    await receiver().waitFor((r) => r.events().length >= 2);
    const [error, message] = receiver().events();
    expect(error.event_id).toBe(id);
    expect(error.tags).toMatchObject({ team: 'payments' });
    expect(error.extra).toMatchObject({ attempt: 2 });
    expect(error.user).toMatchObject({ id: 'u-1' });
    expect(error.breadcrumbs.map((b: { message: string }) => b.message)).toContain('loaded order 7');
    expect(message).toMatchObject({ level: 'warning', message: 'queue is slow', tags: { queue: 'exports' } });
  });
});

describe('configuration errors', () => {
  it('required: true without a DSN throws a typed missing-dsn error', () => {
    expect(() => initSentry({ env: {}, required: true, signals: false, logger: silentLogger })).toThrowError(/SENTRY_DSN: is required/);
    try {
      initSentry({ env: {}, required: true, signals: false, logger: silentLogger });
    } catch (error) {
      expect(ConfigError.isInstance(error)).toBe(true);
      expect((error as ConfigError).code).toBe('missing-dsn');
    }
  });

  it('options removed in v11 are rejected by name', () => {
    const options = { sendDefaultPii: true } as unknown as NodeInitOptions;
    expect(() => init(options)).toThrowError(/options.sendDefaultPii: was removed in Sentry JS v11/);
  });

  it('explicit options are validated like variables and win over them', () => {
    expect(() => init({ sampleRate: 3 })).toThrowError(/options.sampleRate="3": must be a number between 0 and 1/);
    const { config } = init({ env: { SENTRY_DSN: receiver().dsn, SENTRY_ENVIRONMENT: 'staging' }, environment: 'qa' });
    expect(config.environment).toBe('qa');
  });
});

describe('cheaper capture, same useful context', () => {
  it('in-app frames get source context; static device/os context is kept without per-event memory probes', async () => {
    init();
    Sentry.captureException(sameError());
    await Sentry.flush(5000);
    await receiver().waitFor((r) => r.events().length >= 1);
    const event = receiver().events()[0];
    const frames: Array<Record<string, unknown>> = event.exception.values[0].stacktrace.frames;
    const own = frames.findLast((f) => String(f.filename).endsWith('init.test.ts'));
    expect(own?.context_line).toContain("new Error('Export failed: S3 bucket unavailable')");
    expect((own?.pre_context as string[]).length).toBe(5);
    const library = frames.find((f) => String(f.filename).includes('/node_modules/'));
    expect(library?.context_line).toBeUndefined();
    expect(event.contexts.os?.name).toBeTruthy();
    expect(event.contexts.device?.processor_count).toBeGreaterThan(0);
    expect(event.contexts.app?.app_start_time).toBeTruthy();
    expect(event.contexts.app).not.toHaveProperty('app_memory');
    expect(event.contexts.device).not.toHaveProperty('free_memory');
  });
});

describe('scrubbing and fingerprints are on by default', () => {
  it('a card number and a password never leave; an export error is grouped by type', async () => {
    const { ExportError } = await import('@causal-organism/fingerprints');
    // Built at run time: source context lines would otherwise carry the literals into the event.
    const password = ['hunter2', 'secret'].join('-');
    const card = ['4111', '1111', '1111', '1111'].join(' ');
    init();
    Sentry.setExtra('login', { username: 'ada', password });
    Sentry.captureException(new Error(`charge failed for card ${card}`));
    class CsvExportError extends ExportError {}
    Sentry.captureException(new CsvExportError('export of report 17 failed'));
    await Sentry.flush(5000);
    await receiver().waitFor((r) => r.events().length >= 2);
    const raw = receiver().envelopes.map((e) => e.raw.toString()).join('\n');
    expect(raw).not.toContain(card);
    expect(raw).not.toContain(password);
    const [charged, exported] = receiver().events();
    expect(charged.exception.values[0].value).toContain('charge failed for card');
    expect(exported.fingerprint).toEqual(['export-error', 'CsvExportError']);
  });

  it('both can be switched off explicitly', () => {
    const names = init({ scrubbing: false, fingerprints: false }).client!.getOptions().integrations.map((i) => i.name);
    const defaults = init().client!.getOptions().integrations.map((i) => i.name);
    expect(defaults.length - names.length).toBe(2);
  });
});

describe('no silentLogger loss through initSentry', () => {
  it('a synchronous burst of 1,000 errors all arrive (stock v11 delivers 64)', async () => {
    init({ throttle: false, spool: { directory: mkdtempSync(join(tmpdir(), 'spool-')) } });
    for (let i = 0; i < 1000; i++) Sentry.captureException(new Error(`burst ${i}`));
    await Sentry.flush(30_000);
    await receiver().waitFor((r) => r.events().length >= 1000, 30_000);
    expect(new Set(receiver().events().map((e) => e.exception.values[0].value)).size).toBe(1000);
  });

  it('an outage is held in the spool and delivered when the receiver is back', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'spool-'));
    const outcomes: EventOutcome[] = [];
    receiver().setBehaviour({ status: 503 });
    try {
      init({ spool: { directory }, onEventOutcome: (o) => outcomes.push(o) });
      for (let i = 0; i < 20; i++) Sentry.captureException(new Error(`during outage ${i}`));
      await Sentry.flush(3000);
      expect(receiver().events()).toHaveLength(0);
      expect(readdirSync(directory).length).toBeGreaterThan(0);
    } finally {
      receiver().setBehaviour({ status: 200 });
    }
    await receiver().waitFor((r) => r.events().length >= 20, 30_000);
    expect(receiver().events()).toHaveLength(20);
    expect(outcomes.filter((o) => o.kind === 'dropped')).toHaveLength(0);
  });
});
