// The context middleware's own CPU cost per request, in-process (no HTTP, so it is stable on a
// busy machine): each iteration forks an isolation scope as the SDK's HTTP integration does and
// runs (a) just `next()` or (b) the middleware, then a route dispatch (`req.route = ...`).
// Requests are real `http.IncomingMessage` objects on Express's request prototype, in a few
// different shapes as in a real server (middleware and routes add different properties): with one
// shape only, V8 caches every property store and the figure hides what a server pays.
// Usage: node bench/micro.mjs [--iterations 200000] [--dist ../dist/index.js]   (after `pnpm build`)
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import * as Sentry from '@sentry/node';
import express from 'express';
import { recordFigures } from '@causal-organism/bench-report';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '200000' }, dist: { type: 'string', default: '../dist/index.js' } } });
const { createContextMiddleware } = await import(values.dist);
const iterations = Number(values.iterations);
Sentry.init({ dsn: 'http://public@127.0.0.1:9/1' });

const app = express();
const middleware = createContextMiddleware({ trustUserIdHeader: true });
const route = { path: '/:id' };
const socket = new Socket();
function makeReq(i) {
  const req = new IncomingMessage(socket);
  req.method = 'GET';
  req.url = '/users/42';
  req.headers = { 'x-user-id': `user-${i & 1023}`, 'x-request-id': `bench-${i & 1023}`, 'user-agent': 'micro', host: 'localhost' };
  // What Express and earlier middleware add before this one runs, in one of eight shapes.
  Object.setPrototypeOf(req, app.request);
  req.res = res;
  req.baseUrl = '/users';
  req.originalUrl = '/users/42';
  req[`extra${i & 7}`] = i;
  return req;
}
const res = { headersSent: false, setHeader() {} };
const noop = () => {};

function run(label, handler) {
  // Made before the clock starts: building a request costs more than what is measured.
  const reqs = Array.from({ length: iterations }, (_, i) => makeReq(i));
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const req = reqs[i];
    Sentry.withIsolationScope(() => handler(req, res, () => {
      req.route = route;
      noop();
    }));
  }
  return Number(process.hrtime.bigint() - start) / iterations;
}

const results = { baseline: [], middleware: [] };
for (let round = 0; round < 5; round++) {
  results.baseline.push(run('baseline', (_req, _res, next) => next()));
  results.middleware.push(run('middleware', middleware));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(results.baseline);
const withCtx = median(results.middleware);
console.log(`${iterations} iterations x 5 rounds, node ${process.version}`);
console.log(`fork scope + next():            ${(base / 1000).toFixed(2)} µs/request`);
console.log(`fork scope + context middleware: ${(withCtx / 1000).toFixed(2)} µs/request`);
console.log(`express-ctx's own cost:          ${((withCtx - base) / 1000).toFixed(2)} µs/request`);

recordFigures(
  [
    {
      id: 'express-ctx-per-request',
      figure: "express-ctx context middleware, its own CPU per request (in-process, real IncomingMessage, route dispatch)",
      result: `${((withCtx - base) / 1000).toFixed(2)} µs`,
      baseline: `fork isolation scope + next() ${(base / 1000).toFixed(2)} µs`,
      goal: '—',
      met: null,
      command: `node bench/micro.mjs --iterations ${iterations}`,
    },
  ],
  { source: 'packages/express-ctx' },
);
