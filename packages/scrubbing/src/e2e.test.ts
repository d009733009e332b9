import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRETS } from '../test/secrets';

const child = fileURLToPath(new URL('../test/e2e-child.mjs', import.meta.url));

function run(dsn: string, mode = 'normal'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child], {
      env: { ...process.env, SCRUB_E2E_DSN: dsn, SCRUB_E2E_SECRETS: JSON.stringify(SECRETS), SCRUB_E2E_MODE: mode },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('end to end: real @sentry/node client -> loopback receiver', () => {
  let receiver: TestReceiver;
  let result: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    receiver = await startTestReceiver();
    result = await run(receiver.dsn);
  }, 90_000);

  afterAll(async () => {
    await receiver?.close();
  });

  it('the child ran and nothing failed to scrub', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ failures: [] });
  });

  it('every egress path delivered something (so the leak search below is meaningful)', () => {
    const types = new Set(receiver.items().map((i) => i.type));
    expect(types).toContain('event');
    expect(types).toContain('log');
    expect(types).toContain('span');
    expect(types).toContain('trace_metric');
    const events = receiver.events();
    expect(events.some((e) => e.exception)).toBe(true);
    expect(events.some((e) => e.breadcrumbs?.length >= 2)).toBe(true);
    // Request data the SDK's Http integration put on the server segment span, scrubbed.
    const spans = receiver.items('span').flatMap((i) => i.payload.items) as Array<{ attributes: Record<string, { value: unknown }> }>;
    const server = spans.find((sp) => sp.attributes['http.request.header.x-api-key'] !== undefined);
    expect(server, 'the HTTP server span with request headers').toBeDefined();
    expect(server!.attributes['http.request.header.authorization']?.value).toEqual(['[Filtered]']);
    expect(server!.attributes['http.request.header.cookie']?.value).toEqual(['[Filtered]']);
    expect(String(server!.attributes['url.full']?.value)).toMatch(/\/pay\?token=\[(token|Filtered)\]&card=\[creditcard\]&page=2$/);
    // What user callbacks added after the main pass was caught by the final guards.
    expect(events.some((e) => e.extra?.late === 'added by beforeSend [token]')).toBe(true);
    const logAttributes = receiver.items('log').flatMap((i) => i.payload.items.map((l: { attributes: Record<string, { value: unknown }> }) => l.attributes));
    expect(logAttributes.some((a) => a.late?.value === 'added by beforeSendLog [token]')).toBe(true);
    const raw = Buffer.concat(receiver.envelopes.map((e) => e.raw)).toString('utf8');
    for (const marker of ['[creditcard]', '[jwt]', '[token]', '[Filtered]', '[us-ssn]', '[iban]', '[pemkey]', '[auth]']) {
      expect(raw, `expected ${marker} somewhere in what was sent`).toContain(marker);
    }
  });

  it('no planted secret appears in any received byte', () => {
    const raw = Buffer.concat(receiver.envelopes.map((e) => e.raw));
    const leaks = Object.entries(SECRETS).filter(([, secret]) => raw.includes(secret));
    expect(leaks.map(([name]) => name)).toEqual([]);
  });
});

describe('end to end: scrubbing that throws fails closed', () => {
  let receiver: TestReceiver;
  let result: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    receiver = await startTestReceiver();
    result = await run(receiver.dsn, 'hostile');
  }, 90_000);

  afterAll(async () => {
    await receiver?.close();
  });

  it('reports each failure and sends a reduced event and log instead of raw ones', () => {
    expect(result.code).toBe(0);
    const { failures } = JSON.parse(result.stdout) as { failures: string[] };
    expect(failures.length).toBeGreaterThanOrEqual(2);
    const events = receiver.events();
    expect(events).toHaveLength(1);
    expect(events[0].tags).toEqual({ scrubbing_failed: 'true' });
    expect(events[0].exception.values[0]).toMatchObject({ type: 'Error', value: '[Filtered: scrubbing failed]' });
    expect(events[0].exception.values[0].stacktrace.frames.length).toBeGreaterThan(0);
    expect(events[0].extra).toEqual({ late: 'added by beforeSend [token]' }); // the hostile extra is gone
    const logs = receiver.items('log').flatMap((i) => i.payload.items);
    expect(logs.map((l: { body: string }) => l.body)).toEqual(['[Filtered: scrubbing failed]']);
  });

  it('no planted secret appears in any received byte', () => {
    const raw = Buffer.concat(receiver.envelopes.map((e) => e.raw));
    expect(Object.entries(SECRETS).filter(([, secret]) => raw.includes(secret)).map(([name]) => name)).toEqual([]);
  });
});
