// Where a variant's CPU goes on one route: starts the loopback receiver (bench/receiver.mjs), the
// variant as bench/run.mjs does but under `node --cpu-prof`, loads it with autocannon, stops it so
// the profile is written, and prints self time per package and per function in µs per request
// (only the samples of the measured load; profiling itself inflates every figure, so compare
// shares and variants profiled side by side, not absolute values with run.mjs).
// Usage: node bench/profile.mjs --variant kit --route throwing [--seconds 5] [--top 30] [--dir /tmp/prof]
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { load, ROUTES, SERVER_ARGS, startReceiver, startServer } from './load.mjs';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'kit' },
    route: { type: 'string', default: 'throwing' },
    seconds: { type: 'string', default: '5' },
    top: { type: 'string', default: '30' },
    dir: { type: 'string' },
  },
});
const path = ROUTES[values.route];
if (path === undefined || !(values.variant in SERVER_ARGS)) throw new Error(`--variant bare|sentry|kit|init, --route ${Object.keys(ROUTES).join('|')}`);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'api-profile-'));

const receiver = await startReceiver();
const { child, url: baseUrl } = await startServer(values.variant, { dsn: receiver.dsn, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200'] });
await load(baseUrl, path, { duration: 1 }); // warm-up
const loadStart = Date.now();
const result = await load(baseUrl, path, { duration: Number(values.seconds) });
const loadEnd = Date.now();
// core-config flushes and exits on SIGTERM; the baselines exit through bench/without-kit/register.mjs.
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
receiver.child.disconnect();

// The main thread's profile (the loader hooks' worker writes a second, smaller one).
const file = readdirSync(dir).filter((f) => f.includes(`.${child.pid}.0.`)).map((f) => join(dir, f))[0];
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let time = profile.startTime;
// Profile times are µs on a monotonic clock whose end is the process's exit: take the load's window.
const lo = profile.endTime - (Date.now() - loadStart) * 1000;
const hi = profile.endTime - (Date.now() - loadEnd) * 1000;
profile.samples.forEach((id, i) => {
  time += profile.timeDeltas[i];
  if (time >= lo && time <= hi) self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i]);
});
const where = (url) => {
  if (!url) return '(vm)';
  const pkg = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((@[^/]+\/)?[^/]+)/.exec(url) ?? /\/(?:packages|apps)\/([^/]+)\//.exec(url);
  return pkg ? pkg[1] : url.replace(/^node:internal\/([^/]+).*/, 'node:$1');
};
const byPackage = new Map();
const byFunction = new Map();
for (const [id, t] of self) {
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  if (functionName === '(idle)' || functionName === '(program)') continue;
  const pkg = where(url) === '(vm)' ? functionName : where(url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + t);
  const fn = `${functionName || '(anonymous)'} ${where(url)}:${lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
}
const requests = result.requests.total;
const busy = [...byPackage.values()].reduce((a, b) => a + b, 0);
console.log(`${values.variant} ${values.route}: ${Math.round(result.requests.average)} req/s under the profiler, ${(busy / requests).toFixed(0)} µs busy per request; profile ${file}`);
const show = (title, map) => {
  console.log(`\n${title}`);
  console.table([...map].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)).map(([name, t]) => ({ name, 'µs/req': (t / requests).toFixed(1), share: `${((100 * t) / busy).toFixed(1)}%` })));
};
show('self time by package', byPackage);
show('self time by function', byFunction);

