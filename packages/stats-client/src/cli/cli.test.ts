import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSentry } from '../../test/fake-sentry';
import { fixture, startFixtureServer } from '../../test/fixture-server';
import { sparkline, table } from './format';
import { runStatsCli } from './index';

let fake: FakeSentry | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const NOW = Date.now();
const series = (counts: number[]) => ({
  timeSeries: [{ yAxis: 'count()', values: counts.map((value, i) => ({ timestamp: NOW - (counts.length - i) * 60_000, value })), meta: { interval: 60 } }],
});

async function run(argv: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runStatsCli({
    argv,
    env: { SENTRY_AUTH_TOKEN: 'tok', SENTRY_ORG: 'acme', SENTRY_PROJECT: 'api', SENTRY_API_URL: fake?.baseUrl ?? '', ...env },
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

describe('sentry-stats', () => {
  it('sparkline scales to the maximum and table aligns columns', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe('▁▂▃▅█');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(table([['a', 'bb'], ['ccc', 'd']])).toBe('a    bb\nccc  d');
  });

  it('errors-per-minute prints a sparkline, totals and the count of minutes above the threshold', async () => {
    fake = await startFixtureServer((req) => (req.path.endsWith('/events-timeseries/') ? { body: series([1, 2, 12, 3]) } : undefined));
    const { code, out } = await run(['errors-per-minute', '--since', '1h']);
    expect(code).toBe(0);
    expect(out).toContain('▂▂█▃');
    expect(out).toMatch(/total\s+avg\/min\s+peak\/min\s+buckets > 10\/min\n18\s+0\.30\s+12\.00\s+1/);
    expect(fake.requests[0]!.query.get('statsPeriod')).toBe('1h');
  });

  it('issues --json prints the list, the table shows short ids and counts', async () => {
    fake = await startFixtureServer();
    const json = await run(['issues', '--since', '24h', '--limit', '20', '--json']);
    expect(JSON.parse(json.out)).toHaveLength(fixture('org-issues').length);
    expect(fake.requests[0]!.query.get('limit')).toBe('20');
    const text = await run(['issues']);
    expect(text.out.split('\n')[0]).toMatch(/^ISSUE\s+EVENTS\s+USERS\s+LEVEL\s+LAST SEEN\s+TITLE$/);
    expect(text.out).toContain(fixture('org-issues')[0].shortId);
  });

  it('issue <id> prints details', async () => {
    fake = await startFixtureServer();
    const { code, out } = await run(['issue', '1']);
    expect(code).toBe(0);
    expect(out).toContain(fixture('issue').title);
  });

  it('exits 2 with a message naming the missing variable, 1 on an API error', async () => {
    fake = await startFixtureServer(() => ({ status: 403, body: { detail: 'You do not have permission to perform this action.' } }));
    const missing = await run(['issues'], { SENTRY_AUTH_TOKEN: '' });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('SENTRY_AUTH_TOKEN');
    const denied = await run(['issue', '1']);
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/HTTP 403: You do not have permission.*check SENTRY_AUTH_TOKEN/);
    expect(denied.err).not.toContain('tok\n');
    expect((await run(['nope'])).code).toBe(2);
  });

  const bin = fileURLToPath(new URL('../../bin/sentry-stats.mjs', import.meta.url));
  const built = existsSync(fileURLToPath(new URL('../../dist/cli.js', import.meta.url)));
  it.skipIf(!built)('the bin reads its config from the environment and runs against a real server', async () => {
    fake = await startFixtureServer();
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'issues', '--json', '--limit', '1'], {
      env: { PATH: process.env.PATH, SENTRY_AUTH_TOKEN: 'tok', SENTRY_ORG: 'acme', SENTRY_API_URL: fake.baseUrl },
    });
    expect(JSON.parse(stdout)).toHaveLength(1);
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer tok');
  });
});
