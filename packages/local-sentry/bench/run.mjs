// Ingest throughput and latency, issue-list latency at 100k events, and memory, for the built
// package (dist/). Run: `pnpm --filter @causal-organism/local-sentry bench` (after build).
// Everything runs on loopback; the server is a child process so its memory is its own, and the
// senders run in this process. The machine is shared, so ingest is measured in several short
// rounds, each a burst to the baseline server and then one to local-sentry, and the figures are
// the median round's.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { recordFigures } from '@causal-organism/bench-report';

const here = new URL('.', import.meta.url);
const KEY = '0123456789abcdef0123456789abcdef';
const TOKEN = 'local-sentry-token';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MEASURED = Number(process.env.BENCH_EVENTS ?? 5_000); // per round
const TOTAL = Number(process.env.BENCH_TOTAL ?? 100_000);
const reference = JSON.parse(readFileSync(new URL('reference-event.json', here), 'utf8'));

/** A realistic envelope: the reference event with unique ids and ~7 KB of incompressible data, gzipped to 10-15 KB. */
function makeEnvelope(i) {
  const event = structuredClone(reference);
  event.event_id = randomBytes(16).toString('hex');
  event.timestamp = Date.now() / 1000;
  event.exception.values[0].type = `BenchError${i % 50}`;
  event.extra = { ...event.extra, payload: randomBytes(7000).toString('base64'), request_id: randomBytes(16).toString('hex') };
  const header = JSON.stringify({ event_id: event.event_id, sent_at: new Date().toISOString(), sdk: { name: 'sentry.javascript.node', version: '11.12.0' } });
  return gzipSync(`${header}\n{"type":"event"}\n${JSON.stringify(event)}\n`);
}

function startChild(args) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const lines = [];
    child.stdout.on('data', (c) => {
      out += c;
      lines.push(...String(c).split('\n'));
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], lines });
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${out}`)));
  });
}

/** The server's own view of its memory, through bench/memory-probe.mjs. */
async function memoryOf(server) {
  server.lines.length = 0;
  server.child.kill('SIGUSR2');
  for (let i = 0; i < 100; i++) {
    const line = server.lines.find((l) => l.startsWith('memory '));
    if (line) return JSON.parse(line.slice(7));
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the server did not report its memory');
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const get = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)[1]) / 1024;
  return { rssMb: get('VmRSS'), peakMb: get('VmHWM') };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function send(url, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(`${url}${path}`, { method: body ? 'POST' : 'GET', agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// The senders share the 2 cores with the server, so they must cost little: each is one keep-alive
// socket writing pre-built requests (head and gzipped body in one buffer) and reading the small
// answers with a minimal HTTP/1.1 parser, instead of http.request's per-request machinery.
class RawSender {
  constructor(url) {
    const { hostname, port } = new URL(url);
    this.socket = connect({ host: hostname, port: Number(port), noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.buffer = Buffer.alloc(0);
    this.waiting = undefined;
    this.socket.on('data', (chunk) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
  }

  parse() {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0 || this.waiting === undefined) return;
    const head = this.buffer.toString('latin1', 0, end);
    const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < end + 4 + length) return;
    this.buffer = this.buffer.subarray(end + 4 + length);
    const { resolve, started } = this.waiting;
    this.waiting = undefined;
    resolve({ status: Number(head.slice(9, 12)), ms: Number(process.hrtime.bigint() - started) / 1e6 });
  }

  send(request) {
    return new Promise((resolve) => {
      this.waiting = { resolve, started: process.hrtime.bigint() };
      this.socket.write(request);
    });
  }

  close() {
    this.socket.destroy();
  }
}

const requestCache = new Map();
function requestsFor(url, envelopes) {
  if (!requestCache.has(url)) {
    const { host } = new URL(url);
    const path = `/api/1/envelope/?sentry_key=${KEY}&sentry_version=7`;
    requestCache.set(
      url,
      envelopes.map((body) =>
        Buffer.concat([
          Buffer.from(`POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-sentry-envelope\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n`),
          body,
        ]),
      ),
    );
  }
  return requestCache.get(url);
}

async function burst(url, envelopes, count) {
  const requests = requestsFor(url, envelopes);
  const latencies = [];
  let next = 0;
  let failures = 0;
  const senders = Array.from({ length: CONCURRENCY }, () => new RawSender(url));
  await Promise.all(senders.map((s) => s.ready));
  const started = performance.now();
  await Promise.all(
    senders.map(async (sender) => {
      while (next < count) {
        const r = await sender.send(requests[next++ % requests.length]);
        if (r.status !== 200) failures++;
        latencies.push(r.ms);
      }
    }),
  );
  for (const sender of senders) sender.close();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  return { perSecond: count / seconds, p50: pct(50), p99: pct(99), failures };
}

const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });


async function main() {
  const pool = Array.from({ length: 500 }, (_, i) => makeEnvelope(i));
  const sizes = pool.map((b) => b.length).sort((a, b) => a - b);
  console.log(`envelopes: ${fmt(sizes[0] / 1024, 1)}-${fmt(sizes[sizes.length - 1] / 1024, 1)} KB gzipped; ${CONCURRENCY} concurrent senders; Node ${process.version}`);

  const baseline = await startChild([new URL('baseline-server.mjs', here).pathname]);
  const dir = mkdtempSync(join(tmpdir(), 'local-sentry-bench-'));
  const db = join(dir, 'bench.db');
  const server = await startChild(['--import', new URL('memory-probe.mjs', here).pathname, new URL('../dist/cli.js', here).pathname, 'start', '--port', '0', '--db', db, '--quiet']);
  const figures = [];
  const command = 'pnpm bench';
  try {
    await burst(baseline.url, pool, 2000); // warm-up
    await burst(server.url, pool, 1000); // warm-up (creates the 50 issues)
    console.log(`\ningest (durable: WAL, every 200 after its commit is fsynced), ${ROUNDS} rounds of ${fmt(MEASURED)} events, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
    const rounds = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const base = await burst(baseline.url, pool, MEASURED);
      const ingest = await burst(server.url, pool, MEASURED);
      rounds.push({ base, ingest, ratio: ingest.perSecond / base.perSecond });
      console.log(
        `  round ${round}: baseline ${fmt(base.perSecond)} events/s (p50 ${fmt(base.p50, 1)}, p99 ${fmt(base.p99, 1)} ms); local-sentry ${fmt(ingest.perSecond)} events/s (p50 ${fmt(ingest.p50, 1)}, p99 ${fmt(ingest.p99, 1)} ms, non-200: ${ingest.failures}); ratio ${fmt(ingest.perSecond / base.perSecond, 2)}x`,
      );
    }
    // The median round by ratio to its own baseline.
    const mid = [...rounds].sort((x, y) => x.ratio - y.ratio)[Math.floor(rounds.length / 2)];
    const { base, ingest } = mid;
    const ingested = 1000 + ROUNDS * MEASURED;
    console.log(`  median round: ${fmt(ingest.perSecond)} events/s (${fmt(mid.ratio, 2)}x baseline ${fmt(base.perSecond)}), p50 ${fmt(ingest.p50, 1)} ms, p99 ${fmt(ingest.p99, 1)} ms (baseline p99 ${fmt(base.p99, 1)} ms)`);
    const met = ingest.perSecond >= 2000 && ingest.p99 < 25;
    console.log(`  goal: >= 2,000 events/s and p99 < 25 ms -> ${met ? 'met' : 'NOT met'}`);
    figures.push(
      {
        id: 'ingest-throughput',
        figure: 'ingest, 11 KB gzipped envelopes, 16 keep-alive senders, fsync before 200',
        result: `${fmt(ingest.perSecond)} events/s`,
        baseline: `gunzip-and-200 server ${fmt(base.perSecond)} events/s`,
        goal: '≥ 2,000 events/s',
        ratio: `${fmt(mid.ratio, 2)}x`,
        met: ingest.perSecond >= 2000,
      },
      {
        id: 'ingest-latency',
        figure: 'ingest latency p50 / p99 (same round)',
        result: `${fmt(ingest.p50, 1)} / ${fmt(ingest.p99, 1)} ms`,
        baseline: `${fmt(base.p50, 1)} / ${fmt(base.p99, 1)} ms`,
        goal: 'p99 < 25 ms',
        ratio: `p99 ${fmt(ingest.p99 / base.p99, 2)}x`,
        met: ingest.p99 < 25,
      },
    );

    const afterRounds = await memoryOf(server);
    const remaining = TOTAL - ingested;
    let fill;
    if (remaining > 0) {
      fill = await burst(server.url, pool, remaining);
      console.log(`  sustained while filling to ${fmt(TOTAL)} events: ${fmt(fill.perSecond)} events/s, p50 ${fmt(fill.p50, 1)} ms, p99 ${fmt(fill.p99, 1)} ms`);
    }
    const stored = Math.max(TOTAL, ingested);
    const memory = await memoryOf(server);
    const peak = rssOf(server.child.pid).peakMb;
    const file = statSync(db).size + (statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0);

    const auth = { authorization: `Bearer ${TOKEN}` };
    const queries = {
      'is:unresolved, sort=date, limit=25': '/api/0/organizations/local/issues/?query=is:unresolved&statsPeriod=14d&limit=25',
      'sort=freq, limit=100': '/api/0/organizations/local/issues/?query=&sort=freq&limit=100',
      'error.type:BenchError7': '/api/0/organizations/local/issues/?query=error.type:BenchError7',
    };
    console.log(`\nissue list at ${fmt(stored)} stored events (50 issues), 100 sequential requests each`);
    let worstP99 = 0;
    for (const [name, path] of Object.entries(queries)) {
      const times = [];
      for (let i = 0; i < 100; i++) {
        const r = await send(server.url, path, undefined, auth);
        if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.body}`);
        times.push(r.ms);
      }
      times.sort((a, b) => a - b);
      worstP99 = Math.max(worstP99, times[98]);
      console.log(`  ${name.padEnd(36)} median ${fmt(times[49], 1)} ms, p99 ${fmt(times[98], 1)} ms (goal < 50 ms: ${times[98] < 50 ? 'met' : 'NOT met'})`);
    }
    const issue = JSON.parse((await send(server.url, '/api/0/organizations/local/issues/?query=&limit=1', undefined, auth)).body)[0];
    const ev = await send(server.url, `/api/0/organizations/local/issues/${issue.id}/events/latest/`, undefined, auth);
    console.log(`  latest event of an issue with ${issue.count} events: ${fmt(ev.ms, 1)} ms`);
    const ts = await send(server.url, '/api/0/organizations/local/events-timeseries/?dataset=errors&interval=60&statsPeriod=1h', undefined, auth);
    console.log(`  events-timeseries (1h, per minute): ${fmt(ts.ms, 1)} ms`);
    const mb = (bytes) => fmt(bytes / 1024 / 1024);
    console.log(
      `\nmemory of the server process after ingesting ${fmt(stored)} events: RSS ${mb(memory.rss)} MB (peak ${fmt(peak)} MB; after the measured rounds ${mb(afterRounds.rss)} MB), main-thread V8 heap ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)} MB; database ${fmt(file / 1024 / 1024)} MB`,
    );
    figures.push(
      {
        id: 'issue-list-100k',
        figure: `issue list p99 (worst of 3 queries) at ${fmt(stored)} events`,
        result: `${fmt(worstP99, 1)} ms`,
        baseline: '—',
        goal: '< 50 ms',
        met: worstP99 < 50,
      },
      {
        id: 'memory-after-ingest',
        figure: `server memory after ingesting ${fmt(stored)} events`,
        result: `RSS ${mb(memory.rss)} MB, heap ${mb(memory.heapUsed)} MB`,
        baseline: '—',
        goal: '—',
        met: null,
      },
    );
    if (fill !== undefined) {
      figures.push({
        id: 'ingest-sustained',
        figure: `ingest sustained while filling to ${fmt(TOTAL)} events`,
        result: `${fmt(fill.perSecond)} events/s, p99 ${fmt(fill.p99, 1)} ms`,
        baseline: '—',
        goal: '≥ 2,000 events/s',
        met: fill.perSecond >= 2000,
      });
    }
    recordFigures(
      figures.map((f) => ({ ...f, command })),
      { source: 'packages/local-sentry' },
    );
  } finally {
    baseline.child.kill();
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    agent.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
