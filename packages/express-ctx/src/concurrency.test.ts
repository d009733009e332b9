import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import { Agent } from 'node:http';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type ExpressFlavour, type RunningApp } from '../test/helpers';

const REQUESTS = 1_000;

function post(url: URL, args: { agent: Agent; headers: Record<string, string>; body: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: args.agent, headers: { ...args.headers, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(args.body);
  });
}

// 1,000 requests in flight at once against one real server, each failing later from a timer so
// their handlers interleave. Every event must carry its own request's user, request id, body,
// URL and route, and no other request's.
interface Case {
  flavour: ExpressFlavour;
  env: Record<string, string>;
  label: string;
  /** Route suffix under /users/:id and what the error message says. */
  route: 'later' | 'invalid-later';
  status: number;
  message: RegExp;
  requests: number;
}

describe.each<Case>([
  { flavour: 'express', env: {}, label: '', route: 'later', status: 500, message: /^late failure for user-(\d+)$/, requests: REQUESTS },
  { flavour: 'express4', env: {}, label: '', route: 'later', status: 500, message: /^late failure for user-(\d+)$/, requests: REQUESTS },
  // Without the SDK's Http integration there is no per-request scope: express-ctx writes nothing
  // shared and puts the context on the events its handler captures (here 422s) one by one.
  {
    flavour: 'express',
    env: { NO_HTTP_INTEGRATION: '1' },
    label: ', without the SDK Http integration',
    route: 'invalid-later',
    status: 422,
    message: /^late invalid for user-(\d+)$/,
    // Fewer: this case checks the no-scope path, the two above carry the 1,000-request load.
    requests: 300,
  },
])('$flavour under $requests concurrent requests$label', ({ flavour, env, route, status, message, requests }) => {
  let receiver: TestReceiver;
  let app: RunningApp;
  beforeAll(async () => {
    receiver = await startTestReceiver();
    app = await startApp({ express: flavour, dsn: receiver.dsn, env: { SENTRY_BUFFER: '4000', ...env } });
  });
  afterAll(async () => {
    await app?.stop();
    await receiver?.close();
  });

  it('gives each event exactly its own request data', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: requests });
    const statuses = await Promise.all(
      Array.from({ length: requests }, (_, i) =>
        post(new URL(`${app.url}/users/user-${i}/${route}?n=${i}`), {
          agent,
          headers: { 'x-user-id': `user-${i}`, 'x-request-id': `req-${i}` },
          body: JSON.stringify({ n: i, note: `note-${i}`, password: `pw-${i}` }),
        }),
      ),
    );
    agent.destroy();
    expect(statuses.every((s) => s === status)).toBe(true);
    await receiver.waitFor((r) => r.events().length >= requests, 60_000);

    const events = receiver.events();
    expect(events).toHaveLength(requests);
    const seen = new Set<number>();
    for (const event of events) {
      const i = Number(message.exec(event.exception.values[0].value)?.[1]);
      expect(Number.isInteger(i)).toBe(true);
      seen.add(i);
      expect(event.user.id).toBe(`user-${i}`);
      expect(event.tags.request_id).toBe(`req-${i}`);
      expect(event.request.headers['x-request-id']).toBe(`req-${i}`);
      expect(event.request.data).toEqual({ n: i, note: `note-${i}`, password: '[Filtered]' });
      expect(event.request.url).toMatch(new RegExp(`/users/user-${i}/${route}$`));
      expect(event.request.query_string).toEqual([['n', String(i)]]);
      expect(event.transaction).toBe(`POST /users/:id/${route}`);
    }
    expect(seen.size).toBe(requests);
    if (env.NO_HTTP_INTEGRATION) expect(app.stderr()).toContain('no per-request Sentry isolation scope');
  }, 120_000);
});
