// The context middleware's own CPU cost per request, in-process (no HTTP, so it is stable on a
// busy machine): each iteration forks an isolation scope as the SDK's HTTP integration does and
// runs (a) just `next()` or (b) the middleware, then a route dispatch (`req.route = ...`).
// Usage: node bench/micro.mjs [--iterations 200000]   (after `pnpm build`)
import { parseArgs } from 'node:util';
import * as Sentry from '@sentry/node';
import express from 'express';
import { createContextMiddleware } from '../dist/index.js';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '200000' } } });
const iterations = Number(values.iterations);
Sentry.init({ dsn: 'http://public@127.0.0.1:9/1' });

const app = express();
const middleware = createContextMiddleware({ trustUserIdHeader: true });
const route = { path: '/:id' };
function makeReq(i) {
  const req = Object.create(app.request);
  req.method = 'GET';
  req.url = '/users/42';
  req.baseUrl = '/users';
  req.headers = { 'x-user-id': `user-${i & 1023}`, 'x-request-id': `bench-${i & 1023}`, 'user-agent': 'micro', host: 'localhost' };
  return req;
}
const res = { headersSent: false, setHeader() {} };
const noop = () => {};

function run(label, handler) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const req = makeReq(i);
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
