import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startFakeSentry, type FakeResponse, type FakeSentry, type RecordedRequest } from './fake-sentry';

/** Loads `test/fixtures/<name>.json` (taken from the examples of Sentry's OpenAPI document). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are arbitrary JSON that tests poke into
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}.json`, import.meta.url)), 'utf8')) as T;
}

const ROUTES: Array<[RegExp, string]> = [
  [/^\/api\/0\/projects\/[^/]+\/[^/]+\/stats\/$/, 'project-stats'],
  [/^\/api\/0\/projects\/[^/]+\/[^/]+\/issues\/$/, 'project-issues'],
  [/^\/api\/0\/organizations\/[^/]+\/stats_v2\/$/, 'stats-v2'],
  [/^\/api\/0\/organizations\/[^/]+\/events-timeseries\/$/, 'events-timeseries'],
  [/^\/api\/0\/organizations\/[^/]+\/issues\/$/, 'org-issues'],
  [/^\/api\/0\/organizations\/[^/]+\/issues\/[^/]+\/$/, 'issue'],
  [/^\/api\/0\/organizations\/[^/]+\/issues\/[^/]+\/events\/$/, 'issue-events'],
  [/^\/api\/0\/organizations\/[^/]+\/issues\/[^/]+\/events\/[^/]+\/$/, 'issue-event'],
];

/** Which fixture answers a path, if any. */
export function fixtureFor(path: string): string | undefined {
  return ROUTES.find(([re]) => re.test(path))?.[1];
}

/** A fake Sentry that answers every documented read path with its fixture; `override` can replace an answer. */
export function startFixtureServer(override?: (req: RecordedRequest) => FakeResponse | undefined): Promise<FakeSentry> {
  return startFakeSentry((req) => {
    const custom = override?.(req);
    if (custom) return custom;
    const name = fixtureFor(req.path);
    if (!name) return { status: 404, body: { detail: 'The requested resource does not exist' } };
    return { body: fixture(name) };
  });
}
