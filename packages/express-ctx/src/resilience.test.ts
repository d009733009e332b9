import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import * as Sentry from '@sentry/node';
import express, { type NextFunction, type Request, type Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContextMiddleware, createErrorHandler } from './index';

// In-process (express loaded before Sentry.init, so no channel instrumentation): express-ctx's
// own failures must never reach the app, and a failure to build request context must not let
// the raw body out.
describe('telemetry never breaks the host', () => {
  let receiver: TestReceiver;
  let server: Server;
  let url: string;
  const warnings: string[] = [];
  const logger = {
    warn(message: string) {
      warnings.push(message);
      throw new Error('a broken logger');
    },
  };
  const context = createContextMiddleware({
    trustUserIdHeader: true,
    logger,
    onInvalidUserId() {
      throw new Error('a broken counter hook');
    },
  });

  beforeAll(async () => {
    receiver = await startTestReceiver();
    Sentry.init({ dsn: receiver.dsn, dataCollection: { httpBodies: [] } });
    const app = express();
    app.use(context);
    app.use(express.json());
    app.use(function poisonBody(req: Request, _res: Response, next: NextFunction) {
      // A body that throws when read: scrubbing it fails.
      if (req.path === '/poison') {
        req.body = Object.defineProperty({ password: 'hunter2' }, 'boom', {
          enumerable: true,
          get() {
            throw new Error('unreadable body');
          },
        });
      }
      next();
    });
    app.post('/poison', function poison() {
      throw new Error('route failed');
    });
    app.get('/fine', function fine(_req: Request, res: Response) {
      res.send('fine');
    });
    app.use(createErrorHandler({ logger }));
    app.use(function finalHandler(err: Error, _req: Request, res: Response, _next: NextFunction) {
      res.status(500).send(`app saw: ${err.message}`);
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await Sentry.close(2000);
    await receiver?.close();
  });

  it('serves the request when a hook and the logger throw', async () => {
    const response = await fetch(`${url}/fine`, { headers: { 'x-user-id': 'bad value!' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('fine');
    expect(context.stats.invalidUserIds).toBe(1);
    expect(context.stats.internalErrors).toBe(1);
    expect(warnings.some((w) => w.includes('onInvalidUserId threw'))).toBe(true);
  });

  it('sends a reduced event, never the raw body, when request context cannot be built', async () => {
    const response = await fetch(`${url}/poison`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'hunter2' }),
    });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('app saw: route failed');
    await receiver.waitFor((r) => r.events().length >= 1);
    const [event] = receiver.events();
    expect(event.exception.values[0].value).toBe('route failed');
    expect(event.request).toEqual({ method: 'POST' });
    expect(receiver.envelopes.map((e) => e.raw.toString()).join('')).not.toContain('hunter2');
    expect(warnings.some((w) => w.includes('could not attach request context'))).toBe(true);
    // Not started with --import: the handler captured it and said so once.
    expect(warnings.filter((w) => w.includes('--import'))).toHaveLength(1);
  });
});
