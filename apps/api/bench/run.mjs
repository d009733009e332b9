// apps/api throughput and p99 against its baselines, side by side, in interleaved rounds on loopback:
//   kit     the api, started as production starts it: core-config + express-ctx + scrubbing +
//           fingerprints (node --import ./dist/instrument.js ./dist/server.js)
//   sentry  the same api without the kit: plain Sentry.init (stock defaults, no tracesSampleRate,
//           --import ./bench/instrument-plain.mjs), express-ctx replaced by pass-throughs
//           (--import ./bench/without-kit/register.mjs)
//   bare    the same api with no Sentry at all
//   init    (diagnostic) core-config's init, express-ctx replaced: splits the kit's cost
// Baselines and kit differ in the kit alone: the issue's "all our context costs under 5%".
// Routes: GET /reports/:id (non-error; goal kit >= 0.95x sentry), GET /reports/:id/export?format=csv
// over many report ids (throws; goal kit >= 1.5x sentry) and the json export of one report (throws
// one identical error; no goal, shown for comparison). Every error goes to one loopback receiver for all variants,
// in its own process (bench/receiver.mjs), so parsing envelopes does not compete with autocannon;
// each variant and route has its own project id in the DSN, so events are counted per variant.
// Server CPU per request is read from /proc/<pid>/stat, far steadier than throughput on a shared box.
// express-ctx's bench/run.mjs is the model; it measures its own server file, so this is its twin
// for the api's real entry point.
// Usage: node bench/run.mjs [--rounds 7] [--seconds 3] [--connections 10] [--variants bare,sentry,kit,init]
//        [--routes non-error,throwing,throwing-identical]   (a subset is a diagnostic: its figures are not recorded)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { recordFigures } from '@causal-organism/bench-report';
import { load as loadRoute, ROUTES, SERVER_ARGS, startReceiver, startServer } from './load.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    // `init` (core-config's initSentry, express-ctx replaced by pass-throughs) splits the kit's
    // cost between core-config and express-ctx.
    variants: { type: 'string', default: 'bare,sentry,kit' },
    routes: { type: 'string', default: 'non-error,throwing,throwing-identical' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const routeNames = values.routes.split(',');
for (const name of routeNames) if (!(name in ROUTES)) throw new Error(`--routes takes ${Object.keys(ROUTES).join(', ')}, not ${name}`);
const routes = Object.fromEntries(routeNames.map((name) => [name, ROUTES[name]]));
const allRoutes = Object.keys(routes).length === Object.keys(ROUTES).length;
const variants = values.variants.split(',');
for (const required of ['bare', 'sentry', 'kit']) if (!variants.includes(required)) throw new Error(`--variants must include ${required}`);
for (const variant of variants) if (!(variant in SERVER_ARGS)) throw new Error(`--variants takes ${Object.keys(SERVER_ARGS).join(', ')}, not ${variant}`);

const receiver = await startReceiver();
// Same receiver, one project id per variant and route: http://public@127.0.0.1:<port>/<n>
const dsnFor = (variant, route) => receiver.dsn.replace(/\/\d+$/, `/${projectOf(variant, route)}`);
const results = {};
for (const route of Object.keys(routes)) for (const v of variants) results[`${route}:${v}`] = { rps: [], p99: [], cpu: [] };
// Each route on its own fresh servers, variants interleaved round by round. Sharing servers
// between routes let one route's aftermath land in another's figures: after its storms plain
// Sentry's non-error requests cost up to a third more (its transport still sending, a bigger
// heap), which would flatter the kit.
for (const [route, path] of Object.entries(routes)) {
  const servers = {};
  for (const variant of variants) servers[variant] = await startServer(variant, { dsn: dsnFor(variant, route) });
  try {
    for (const variant of variants) await load(servers[variant].url, path, 1); // warm-up
    for (let round = 0; round < rounds; round++) {
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
  } finally {
    for (const variant of variants) servers[variant].child.kill('SIGTERM');
  }
  // After the servers' shutdown flush, so every event they sent is counted.
  await Promise.all(variants.map((variant) => new Promise((resolve) => servers[variant].child.once('exit', resolve))));
}
const eventCounts = await new Promise((resolve) => {
  receiver.child.once('message', (message) => resolve(message.counts));
  receiver.child.send('counts');
});
receiver.child.disconnect();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`apps/api, ${connections} connections, ${rounds} interleaved rounds x ${seconds}s, node ${process.version}`);
const goals = { 'non-error': 0.95, throwing: 1.5 };
const labels = {
  'non-error': 'non-error route (full kit)',
  throwing: 'throwing route, export storm over many reports (full kit)',
  'throwing-identical': 'throwing route, one identical error repeated (full kit; plain Sentry dedupes it)',
};
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
  figures.push({
    id: `api-${route}-throughput`,
    figure: `apps/api ${labels[route]}: req/s vs plain \`Sentry.init\` (paired per round), ${connections} connections`,
    result: `${Math.round(m('kit', 'rps'))} req/s, p99 ${m('kit', 'p99')} ms, ${Math.round(m('kit', 'cpu'))} µs CPU/req`,
    baseline: `plain \`Sentry.init\` ${Math.round(m('sentry', 'rps'))} req/s, p99 ${m('sentry', 'p99')} ms, ${Math.round(m('sentry', 'cpu'))} µs CPU/req`,
    goal: route in goals ? `≥ ${goals[route]}x` : '—',
    ratio: `${ratio.toFixed(2)}x`,
    met: route in goals ? ratio >= goals[route] : null,
    command,
  });
  const verdict = route in goals ? `goal >= ${goals[route]}x: ${ratio >= goals[route] ? 'MET' : 'NOT MET'}` : 'no goal';
  summary.push(`${route}: kit vs plain Sentry.init ${ratio.toFixed(2)}x req/s (median of per-round ratios; ${verdict}); server CPU per request ${cpu.toFixed(2)}x (${Math.round(m('kit', 'cpu'))} vs ${Math.round(m('sentry', 'cpu'))} µs)`);
}
console.log(`\n${summary.join('\n')}`);
if (allRoutes) recordFigures(figures, { source: 'apps/api' });
else console.log('(a subset of the routes: a diagnostic run, figures not recorded)');
for (const route of Object.keys(routes)) {
  console.log(`events received, ${route}: ${variants.map((v) => `${v} ${eventCounts[projectOf(v, route)] ?? 0}`).join(', ')}`);
}

function cpuMicros(pid) {
  // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 per second).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function load(url, path, duration) {
  return loadRoute(url, path, { connections, duration });
}

function projectOf(variant, route) {
  return String(Object.keys(ROUTES).indexOf(route) * 10 + variants.indexOf(variant) + 1);
}
