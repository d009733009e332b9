// The servers and traffic bench/run.mjs measures and bench/profile.mjs profiles: one definition,
// so a profile always shows what the figures come from.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

// `throwing`: an export storm over many reports (autocannon puts a fresh id in `[<id>]` for each
// request), so each error names its report, as real failures name what failed. The SDK's dedupe
// only drops an event equal to the one before it, so plain Sentry builds and sends every one (the
// issue's baseline: 0.14 of bare, about 1.4 ms CPU per captured error). `throwing-identical`: one
// report, one constant message (the json export's TypeError): dedupe drops every repeat after
// the first, so plain Sentry sends nothing at all during the storm; shown for comparison.
export const ROUTES = {
  'non-error': '/reports/q3-revenue',
  throwing: '/reports/r-[<id>]/export?format=csv',
  'throwing-identical': '/reports/q3-revenue/export?format=json',
};

const WITHOUT_KIT = ['--import', './bench/without-kit/register.mjs'];

/**
 * Node arguments of each variant, run in the app's folder. The baselines are this api itself
 * without the kit (see bench/without-kit/register.mjs), so they differ from `kit` in the kit alone.
 */
export const SERVER_ARGS = {
  // The api as production starts it: core-config + express-ctx + scrubbing + fingerprints.
  kit: ['--import', './dist/instrument.js', './dist/server.js'],
  // Diagnostic: core-config's init without express-ctx, to split the kit's cost between the two.
  init: ['--import', './dist/instrument.js', ...WITHOUT_KIT, './dist/server.js'],
  // Plain Sentry.init with stock defaults and no tracesSampleRate.
  sentry: ['--import', './bench/instrument-plain.mjs', ...WITHOUT_KIT, './dist/server.js'],
  // No Sentry at all.
  bare: [...WITHOUT_KIT, './dist/server.js'],
};

/** The same gateway headers on every request: a trusted user id and a request id to reuse. */
const HEADERS = { 'x-user-id': 'user-1234', 'x-request-id': 'bench-request-0001', 'user-agent': 'autocannon', accept: 'application/json' };

/** Loads `baseUrl` + `path` for `duration` seconds; resolves with autocannon's result. */
export function load(baseUrl, path, { connections = 10, duration }) {
  return autocannon({ url: `${baseUrl}${path}`, connections, duration, headers: HEADERS, idReplacement: path.includes('[<id>]') });
}

/** Starts the loopback receiver (bench/receiver.mjs); resolves with its process and its DSN. */
export async function startReceiver() {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./receiver.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return { child, dsn: await firstMatch(child, /\{"dsn":"([^"]+)"\}/) };
}

/** Starts a variant's server on a free port; `nodeArgs` go before the variant's (e.g. `--cpu-prof`). */
export async function startServer(variant, { dsn, nodeArgs = [] }) {
  const child = spawn(process.execPath, [...nodeArgs, ...SERVER_ARGS[variant]], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH, PORT: '0', SENTRY_DSN: dsn, SENTRY_ENVIRONMENT: 'bench', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await firstMatch(child, /\{"listening":(\d+)\}/);
  return { child, pid: child.pid, url: `http://127.0.0.1:${port}` };
}

/** The first capture group of `pattern` in what `proc` prints; rejects if it exits first. */
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
