import { parseArgs } from 'node:util';
import { createStatsClient } from '../client';
import { SentryApiError, StatsClientConfigError } from '../errors';
import type { StatsClient } from '../types';
import { sparkline, table } from './format';

/** Where the CLI writes; `process.stdout`/`stderr` in the bin, strings in tests. */
export interface CliStreams {
  write(text: string): unknown;
}

/** Inputs of {@link runStatsCli}: the bin passes `process.argv.slice(2)` and `process.env`. */
export interface RunStatsCliOptions {
  argv: readonly string[];
  /** Environment: SENTRY_AUTH_TOKEN, SENTRY_ORG, SENTRY_PROJECT, SENTRY_API_URL, SENTRY_ENVIRONMENT. */
  env: Readonly<Record<string, string | undefined>>;
  stdout: CliStreams;
  stderr: CliStreams;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

const USAGE = `Usage: sentry-stats <command> [options]

Commands:
  errors-per-minute [--since 1h] [--bucket 1m] [--threshold 10]   error rate with a sparkline
  issues [--since 24h] [--limit 20] [--sort freq] [--query q]      top issues
  issue <id>                                                       one issue
Options:
  --json    print JSON instead of a table

Environment: SENTRY_AUTH_TOKEN (org:read project:read event:read), SENTRY_ORG, SENTRY_PROJECT,
SENTRY_API_URL (default https://sentry.io), SENTRY_ENVIRONMENT (optional filter).
`;

/** Runs the `sentry-stats` CLI and resolves to its exit code (0 ok, 1 API error, 2 usage/config error). */
export async function runStatsCli(options: RunStatsCliOptions): Promise<number> {
  const { stdout, stderr, env } = options;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...options.argv],
      allowPositionals: true,
      options: {
        since: { type: 'string' },
        bucket: { type: 'string', default: '1m' },
        limit: { type: 'string', default: '20' },
        sort: { type: 'string', default: 'freq' },
        query: { type: 'string' },
        threshold: { type: 'string', default: '10' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    stderr.write(`sentry-stats: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    (values.help || command === 'help' ? stdout : stderr).write(USAGE);
    return values.help || command === 'help' ? 0 : 2;
  }
  const missing = ['SENTRY_AUTH_TOKEN', 'SENTRY_ORG'].filter((name) => !env[name]);
  if (missing.length > 0) {
    stderr.write(`sentry-stats: set ${missing.join(' and ')} (a token with org:read, project:read, event:read; the org slug).\n`);
    return 2;
  }
  const environment = env.SENTRY_ENVIRONMENT ? [env.SENTRY_ENVIRONMENT] : undefined;
  try {
    const client = createStatsClient({
      baseUrl: env.SENTRY_API_URL || 'https://sentry.io',
      token: env.SENTRY_AUTH_TOKEN!,
      org: env.SENTRY_ORG!,
      project: env.SENTRY_PROJECT || undefined,
      fetch: options.fetch,
    });
    const print = (text: string): void => void stdout.write(`${text}\n`);
    switch (command) {
      case 'errors-per-minute':
        return await errorsPerMinute(client, { since: values.since ?? '1h', bucket: values.bucket, threshold: Number(values.threshold), json: values.json, environment, print });
      case 'issues':
        return await issues(client, { since: values.since ?? '24h', limit: Number(values.limit), sort: values.sort, query: values.query, json: values.json, environment, print });
      case 'issue': {
        const id = rest[0];
        if (!id) {
          stderr.write('sentry-stats: issue needs an id, e.g. `sentry-stats issue 1234`\n');
          return 2;
        }
        return await issue(client, { id, json: values.json, print });
      }
      default:
        stderr.write(`sentry-stats: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (StatsClientConfigError.isInstance(error)) {
      stderr.write(`sentry-stats: ${error.message}\n`);
      return 2;
    }
    if (SentryApiError.isInstance(error)) {
      const hint = error.status === 401 || error.status === 403 ? ' (check SENTRY_AUTH_TOKEN and its scopes)' : '';
      stderr.write(`sentry-stats: ${error.message}${hint}\n`);
      return 1;
    }
    throw error;
  }
}

type Print = (text: string) => void;

async function errorsPerMinute(
  client: StatsClient,
  o: { since: string; bucket: string; threshold: number; json: boolean; environment: string[] | undefined; print: Print },
): Promise<number> {
  const rate = await client.errorRate({ window: o.since, bucket: o.bucket, environment: o.environment });
  const above = rate.buckets.filter((b) => b.perMinute > o.threshold).length;
  if (o.json) {
    o.print(JSON.stringify({ ...rate, threshold: o.threshold, bucketsAboveThreshold: above }, null, 2));
    return 0;
  }
  const first = rate.buckets[0]?.start.toISOString().slice(11, 16) ?? '';
  const last = rate.buckets.at(-1)?.start.toISOString().slice(11, 16) ?? '';
  o.print(`errors per minute, last ${o.since} (${rate.bucketSeconds / 60}-minute buckets, UTC ${first}–${last})`);
  o.print(sparkline(rate.buckets.map((b) => b.perMinute)));
  o.print(
    table([
      ['total', 'avg/min', 'peak/min', `buckets > ${o.threshold}/min`],
      [String(rate.total), rate.perMinute.toFixed(2), rate.peakPerMinute.toFixed(2), String(above)],
    ]),
  );
  return 0;
}

async function issues(
  client: StatsClient,
  o: { since: string; limit: number; sort: string; query: string | undefined; json: boolean; environment: string[] | undefined; print: Print },
): Promise<number> {
  if (!Number.isInteger(o.limit) || o.limit < 1) throw new StatsClientConfigError(`Invalid --limit ${o.limit}: use a whole number >= 1.`, { code: 'invalid_option', option: 'limit' });
  const list = [];
  for await (const item of client.listIssues({ statsPeriod: o.since, limit: o.limit, sort: o.sort as 'freq', query: o.query, environment: o.environment })) list.push(item);
  if (o.json) {
    o.print(JSON.stringify(list, null, 2));
    return 0;
  }
  if (list.length === 0) {
    o.print(`no issues in the last ${o.since}`);
    return 0;
  }
  o.print(
    table(
      [['ISSUE', 'EVENTS', 'USERS', 'LEVEL', 'LAST SEEN', 'TITLE'], ...list.map((i) => [i.shortId, i.count, String(i.userCount), i.level, i.lastSeen ?? '-', i.title])],
      [24, 10, 8, 8, 24, 80],
    ),
  );
  return 0;
}

async function issue(client: StatsClient, o: { id: string; json: boolean; print: Print }): Promise<number> {
  const details = await client.getIssue(o.id);
  if (o.json) {
    o.print(JSON.stringify(details, null, 2));
    return 0;
  }
  o.print(
    table([
      ['id', details.id],
      ['short id', details.shortId],
      ['title', details.title],
      ['culprit', details.culprit ?? '-'],
      ['level', details.level],
      ['status', details.status],
      ['events', details.count],
      ['users', String(details.userCount)],
      ['first seen', details.firstSeen ?? '-'],
      ['last seen', details.lastSeen ?? '-'],
      ['project', details.project.slug],
      ['link', details.permalink],
    ]),
  );
  return 0;
}
