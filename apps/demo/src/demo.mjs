#!/usr/bin/env node
// The platform demo, one command: local-sentry, Redis, apps/api and apps/worker as the real processes
// they are in production, a scripted scenario, and a report read back through stats-client.
//   node apps/demo/src/demo.mjs [--once] [--summary <file.json>]
// With SENTRY_DSN, SENTRY_AUTH_TOKEN, SENTRY_ORG and SENTRY_PROJECT set, it runs against real Sentry.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformDefaultRules } from '@causal-organism/alerts';
import { Queue } from 'bullmq';
import { startLocalSentry } from '@causal-organism/local-sentry';
import { createStatsClient } from '@causal-organism/stats-client';
import { freePort, servicesAvailable, startPostgres, startRedis } from '@causal-organism/test-services';
import { startWebhookReceiver } from '@causal-organism/test-receiver';
import { request } from './http.mjs';
import { startProcess } from './processes.mjs';
import { PLANTED, scenarioBodies } from './planted.mjs';

const argv = process.argv.slice(2);
const once = argv.includes('--once');
const summaryPath = argv.includes('--summary') ? argv[argv.indexOf('--summary') + 1] : undefined;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const realSentry = ['SENTRY_DSN', 'SENTRY_AUTH_TOKEN', 'SENTRY_ORG', 'SENTRY_PROJECT'].every((name) => process.env[name]);
const running = [];
const started = Date.now();

const step = (text) => process.stdout.write(`\n▸ ${text}\n`);
const info = (text) => process.stdout.write(`  ${text}\n`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

async function stopAll() {
  for (const item of running.reverse()) {
    try {
      await item.stop();
    } catch {
      // keep stopping the rest
    }
  }
  running.length = 0;
}
process.on('SIGINT', () => {
  process.stdout.write('\nStopping everything the demo started…\n');
  void stopAll().then(() => process.exit(130));
});

/** Redis from Debian's package; installed on the fly when we are root and it is missing. */
function ensureRedis() {
  if (servicesAvailable().redis) return true;
  if (process.getuid?.() !== 0) return false;
  info('redis-server is not installed: installing Debian package redis-server (apt-get)…');
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    return false;
  }
  return servicesAvailable().redis;
}

async function main() {
  const summary = { mode: realSentry ? 'sentry' : 'local-sentry', checks: {} };
  step(realSentry ? `Using real Sentry (${process.env.SENTRY_ORG}/${process.env.SENTRY_PROJECT})` : 'Starting local-sentry (SQLite in .local-sentry/demo.db)');
  const webhook = await startWebhookReceiver();
  running.push({ stop: webhook.close });
  let sentry;
  let stats;
  let dsn;
  if (realSentry) {
    dsn = process.env.SENTRY_DSN;
    stats = createStatsClient({
      baseUrl: process.env.SENTRY_API_URL ?? 'https://sentry.io',
      token: process.env.SENTRY_AUTH_TOKEN,
      org: process.env.SENTRY_ORG,
      project: process.env.SENTRY_PROJECT,
    });
  } else {
    mkdirSync(join(root, '.local-sentry'), { recursive: true });
    const db = join(root, '.local-sentry', 'demo.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
    sentry = await startLocalSentry({
      db,
      port: Number(process.env.LOCAL_SENTRY_PORT ?? 0),
      rules: platformDefaultRules({
        actions: [
          { type: 'webhook', url: `${webhook.url}/slack`, format: 'slack' },
          { type: 'webhook', url: `${webhook.url}/incidents`, format: 'generic' },
        ],
      }),
    });
    running.push({ stop: () => sentry.close() });
    dsn = sentry.dsn;
    stats = createStatsClient({ baseUrl: sentry.url, token: sentry.token, org: sentry.organization, project: 'local' });
    info(`SENTRY_DSN=${dsn}`);
    info(`dashboard: ${sentry.url}/`);
  }

  step('Starting Redis and PostgreSQL on loopback (Debian packages)');
  let redis;
  if (ensureRedis()) {
    redis = await startRedis();
    running.push(redis);
    info(`redis-server on ${redis.url}`);
  } else {
    info('✘ redis-server is not available and could not be installed: the worker and POST /exports are skipped');
  }
  let databaseUrl;
  if (servicesAvailable().postgres) {
    const postgres = await startPostgres({ password: 'the-real-password' });
    running.push(postgres);
    // The api is given a wrong password on purpose: a real authentication failure from the real driver.
    databaseUrl = `postgres://postgres:${encodeURIComponent('not-the-password')}@127.0.0.1:${postgres.port}/postgres`;
    info(`postgres on 127.0.0.1:${postgres.port} (the api is configured with a wrong password)`);
  } else {
    databaseUrl = `postgres://postgres:pw@127.0.0.1:${await freePort()}/postgres`;
    info('postgresql is not installed: the api points at a closed port instead (connection refused)');
  }

  const sentryEnv = {
    SENTRY_DSN: dsn,
    SENTRY_ENVIRONMENT: process.env.SENTRY_ENVIRONMENT ?? 'demo',
    SENTRY_RELEASE: process.env.SENTRY_RELEASE ?? 'demo@1.0.0',
    SENTRY_TRACES_SAMPLE_RATE: '1',
  };
  const apiDir = join(root, 'apps/api');
  const startApi = (name, env) =>
    startProcess({
      name,
      cwd: apiDir,
      args: ['--import', './dist/instrument.js', './dist/server.js'],
      env: { ...sentryEnv, PORT: '0', HOST: '127.0.0.1', API_CRASH_ROUTES: '1', ...env },
      ready: (json) => typeof json.listening === 'number',
    });

  step('Starting apps/api (node --import ./dist/instrument.js ./dist/server.js)');
  const apiEnv = { DATABASE_URL: databaseUrl, ...(redis ? { REDIS_URL: redis.url } : {}) };
  let api = startApi('api', apiEnv);
  running.push(api);
  let apiUrl = `http://127.0.0.1:${(await api.ready).listening}`;
  info(`api on ${apiUrl}`);
  // A second instance as a misconfigured canary: its database and cache point at closed ports.
  const canary = startApi('api-canary', {
    DATABASE_URL: `postgres://postgres:pw@127.0.0.1:${await freePort()}/postgres`,
    REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    SENTRY_SERVER_NAME: 'api-canary',
  });
  running.push(canary);
  const canaryUrl = `http://127.0.0.1:${(await canary.ready).listening}`;
  info(`api-canary on ${canaryUrl} (DATABASE_URL and REDIS_URL point at closed ports)`);

  let worker;
  if (redis) {
    step('Starting apps/worker (node --import ./dist/instrument.js ./dist/worker.js)');
    worker = startProcess({
      name: 'worker',
      cwd: join(root, 'apps/worker'),
      args: ['--import', './dist/instrument.js', './dist/worker.js'],
      env: { ...sentryEnv, REDIS_URL: redis.url, METRICS_PORT: '0', WORKER_SIMULATIONS: 'true' },
      ready: (json) => json.ready === true,
    });
    running.push(worker);
    await worker.ready;
    info('worker consuming the exports queue');
  }

  step('Scenario');
  let retryQueue;
  const retryJobs = [];
  const user = (id) => ({ 'x-user-id': id, 'x-request-id': `demo-${id}-${Date.now()}` });
  const tally = {};
  const record = (label, status) => {
    tally[label] ??= {};
    tally[label][status] = (tally[label][status] ?? 0) + 1;
  };
  info('normal traffic: 20 × GET /health');
  for (let i = 0; i < 20; i++) record('GET /health', await request(apiUrl, '/health', { headers: user('u-1') }));
  info('validation errors carrying planted PII (card, SSN, password, API key, email)');
  for (const body of scenarioBodies.users) record('POST /users', await request(apiUrl, '/users', { method: 'POST', body, headers: user('u-2') }));
  for (const body of scenarioBodies.payments) {
    record('POST /accounts/:id/payments', await request(apiUrl, '/accounts/acc-42/payments', { method: 'POST', body, headers: user('u-3') }));
  }
  if (redis) {
    info('export jobs queued for the worker (PDF export fails there: the worker has no PDF renderer)');
    for (let i = 0; i < 3; i++) {
      record('POST /exports', await request(apiUrl, '/exports', { method: 'POST', body: { reportId: `r-${100 + i}`, format: 'pdf' }, headers: user('u-4') }));
    }
    // A bad job fails once and is never retried; a transient failure is retried with backoff. These two
    // go straight onto the queue, as any producer would, with the requester's email as job data.
    info('export jobs with retries (attempts: 3, backoff 300 ms): one fails once then succeeds, one fails every attempt');
    const { hostname, port, password } = new URL(redis.url);
    retryQueue = new Queue('exports', { connection: { host: hostname, port: Number(port), password: password || undefined, maxRetriesPerRequest: null } });
    running.push({ stop: () => retryQueue.close() });
    const retry = { attempts: 3, backoff: { type: 'fixed', delay: 300 } };
    const flaky = await retryQueue.add('export', { reportId: 'r-flaky', format: 'csv', requestedBy: PLANTED.email, simulate: 'fail-once' }, retry);
    const broken = await retryQueue.add('export', { reportId: 'r-broken', format: 'json', requestedBy: PLANTED.email, simulate: 'fail' }, retry);
    retryJobs.push({ id: flaky.id, reportId: 'r-flaky', expect: 'fails once, then succeeds' }, { id: broken.id, reportId: 'r-broken', expect: 'fails every attempt' });
  }
  info('database connection failures from the real drivers (pg auth failure, refused pg and redis)');
  for (let i = 0; i < 2; i++) record('GET /orders/:id', await request(apiUrl, `/orders/${i + 1}`, { headers: user('u-5') }));
  for (let i = 0; i < 2; i++) record('canary GET /orders/:id', await request(canaryUrl, `/orders/${i + 1}`, { headers: user('u-5') }));
  for (let i = 0; i < 2; i++) record('canary GET /sessions/:id', await request(canaryUrl, `/sessions/s-${i}`, { headers: user('u-5') }));
  info('an unhandled rejection crashes the api; it is captured, flushed, and the api is restarted');
  record('POST /crash/unhandled-rejection', await request(apiUrl, '/crash/unhandled-rejection', { method: 'POST' }));
  info(`  api exited with ${await api.exited}`);
  api = startApi('api', apiEnv);
  running.push(api);
  apiUrl = `http://127.0.0.1:${(await api.ready).listening}`;
  info(`  api restarted on ${apiUrl}`);
  info('a burst: 15 failing exports in a few seconds (more than 10 errors in a minute)');
  for (let i = 0; i < 15; i++) record('GET /reports/:id/export', await request(apiUrl, `/reports/r-${i}/export`, { headers: user(`u-${10 + i}`) }));
  info('a brand-new error type: the JSON export path, never failed before (TypeError on bigint amounts)');
  record('GET /reports/:id/export?format=json', await request(apiUrl, '/reports/r-99/export?format=json', { headers: user('u-30') }));
  summary.requests = tally;

  step('Waiting for delivery');
  // PDF jobs: one event each; r-flaky: attempt 1; r-broken: attempts 1, 2 and 3.
  const expectedMinimum = 15 + 5 + 2 + 2 + 2 + 1 + 1 + (redis ? 3 + 1 + 3 : 0);
  let last = -1;
  let stableSince = Date.now();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    let total = 0;
    for await (const issue of stats.listIssues({ statsPeriod: '1h', limit: 500 })) total += Number(issue.count);
    if (total !== last) {
      last = total;
      stableSince = Date.now();
      info(`${elapsed()}  ${total} events stored`);
    }
    // Worker retries back off for a few seconds: wait until nothing has arrived for 6 s.
    if (total >= expectedMinimum && Date.now() - stableSince > 6_000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (!realSentry) await sentry.idle();

  step('Report (read back through stats-client)');
  const issues = [];
  for await (const issue of stats.listIssues({ statsPeriod: '1h', sort: 'freq', limit: 100 })) issues.push(issue);
  const rows = [];
  const stored = [];
  for (const issue of issues) {
    const latest = await stats.getIssueEvent({ issueId: issue.id, eventId: 'latest' });
    for await (const event of stats.listIssueEvents({ issueId: issue.id, full: true, limit: 1000 })) stored.push(event);
    rows.push({ count: Number(issue.count), level: issue.level, title: issue.title.slice(0, 58), fingerprint: (latest.fingerprints ?? latest.fingerprint ?? []).join(' · ').slice(0, 60) });
  }
  console.table(rows);
  summary.issues = rows;

  const rate = await stats.errorRate({ window: '15m', bucket: '1m' });
  const perMinute = rate.buckets.map((b) => b.count);
  info(`errors per minute, last 15 min: ${sparkline(perMinute)}  (peak ${Math.max(0, ...perMinute)}/min, alert threshold 10/min)`);
  summary.errorsPerMinute = perMinute;

  if (!realSentry) {
    const response = await fetch(`${sentry.url}/api/0/organizations/${sentry.organization}/local-sentry/alerts/`, {
      headers: { authorization: `Bearer ${sentry.token}` },
    });
    const alerts = await response.json();
    const fired = Array.isArray(alerts) ? alerts : (alerts.results ?? []);
    info(`alerts fired: ${fired.length}`);
    for (const alert of fired.slice(0, 12)) info(`  • ${alert.ruleName ?? alert.rule ?? alert.kind}: ${alert.title ?? alert.message ?? ''}`.slice(0, 110));
    info(`webhook deliveries received on loopback: ${webhook.deliveries.length} (${[...new Set(webhook.deliveries.map((d) => d.path))].join(', ')})`);
    summary.alerts = fired.map((a) => a.kind ?? a.ruleKind ?? a.ruleName);
    summary.webhookDeliveries = webhook.deliveries.length;
  }

  if (retryQueue) {
    info('worker retries (events tagged job.id and job.attempt; job state from BullMQ):');
    const tag = (event, key) => (event.tags ?? []).find((t) => t.key === key)?.value;
    summary.jobRetries = [];
    for (const job of retryJobs) {
      const events = stored.filter((event) => tag(event, 'job.id') === String(job.id));
      const attempts = events.map((event) => Number(tag(event, 'job.attempt'))).sort((a, b) => a - b);
      const finalAttempts = events.filter((event) => tag(event, 'job.final_attempt') === 'true').map((event) => Number(tag(event, 'job.attempt')));
      const bull = await retryQueue.getJob(job.id);
      const state = bull ? await bull.getState() : 'missing';
      const trail = attempts.map((n) => `attempt ${n} ✘${finalAttempts.includes(n) ? ' (final)' : ''}`);
      if (state === 'completed') trail.push(`attempt ${bull.attemptsMade} ✔`);
      info(`  job ${job.id} ${job.reportId} (${job.expect}): ${trail.join(' → ')}  [${state} after ${bull?.attemptsMade ?? 0} attempts]`);
      summary.jobRetries.push({ jobId: String(job.id), reportId: job.reportId, capturedAttempts: attempts, finalAttempts, state, attemptsMade: bull?.attemptsMade ?? 0 });
    }
    const [flaky, broken] = summary.jobRetries;
    summary.checks.retriesVisible =
      flaky.state === 'completed' && flaky.attemptsMade === 2 && flaky.capturedAttempts.join() === '1' && flaky.finalAttempts.length === 0 &&
      broken.state === 'failed' && broken.capturedAttempts.join() === '1,2,3' && broken.finalAttempts.join() === '3';
    info(`${summary.checks.retriesVisible ? '✔' : '✘'} every failed attempt captured once, tagged with its attempt number; the last one marked final`);
  }

  const haystack = JSON.stringify(stored);
  const leaks = Object.entries(PLANTED).filter(([, secret]) => haystack.includes(secret));
  summary.storedEvents = stored.length;
  summary.checks.noSecretsStored = leaks.length === 0;
  info(
    leaks.length === 0
      ? `✔ scrubbing: none of the ${Object.keys(PLANTED).length} planted secrets appears in the ${stored.length} stored events`
      : `✘ scrubbing: found ${leaks.map(([name]) => name).join(', ')} in stored events`,
  );
  summary.checks.everyKindArrived = ['export-error', 'database-connection-error', 'validation-error'].every((kind) =>
    rows.some((row) => row.fingerprint.startsWith(kind)),
  );
  info(`${summary.checks.everyKindArrived ? '✔' : '✘'} export, database-connection and validation errors each grouped by their fingerprint`);

  if (summaryPath) writeFileSync(summaryPath, JSON.stringify(summary, null, 2));
  const ok = Object.values(summary.checks).every(Boolean);
  if (!realSentry) step(`Dashboard: ${sentry.url}/   (api page: ${apiUrl}/)`);
  if (once) {
    await stopAll();
    process.exit(ok ? 0 : 1);
  }
  info('Everything keeps running; Ctrl-C stops every process the demo started.');
}

function sparkline(values) {
  const ticks = '▁▂▃▄▅▆▇█';
  const max = Math.max(1, ...values);
  return values.map((v) => ticks[Math.min(ticks.length - 1, Math.floor((v / max) * (ticks.length - 1)))]).join('');
}

main().catch(async (error) => {
  process.stderr.write(`\n✘ demo failed: ${error.stack ?? error}\n`);
  for (const item of running) if (item.output) process.stderr.write(`--- last output of ${item.name}:\n${item.output.slice(-15).join('\n')}\n`);
  await stopAll();
  process.exit(1);
});
