import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** What the fake answers. `raw` wins over `body`; `delayMs` delays headers; `stallBodyMs` sends headers then stalls. */
export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: string;
  delayMs?: number;
  stallBodyMs?: number;
}

export type FakeHandler = (req: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeSentry {
  baseUrl: string;
  requests: RecordedRequest[];
  setHandler(handler: FakeHandler): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 with a programmable answer per request. */
export async function startFakeSentry(handler: FakeHandler): Promise<FakeSentry> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const text = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: text === '' ? undefined : JSON.parse(text),
        };
        requests.push(recorded);
        let answer: FakeResponse;
        try {
          answer = await current(recorded);
        } catch (error) {
          answer = { status: 599, body: { detail: `fake handler threw: ${(error as Error).message}` } };
        }
        if (answer.delayMs) await wait(answer.delayMs);
        if (res.destroyed) return;
        const payload = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        if (answer.stallBodyMs) {
          res.write(payload.slice(0, 1));
          await wait(answer.stallBodyMs);
          if (!res.destroyed) res.end(payload.slice(1));
          return;
        }
        res.end(payload);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    setHandler(next) {
      current = next;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A clock whose sleeps return at once and advance `now`, recording every wait. */
export function createFakeClock(startMs = Date.UTC(2026, 7, 16, 10, 0, 0)): { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void>; sleeps: number[] } {
  let t = startMs;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
    sleeps,
  };
}

/** Builds a Sentry `Link` header for a page, with both rels like Sentry sends. */
export function linkHeader(opts: { url: string; prev?: string; next?: string; hasNext: boolean }): string {
  const prev = opts.prev ?? '0:0:1';
  const next = opts.next ?? '0:100:0';
  return (
    `<${opts.url}&cursor=${prev}>; rel="previous"; results="false"; cursor="${prev}", ` +
    `<${opts.url}&cursor=${next}>; rel="next"; results="${opts.hasNext}"; cursor="${next}"`
  );
}
