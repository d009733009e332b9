import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import { afterAll, beforeAll, expect, it } from 'vitest';
// The scrubbing package's scenario and planted secrets, run through core-config's defaults: one
// scenario serves both packages.
import { SECRETS } from '../../scrubbing/test/secrets';

const scenario = fileURLToPath(new URL('../../scrubbing/test/e2e-child.mjs', import.meta.url));
const coreConfigInit = pathToFileURL(fileURLToPath(new URL('../test/fixtures/scrub-init.mjs', import.meta.url))).href;

let receiver: TestReceiver;
let result: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  receiver = await startTestReceiver();
  result = await new Promise((resolve) => {
    const child = spawn(process.execPath, [scenario], {
      env: { ...process.env, SCRUB_E2E_DSN: receiver.dsn, SCRUB_E2E_SECRETS: JSON.stringify(SECRETS), SCRUB_E2E_INIT: coreConfigInit },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}, 120_000);

afterAll(() => receiver.close());

it('a service using core-config sends errors, logs, spans and breadcrumbs full of planted secrets, and none leaves', () => {
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({ failures: [] });
  const types = new Set(receiver.items().map((i) => i.type));
  for (const type of ['event', 'log', 'span']) expect(types).toContain(type);
  expect(receiver.events().some((e) => e.breadcrumbs?.length >= 2)).toBe(true);
  const raw = Buffer.concat(receiver.envelopes.map((e) => e.raw));
  expect(Object.entries(SECRETS).filter(([, secret]) => raw.includes(secret)).map(([name]) => name)).toEqual([]);
});
