import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The demo's scenario is the platform's end-to-end test: real local-sentry, Redis, PostgreSQL, api
// and worker processes, traffic over HTTP, and the report read back through stats-client.
it('the one-command demo runs its whole scenario and every check passes', async () => {
  const summaryPath = join(mkdtempSync(join(tmpdir(), 'demo-')), 'summary.json');
  const demo = fileURLToPath(new URL('./demo.mjs', import.meta.url));
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [demo, '--once', '--summary', summaryPath], {
      env: { ...process.env, SENTRY_DSN: '', SENTRY_AUTH_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('close', (exitCode) => resolve({ code: exitCode, output: text }));
  });
  expect(code, output).toBe(0);
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as {
    checks: Record<string, boolean>;
    issues: Array<{ fingerprint: string; count: number }>;
    alerts: string[];
    webhookDeliveries: number;
    storedEvents: number;
    jobRetries: Array<{ reportId: string; capturedAttempts: number[]; finalAttempts: number[]; state: string; attemptsMade: number }>;
  };
  expect(summary.checks).toEqual({ retriesVisible: true, noSecretsStored: true, everyKindArrived: true });
  // Each failed attempt is one event tagged with its attempt number; the retry that succeeds sends none.
  expect(summary.jobRetries).toEqual([
    expect.objectContaining({ reportId: 'r-flaky', capturedAttempts: [1], finalAttempts: [], state: 'completed', attemptsMade: 2 }),
    expect.objectContaining({ reportId: 'r-broken', capturedAttempts: [1, 2, 3], finalAttempts: [3], state: 'failed', attemptsMade: 3 }),
  ]);
  expect(output).toMatch(/r-broken \(fails every attempt\): attempt 1 ✘ → attempt 2 ✘ → attempt 3 ✘ \(final\)/);
  expect(summary.storedEvents).toBeGreaterThanOrEqual(20);
  expect(summary.issues.some((i) => i.fingerprint.startsWith('export-error') && i.count > 10)).toBe(true);
  expect(summary.webhookDeliveries).toBeGreaterThan(0);
  expect(output).toContain('Dashboard: http://127.0.0.1:');
});
