import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runFixture } from '../test/child';

let receiver: TestReceiver;
beforeAll(async () => {
  receiver = await startTestReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.clear());

function exceptionValues(): string[] {
  return receiver.events().map((e) => e.exception?.values?.at(-1)?.value as string);
}

describe('crash capture in real child processes', () => {
  it('an uncaught exception reaches the receiver before the process exits with code 1', async () => {
    const result = await runFixture('crash-uncaught.mjs', { env: { SENTRY_DSN: receiver.dsn } });
    expect(result.code).toBe(1);
    expect(exceptionValues()).toEqual(['boom: uncaught in a timer']);
    const event = receiver.events()[0];
    expect(event.exception.values[0].mechanism).toMatchObject({ handled: false });
    expect(event.exception.values[0].stacktrace.frames.length).toBeGreaterThan(0);
  });

  it('an unhandled rejection is captured and the process still exits 1, as Node would', async () => {
    const result = await runFixture('crash-rejection.mjs', { env: { SENTRY_DSN: receiver.dsn } });
    expect(result.code).toBe(1);
    expect(exceptionValues()).toEqual(['boom: unhandled rejection']);
  });

  it('SIGTERM runs shutdown hooks, captures what they throw and flushes everything', async () => {
    const result = await runFixture('shutdown.mjs', {
      env: { SENTRY_DSN: receiver.dsn },
      onStdout: (out, child) => {
        if (out.includes('ready')) child.kill('SIGTERM');
      },
    });
    expect(result.code).toBe(1);
    expect(exceptionValues().sort()).toEqual(['boom: thrown while closing the server', 'captured just before SIGTERM']);
  });

  it('without a DSN it runs disabled and says so once', async () => {
    const result = await runFixture('disabled.mjs');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('enabled=false');
    expect(result.stderr + result.stdout).toContain('SENTRY_DSN is not set');
    expect(receiver.envelopes).toHaveLength(0);
  });

  it('a bad variable stops start-up with a message naming it and a good example', async () => {
    const result = await runFixture('invalid-env.mjs', { env: { SENTRY_DSN: receiver.dsn, SENTRY_SAMPLE_RATE: '2' } });
    expect(result.code).not.toBe(0);
    expect(result.stdout).not.toContain('started anyway');
    expect(result.stderr).toContain('SENTRY_SAMPLE_RATE="2": must be a number between 0 and 1. Example: SENTRY_SAMPLE_RATE=0.25');
  });

  it('logs the environment once on start', async () => {
    const result = await runFixture('shutdown.mjs', {
      env: { SENTRY_DSN: receiver.dsn, SENTRY_ENVIRONMENT: 'staging' },
      onStdout: (out, child) => {
        if (out.includes('ready')) child.kill('SIGINT');
      },
    });
    const lines = (result.stdout + result.stderr).split('\n').filter((l) => l.includes('Sentry initialized for environment: staging'));
    expect(lines).toHaveLength(1);
    expect(receiver.events()[0].environment).toBe('staging');
  });
});

describe('OpenTelemetry', () => {
  it('a span made through @opentelemetry/api joins the Sentry trace of an error captured inside it', async () => {
    const result = await runFixture('otel-span.mjs', { env: { SENTRY_DSN: receiver.dsn, SENTRY_TRACES_SAMPLE_RATE: '1' } });
    expect(result.code).toBe(0);
    const [, traceId, spanId] = /trace=(\w+) span=(\w+)/.exec(result.stdout) ?? [];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
    const event = receiver.events()[0];
    expect(event.contexts.trace.trace_id).toBe(traceId);
    expect(event.contexts.trace.span_id).toBe(spanId);
    await receiver.waitFor((r) => r.items('span').length > 0 || r.items('transaction').length > 0);
    expect(JSON.stringify(receiver.items('span').map((i) => i.payload))).toContain(spanId);
  });
});
