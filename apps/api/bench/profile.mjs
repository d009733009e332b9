// Where a variant's CPU goes on one route: starts the loopback receiver (bench/receiver.mjs), the
// variant as bench/run.mjs does but under `node --cpu-prof`, loads it with autocannon, stops it so
// the profile is written, and prints self time per package and per function in µs per request
// (only the samples of the measured load; profiling itself inflates every figure, so compare
// shares and variants profiled side by side, not absolute values with run.mjs).
// Usage: node bench/profile.mjs --variant kit --route throwing [--seconds 5] [--top 30] [--dir /tmp/prof]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { load, ROUTES, SERVER_ARGS } from './load.mjs';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'kit' },
    route: { type: 'string', default: 'throwing' },
    seconds: { type: 'string', default: '5' },
    top: { type: 'string', default: '30' },
    dir: { type: 'string' },
  },
});
const appDir = fileURLToPath(new URL('..', import.meta.url));
const path = ROUTES[values.route];
const args = SERVER_ARGS[values.variant];
if (path === undefined || args === undefined) throw new Error(`--variant bare|sentry|kit|init, --route ${Object.keys(ROUTES).join('|')}`);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'api-profile-'));

const receiver = spawn(process.execPath, [join(appDir, 'bench/receiver.mjs')], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const dsn = await firstMatch(receiver, /\{"dsn":"([^"]+)"\}/);
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200', ...args], {
  cwd: appDir,
  env: { PATH: process.env.PATH, PORT: '0', SENTRY_DSN: dsn, SENTRY_ENVIRONMENT: 'bench', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const baseUrl = `http://127.0.0.1:${await firstMatch(child, /\{"listening":(\d+)\}/)}`;
await load(baseUrl, path, { duration: 1 }); // warm-up
const loadStart = Date.now();
const result = await load(baseUrl, path, { duration: Number(values.seconds) });
const loadEnd = Date.now();
// The kit flushes and exits on SIGINT (core-config's handler); the baseline server exits on SIGTERM.
child.kill(values.variant === 'kit' || values.variant === 'init' ? 'SIGINT' : 'SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
receiver.disconnect();

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

function firstMatch(proc, pattern) {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const match = pattern.exec(out);
      if (match) resolve(match[1]);
    });
    proc.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}`)));
  });
}
