// Streams N issues through `listIssues` from a loopback server serving 100-item pages.
// Baseline, measured in the same run: a bare fetch + JSON.parse loop over the same pages (no
// validation, no retries). Memory: heap after a forced GC, sampled every 1,000 issues.
// Run: pnpm --filter @causal-organism/stats-client bench   (needs `pnpm build` first)
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { recordFigures } from '@causal-organism/bench-report';
import { createStatsClient } from '../dist/index.js';

const gc = globalThis.gc ?? (() => {});
const SIZES = [10_000, 100_000];

async function startServer(total) {
  const child = fork(new URL('./server.mjs', import.meta.url), [String(total)], { stdio: 'inherit' });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function measure(label, total, consume) {
  const server = await startServer(total);
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = 0;
  let seen = 0;
  const onItem = () => {
    seen += 1;
    if (seen % 1000 === 0) {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
  };
  const start = performance.now();
  await consume(server.baseUrl, onItem);
  const ms = performance.now() - start;
  server.stop();
  if (seen !== total) throw new Error(`${label}: expected ${total} issues, saw ${seen}`);
  return { label, total, ms, perSecond: total / (ms / 1000), peakRetainedMiB: peak / 1024 / 1024 };
}

async function viaClient(baseUrl, onItem) {
  const client = createStatsClient({ baseUrl, token: 'bench', org: 'acme', project: 'api' });
  for await (const _issue of client.listIssues({ statsPeriod: '24h' })) onItem();
}

async function viaBareFetch(baseUrl, onItem) {
  let cursor;
  for (;;) {
    const res = await fetch(`${baseUrl}/api/0/organizations/acme/issues/?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: 'Bearer bench' } });
    const page = await res.json();
    for (const _issue of page) onItem();
    const next = /cursor="([^"]+)"[^,]*$/.exec(res.headers.get('link') ?? '');
    if (!/rel="next"; results="true"/.test(res.headers.get('link') ?? '') || !next) break;
    cursor = next[1];
  }
}

if (!globalThis.gc) console.warn('run with node --expose-gc for retained-heap figures');
const rows = [];
for (const total of SIZES) {
  rows.push(await measure('baseline (bare fetch)', total, viaBareFetch));
  rows.push(await measure('stats-client listIssues', total, viaClient));
}
console.log('| run | issues | time (s) | issues/s | peak retained heap (MiB) |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.label} | ${r.total.toLocaleString('en')} | ${(r.ms / 1000).toFixed(2)} | ${Math.round(r.perSecond).toLocaleString('en')} | ${r.peakRetainedMiB.toFixed(2)} |`);
const find = (label, total) => rows.find((r) => r.label === label && r.total === total);
const c10 = find('stats-client listIssues', 10_000);
const c100 = find('stats-client listIssues', 100_000);
const b100 = find('baseline (bare fetch)', 100_000);
console.log(`\nthroughput vs baseline at 100k: ${(c100.perSecond / b100.perSecond).toFixed(2)}x`);
console.log(`peak retained heap 100k / 10k: ${(c100.peakRetainedMiB / c10.peakRetainedMiB).toFixed(2)}x (flat = about 1; 10x more issues)`);

// Flat means the retained heap does not grow with the number of issues: ten times more issues, and
// the peak stays within 2x (it would be about 10x if the client kept what it had already yielded).
const b10 = find('baseline (bare fetch)', 10_000);
const throughput = c100.perSecond / b100.perSecond;
const heapGrowth = c100.peakRetainedMiB / c10.peakRetainedMiB;
recordFigures(
  [
    {
      id: 'stream-throughput',
      figure: 'stats-client `listIssues` streaming 100,000 issues, throughput',
      result: `${Math.round(c100.perSecond).toLocaleString('en')} issues/s`,
      baseline: `bare \`fetch\` + \`JSON.parse\` loop ${Math.round(b100.perSecond).toLocaleString('en')} issues/s`,
      goal: '—',
      ratio: `${throughput.toFixed(2)}x`,
      met: null,
      command: 'pnpm bench',
    },
    {
      id: 'stream-memory',
      figure: 'stats-client `listIssues`, peak retained heap, 100,000 vs 10,000 issues',
      result: `${c100.peakRetainedMiB.toFixed(2)} MiB vs ${c10.peakRetainedMiB.toFixed(2)} MiB`,
      baseline: `bare \`fetch\` loop ${b100.peakRetainedMiB.toFixed(2)} MiB vs ${b10.peakRetainedMiB.toFixed(2)} MiB`,
      goal: 'memory flat (≤ 2x for 10x the issues)',
      ratio: `${heapGrowth.toFixed(2)}x`,
      met: globalThis.gc ? heapGrowth <= 2 : null,
      command: 'pnpm bench',
    },
  ],
  { source: 'packages/stats-client' },
);
