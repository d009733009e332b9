// apps/api throughput and p99 against its baselines, side by side, in interleaved rounds on loopback:
//   bare    plain express, no Sentry                      (bench/server.mjs)
//   sentry  plain Sentry.init, stock defaults, no tracesSampleRate, --import (bench/server.mjs)
//   kit     the api itself, started as production starts it: core-config + express-ctx +
//           scrubbing + fingerprints (node --import ./dist/instrument.js ./dist/server.js)
// Routes: GET /reports/:id (non-error; goal kit >= 0.95x sentry) and GET /reports/:id/export
// (throws; goal kit >= 1.5x sentry). Every error goes to one loopback receiver for all variants,
// in its own process (bench/receiver.mjs), so parsing envelopes does not compete with autocannon;
// each variant has its own project id in the DSN, so events are counted per variant.
// Server CPU per request is read from /proc/<pid>/stat, far steadier than throughput on a shared box.
// express-ctx's bench/run.mjs is the model; it measures its own server file, so this is its twin
// for the api's real entry point.
// Usage: node bench/run.mjs [--rounds 5] [--seconds 3] [--connections 10] [--variants bare,sentry,kit,init]
//        [--routes non-error,throwing]   (one route alone is a diagnostic: its figures are not recorded)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { recordFigures } from '@causal-organism/bench-report';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    // `init` (core-config's initSentry + the baseline server, no express-ctx, no api routes) splits
    // the kit's cost between the init and the app.
    variants: { type: 'string', default: 'bare,sentry,kit' },
    // Both by default, interleaved on the same servers, as a service sees them. The non-error route
    // alone shows what the error storms of the throwing rounds leave behind in each server.
    routes: { type: 'string', default: 'non-error,throwing' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const appDir = fileURLToPath(new URL('..', import.meta.url));
const ROUTES = { 'non-error': '/reports/q3-revenue', throwing: '/reports/q3-revenue/export?format=json' };
const routeNames = values.routes.split(',');
for (const name of routeNames) if (!(name in ROUTES)) throw new Error(`--routes takes non-error and/or throwing, not ${name}`);
const routes = Object.fromEntries(routeNames.map((name) => [name, ROUTES[name]]));
const allRoutes = Object.keys(routes).length === Object.keys(ROUTES).length;
const variants = values.variants.split(',');
for (const required of ['bare', 'sentry', 'kit']) if (!variants.includes(required)) throw new Error(`--variants must include ${required}`);
const headers = { 'x-user-id': 'user-1234', 'x-request-id': 'bench-request-0001', 'user-agent': 'autocannon', accept: 'application/json' };

const receiver = await startReceiver();
const servers = {};
for (const variant of variants) servers[variant] = await start(variant);

const results = {};
for (const route of Object.keys(routes)) for (const v of variants) results[`${route}:${v}`] = { rps: [], p99: [], cpu: [] };
try {
  for (const variant of variants) for (const path of Object.values(routes)) await load(servers[variant].url, path, 1); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const [route, path] of Object.entries(routes)) {
      // Rotate the order so no variant always runs first.
      const order = variants.map((_, i) => variants[(i + round) % variants.length]);
      for (const variant of order) {
        const before = cpuMicros(servers[variant].pid);
        const result = await load(servers[variant].url, path, seconds);
        const after = cpuMicros(servers[variant].pid);
        const r = results[`${route}:${variant}`];
        r.rps.push(result.requests.average);
        r.p99.push(result.latency.p99);
        r.cpu.push((after - before) / Math.max(result.requests.total, 1));
      }
    }
  }
} finally {
  for (const variant of variants) servers[variant].child.kill('SIGTERM');
}
// After the servers' shutdown flush, so every event they sent is counted.
await Promise.all(variants.map((variant) => new Promise((resolve) => servers[variant].child.once('exit', resolve))));
const eventCounts = await receiver.counts();
receiver.child.disconnect();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`apps/api, ${connections} connections, ${rounds} interleaved rounds x ${seconds}s, node ${process.version}`);
const goals = { 'non-error': 0.95, throwing: 1.5 };
const summary = [];
const figures = [];
const command = `node bench/run.mjs --rounds ${rounds} --seconds ${seconds} --variants ${variants.join(',')}`;
for (const [route, path] of Object.entries(routes)) {
  const m = (v, k) => median(results[`${route}:${v}`][k]);
  console.log(`\n${route}: GET ${path}`);
  console.table(
    variants.map((v) => ({
      variant: v,
      'req/s (median)': Math.round(m(v, 'rps')),
      'x bare': (m(v, 'rps') / m('bare', 'rps')).toFixed(2),
      'x sentry': (m(v, 'rps') / m('sentry', 'rps')).toFixed(2),
      'p99 ms (median)': m(v, 'p99'),
      'CPU µs/req (median)': Math.round(m(v, 'cpu')),
    })),
  );
  // Paired per round (the two ran seconds apart), so slow drifts in machine load cancel out.
  const ratio = median(results[`${route}:kit`].rps.map((rps, i) => rps / results[`${route}:sentry`].rps[i]));
  const cpu = m('kit', 'cpu') / m('sentry', 'cpu');
  const label = route === 'throwing' ? 'throwing route (export error, full kit)' : 'non-error route (full kit)';
  figures.push({
    id: `api-${route}-throughput`,
    figure: `apps/api ${label}: req/s vs plain \`Sentry.init\` (paired per round), ${connections} connections`,
    result: `${Math.round(m('kit', 'rps'))} req/s, p99 ${m('kit', 'p99')} ms, ${Math.round(m('kit', 'cpu'))} µs CPU/req`,
    baseline: `plain \`Sentry.init\` ${Math.round(m('sentry', 'rps'))} req/s, p99 ${m('sentry', 'p99')} ms, ${Math.round(m('sentry', 'cpu'))} µs CPU/req`,
    goal: `≥ ${goals[route]}x`,
    ratio: `${ratio.toFixed(2)}x`,
    met: ratio >= goals[route],
    command,
  });
  summary.push(`${route}: kit vs plain Sentry.init ${ratio.toFixed(2)}x req/s (median of per-round ratios; goal >= ${goals[route]}x: ${ratio >= goals[route] ? 'MET' : 'NOT MET'}); server CPU per request ${cpu.toFixed(2)}x (${Math.round(m('kit', 'cpu'))} vs ${Math.round(m('sentry', 'cpu'))} µs)`);
}
console.log(`\n${summary.join('\n')}`);
if (allRoutes) recordFigures(figures, { source: 'apps/api' });
else console.log('(one route only: a diagnostic run, figures not recorded)');
console.log(`events received (all rounds, both routes): ${variants.map((v, i) => `${v} ${eventCounts[String(i + 1)] ?? 0}`).join(', ')}`);

function cpuMicros(pid) {
  // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 per second).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function load(url, path, duration) {
  return autocannon({ url: `${url}${path}`, connections, duration, headers });
}

async function startReceiver() {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./receiver.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const dsn = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /\{"dsn":"([^"]+)"\}/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
  });
  return {
    child,
    // Same receiver, one project id per variant: http://public@127.0.0.1:<port>/<n>
    dsnFor: (variant) => dsn.replace(/\/\d+$/, `/${variants.indexOf(variant) + 1}`),
    counts: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve(message.counts));
        child.send('counts');
      }),
  };
}

function start(variant) {
  const args = {
    kit: ['--import', './dist/instrument.js', './dist/server.js'],
    init: ['--import', './dist/instrument.js', './bench/server.mjs'],
    sentry: ['--import', './bench/instrument-plain.mjs', './bench/server.mjs'],
    bare: ['./bench/server.mjs'],
  }[variant];
  const child = spawn(process.execPath, args, {
    cwd: appDir,
    env: { PATH: process.env.PATH, PORT: '0', SENTRY_DSN: receiver.dsnFor(variant), SENTRY_ENVIRONMENT: 'bench', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /\{"listening":(\d+)\}/.exec(out);
      if (match) resolve({ child, pid: child.pid, url: `http://127.0.0.1:${match[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
}
