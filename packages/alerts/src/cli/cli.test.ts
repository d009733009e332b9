import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSentry, type FakeSentry } from '../../test/fake-sentry';
import { runAlertsCli } from './index';

let fake: FakeSentry | undefined;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alerts-cli-'));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const definitions = {
  rules: [
    { kind: 'error-rate', name: 'Error rate above 10/min', threshold: 10, windowSeconds: 60, actions: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }] },
    { kind: 'new-issue', name: 'New error type', levels: ['error', 'fatal'], actions: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }] },
  ],
  fingerprintRulesFile: 'fingerprints.txt',
};

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runAlertsCli({
    argv,
    env: { SENTRY_AUTH_TOKEN: 'test-token', SENTRY_ORG: 'acme', SENTRY_PROJECT: 'api', SENTRY_API_URL: fake!.baseUrl },
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

describe('sentry-alerts', () => {
  it('plan shows the diff, apply applies it, a second apply changes nothing', async () => {
    fake = await startFakeSentry();
    writeFileSync(join(dir, 'alerts.json'), JSON.stringify(definitions));
    writeFileSync(join(dir, 'fingerprints.txt'), 'error.type:DbError -> db-error\n');
    const file = join(dir, 'alerts.json');
    const plan = await run(['plan', '--file', file]);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('+ create    detector "Error rate above 10/min"');
    expect(plan.out).toContain('would create 3, update 1, 0 unchanged.');
    expect(fake.writes()).toEqual([]);
    const apply = await run(['apply', '--file', file]);
    expect(apply.out).toContain('created 3, updated 1, 0 unchanged.');
    expect(fake.state.project.fingerprintingRules).toBe('error.type:DbError -> db-error');
    const again = await run(['apply', '--file', file, '--json']);
    expect(JSON.parse(again.out).changes.map((c: { action: string }) => c.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  it('a bad definitions file exits 2 naming the file and the field', async () => {
    fake = await startFakeSentry();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ rules: [{ kind: 'error-rate', name: 'x', threshold: 10, windowSeconds: 61, actions: [] }] }));
    const { code, err } = await run(['plan', '--file', join(dir, 'bad.json')]);
    expect(code).toBe(2);
    expect(err).toContain('bad.json');
    expect(err).toContain('rules[0].windowSeconds: must be one of 60');
    expect((await run(['plan', '--file', join(dir, 'missing.json')])).err).toMatch(/Cannot load alert definitions/);
  });

  it('retention prints what it saw and how to set 90 days', async () => {
    fake = await startFakeSentry();
    const { code, out } = await run(['retention']);
    expect(code).toBe(0);
    expect(out).toContain('query 90 days back: accepted');
    expect(out).toContain('SENTRY_EVENT_RETENTION_DAYS=90');
  });

  it('an API error exits 1 with a scope hint', async () => {
    fake = await startFakeSentry();
    writeFileSync(join(dir, 'alerts.json'), JSON.stringify({ rules: [] }));
    let err = '';
    const code = await runAlertsCli({
      argv: ['plan', '--file', join(dir, 'alerts.json')],
      env: { SENTRY_AUTH_TOKEN: 'wrong', SENTRY_ORG: 'acme', SENTRY_PROJECT: 'api', SENTRY_API_URL: fake.baseUrl },
      stdout: { write: () => true },
      stderr: { write: (t: string) => (err += t) },
    });
    expect(code).toBe(1);
    expect(err).toMatch(/HTTP 401: Invalid token.*alerts:write/);
  });

  const bin = fileURLToPath(new URL('../../bin/sentry-alerts.mjs', import.meta.url));
  const built = existsSync(fileURLToPath(new URL('../../dist/cli.js', import.meta.url)));
  it.skipIf(!built)('the bin reads the environment and an ES module definitions file', async () => {
    fake = await startFakeSentry();
    writeFileSync(join(dir, 'alerts.config.mjs'), `export default ${JSON.stringify({ rules: definitions.rules, scrubbing: false })};\n`);
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'apply', '--json', '--file', 'alerts.config.mjs'], {
      cwd: dir,
      env: { PATH: process.env.PATH, SENTRY_AUTH_TOKEN: 'test-token', SENTRY_ORG: 'acme', SENTRY_PROJECT: 'api', SENTRY_API_URL: fake.baseUrl },
    });
    expect(JSON.parse(stdout).changes).toHaveLength(3);
    expect(fake.state.workflows).toHaveLength(2);
  });
});
