/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's JSON responses loosely, as a client would */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as Sentry from '@sentry/node';
import { startLocalSentry } from '../src/server';
import type { LocalSentry, LocalSentryOptions } from '../src/types';

export const KEY = '0123456789abcdef0123456789abcdef';

/** A clock tests move by hand. */
export function fakeClock(start = Date.UTC(2026, 10, 1, 12, 0, 0)): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms), set: (ms) => void (t = ms) };
}

export async function start(options: LocalSentryOptions = {}): Promise<LocalSentry> {
  return startLocalSentry({ db: ':memory:', ...options });
}

/** GET/POST the Web API with the bearer token. */
export async function api(server: LocalSentry, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${server.apiUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** Initialises the real @sentry/node SDK against a DSN, with nothing but the default pipeline. */
export function initSdk(dsn: string, options: Partial<Sentry.NodeOptions> = {}): void {
  Sentry.init({ dsn, defaultIntegrations: false, integrations: [], ...options });
}

/** Builds an envelope body by hand (for cases the SDK never produces). */
export function envelope(header: Record<string, unknown>, items: Array<[Record<string, unknown>, unknown]>): string {
  return [JSON.stringify(header), ...items.flatMap(([h, p]) => [JSON.stringify(h), typeof p === 'string' ? p : JSON.stringify(p)])].join('\n') + '\n';
}

export function post(server: LocalSentry, body: string | Buffer, options: { projectId?: number; query?: string; headers?: Record<string, string>; endpoint?: string } = {}): Promise<Response> {
  const query = options.query ?? `sentry_key=${KEY}&sentry_version=7`;
  return fetch(`${server.url}/api/${options.projectId ?? 1}/${options.endpoint ?? 'envelope'}/?${query}`, { method: 'POST', body, headers: options.headers ?? {} });
}

export function errorEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    level: 'error',
    platform: 'node',
    exception: { values: [{ type: 'TypeError', value: 'x is undefined', stacktrace: { frames: [{ function: 'handler', module: 'app.orders', filename: '/app/orders.js', lineno: 10, in_app: true }] } }] },
    ...overrides,
  };
}

/** A loopback webhook receiver that records bodies and can fail the first N calls. */
export async function startWebhookReceiver(options: { failFirst?: number; delayMs?: number } = {}): Promise<{ url: string; bodies: any[]; attempts: number; close: () => Promise<void> }> {
  const state = { bodies: [] as any[], attempts: 0 };
  let failures = options.failFirst ?? 0;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.attempts++;
      const answer = (): void => {
        if (failures > 0) {
          failures--;
          res.writeHead(500).end('down');
          return;
        }
        state.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200).end('ok');
      };
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    get bodies() {
      return state.bodies;
    },
    get attempts() {
      return state.attempts;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
