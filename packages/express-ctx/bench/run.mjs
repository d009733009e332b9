// Throughput and p99 of three servers side by side, in interleaved rounds on loopback:
//   bare   express /ok, no Sentry
//   sentry plain Sentry.init (stock defaults, no tracesSampleRate), started with --import
//   ctx    the same plus createContextMiddleware + createErrorHandler
// Goal: ctx >= 0.95x sentry on a non-error route (all of express-ctx's per-request cost < 5%).
// Usage: node bench/run.mjs [--rounds 5] [--seconds 3] [--connections 10] [--path /users/42]
//                           [--variants bare,sentry,ctx] (add `noop` to see the noise floor)
// Run `pnpm build` first (it measures dist/).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { recordFigures } from '@causal-organism/bench-report';
import { startTestReceiver } from '@causal-organism/test-receiver';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    path: { type: 'string', default: '/users/42' },
    // `noop` (Sentry + an empty middleware) shows how far two equal servers differ on this machine.
    variants: { type: 'string', default: 'bare,sentry,ctx' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const here = fileURLToPath(new URL('.', import.meta.url));

const receiver = await startTestReceiver();
const variants = values.variants.split(',');
for (const required of ['sentry', 'ctx']) if (!variants.includes(required)) throw new Error(`--variants must include ${required}`);
const servers = {};
for (const variant of variants) servers[variant] = await start(variant);

const results = Object.fromEntries(variants.map((v) => [v, { rps: [], p99: [], cpu: [] }]));
const headers = { 'x-user-id': 'user-1234', 'x-request-id': 'bench-request-0001', 'user-agent': 'autocannon' };
try {
  // Warm-up: JIT and connection set-up, not measured.
  for (const variant of variants) await load(servers[variant].url, 1);
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no variant always runs first (or right after the same neighbour).
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) {
      const before = await cpuMicros(servers[variant].url);
      const result = await load(servers[variant].url, seconds);
      const after = await cpuMicros(servers[variant].url);
      results[variant].rps.push(result.requests.average);
      results[variant].p99.push(result.latency.p99);
      results[variant].cpu.push((after - before) / result.requests.total);
    }
  }
} finally {
  for (const variant of variants) servers[variant].child.kill('SIGTERM');
  await receiver.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (variant) => {
  const rps = median(results[variant].rps);
  return {
    variant,
    'req/s (median)': Math.round(rps),
    'x bare': results.bare ? (rps / median(results.bare.rps)).toFixed(2) : '-',
    'x sentry': (rps / median(results.sentry.rps)).toFixed(3),
    'p99 ms (median)': median(results[variant].p99),
    'CPU µs/req (median)': Math.round(median(results[variant].cpu)),
  };
};
console.log(`GET ${values.path}, ${connections} connections, ${rounds} interleaved rounds x ${seconds}s, node ${process.version}`);
console.table(variants.map(row));
// Paired per round (the two ran seconds apart), so slow drifts in machine load cancel out.
const ratio = median(results.ctx.rps.map((rps, i) => rps / results.sentry.rps[i]));
const cpuRatio = median(results.ctx.cpu) / median(results.sentry.cpu);
if (results.noop) {
  const noise = median(results.noop.rps.map((rps, i) => rps / results.sentry.rps[i]));
  console.log(`noise floor: empty middleware vs plain Sentry.init: ${noise.toFixed(3)}x throughput, ${(median(results.noop.cpu) / median(results.sentry.cpu)).toFixed(3)}x CPU/request`);
}
console.log(`express-ctx throughput vs plain Sentry.init (median of per-round ratios): ${ratio.toFixed(3)}x (goal >= 0.95x): ${ratio >= 0.95 ? 'MET' : 'NOT MET'}`);
const ctxRow = row('ctx');
const sentryRow = row('sentry');
// The goal is about the non-error route; other paths (--path /fail) are printed, not recorded.
if (values.path === '/users/42') recordFigures(
  [
    {
      id: 'express-ctx-non-error-throughput',
      figure: `express-ctx middleware + error handler, GET ${values.path}: req/s vs plain \`Sentry.init\` (paired per round), ${connections} connections`,
      result: `${ctxRow['req/s (median)']} req/s, p99 ${ctxRow['p99 ms (median)']} ms, ${ctxRow['CPU µs/req (median)']} µs CPU/req`,
      baseline: `plain \`Sentry.init\` ${sentryRow['req/s (median)']} req/s, p99 ${sentryRow['p99 ms (median)']} ms, ${sentryRow['CPU µs/req (median)']} µs CPU/req`,
      goal: '≥ 0.95x',
      ratio: `${ratio.toFixed(2)}x`,
      met: ratio >= 0.95,
      command: `node bench/run.mjs --rounds ${rounds} --seconds ${seconds} --path ${values.path}`,
    },
  ],
  { source: 'packages/express-ctx' },
);
console.log(`express-ctx server CPU per request vs plain Sentry.init: ${cpuRatio.toFixed(3)}x (+${((cpuRatio - 1) * 100).toFixed(1)}%)`);

async function cpuMicros(url) {
  const response = await fetch(`${url}/__cpu`);
  return (await response.json()).micros;
}

function load(url, duration) {
  return autocannon({ url: `${url}${values.path}`, connections, duration, headers });
}

function start(variant) {
  const args = variant === 'bare' ? ['server.mjs'] : ['--import', './instrument.mjs', 'server.mjs'];
  const child = spawn(process.execPath, args, {
    cwd: here,
    env: { PATH: process.env.PATH, VARIANT: variant, SENTRY_DSN: receiver.dsn },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve({ child, url: `http://127.0.0.1:${match[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
}
