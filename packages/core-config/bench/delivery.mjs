// Delivery benchmark: events delivered / raised, stock `Sentry.init({ dsn })` against the same init
// with core-config's reliable transport, side by side in one run, against a real loopback receiver.
//   (a) burst: 1,000 synchronous captureException calls;
//   (b) slow receiver: every answer takes 250 ms while errors keep coming (sustained load).
// Each scenario x setup runs in its own child process so the two SDK setups share no state.
// Run from packages/core-config after a build:  node bench/delivery.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCENARIOS = {
  burst: { title: 'burst of 1,000 synchronous captures', delayMs: 0, ticks: 1, perTick: 1000, tickMs: 0 },
  slow: { title: 'receiver answering in 250 ms, 100 errors every 100 ms for 3 s', delayMs: 250, ticks: 30, perTick: 100, tickMs: 100 },
};
const DRAIN_LIMIT_MS = 60_000;

const role = process.argv[2];
if (role === 'child') await child(process.argv[3], process.argv[4], process.argv[5]);
else await parent();

async function parent() {
  const { startTestReceiver } = await import('@causal-organism/test-receiver');
  const rows = [];
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    for (const setup of ['stock', 'reliable']) {
      const receiver = await startTestReceiver({ delayMs: scenario.delayMs });
      const run = await runChild([name, setup, receiver.dsn]);
      // Whatever the child put on the wire before it exited has arrived by now or never will.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const delivered = new Set(receiver.events().filter((e) => e.tags?.bench_run === run.runId).map((e) => e.event_id)).size;
      await receiver.close();
      rows.push({ name, setup, ...run, delivered });
    }
  }
  const fmtPct = (x) => `${(x * 100).toFixed(1)}%`;
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(`Delivery benchmark, Node ${process.version}, @sentry/node ${rows[0]?.sdkVersion}\n`);
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    const stock = rows.find((r) => r.name === name && r.setup === 'stock');
    const ours = rows.find((r) => r.name === name && r.setup === 'reliable');
    console.log(`(${name === 'burst' ? 'a' : 'b'}) ${scenario.title}`);
    for (const r of [stock, ours]) {
      console.log(
        `  ${r.setup.padEnd(9)} delivered ${String(r.delivered).padStart(5)} / ${r.raised} raised = ${fmtPct(r.delivered / r.raised).padStart(6)}` +
          `   all in ${(r.deliveredMs / 1000).toFixed(1)} s   peak extra RSS ${mb(r.peakRss)}, heap ${mb(r.peakHeap)} (after GC ${mb(r.peakRetained)})` +
          (r.setup === 'reliable' ? `   (peak queue ${r.stats.peakQueued} envelopes / ${mb(r.stats.peakQueuedBytes)}, spilled ${r.stats.spilled}, dropped ${JSON.stringify(r.stats.dropped)})` : ''),
      );
    }
    const ratio = stock.delivered === 0 ? Infinity : ours.delivered / stock.delivered;
    console.log(`  ratio reliable/stock delivered: ${ratio.toFixed(1)}x\n`);
  }
  const { recordFigures } = await import('@causal-organism/bench-report');
  recordFigures(
    Object.entries(SCENARIOS).map(([name, scenario]) => {
      const stock = rows.find((r) => r.name === name && r.setup === 'stock');
      const ours = rows.find((r) => r.name === name && r.setup === 'reliable');
      return {
        id: `delivery-${name}`,
        figure: `errors delivered, ${scenario.title}`,
        result: `${fmtPct(ours.delivered / ours.raised)}, peak heap after GC ${mb(ours.peakRetained)}`,
        baseline: `stock v11 ${fmtPct(stock.delivered / stock.raised)}`,
        goal: '100%',
        ratio: stock.delivered === 0 ? undefined : `${(ours.delivered / stock.delivered).toFixed(1)}x stock`,
        met: ours.delivered === ours.raised,
        command: 'node bench/delivery.mjs',
      };
    }),
    { source: 'packages/core-config' },
  );
}

function runChild(args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('exit', (code) => {
      const last = out.trim().split('\n').pop();
      if (code !== 0 || !last) reject(new Error(`bench child ${args.join(' ')} failed with code ${code}: ${out}`));
      else resolve(JSON.parse(last));
    });
  });
}

async function child(name, setup, dsn) {
  const scenario = SCENARIOS[name];
  const Sentry = await import('@sentry/node');
  const runId = `${name}-${setup}-${process.pid}`;
  let directory;
  let extra = {};
  if (setup === 'reliable') {
    const { reliableDeliveryOptions } = await import('../dist/index.js');
    directory = mkdtempSync(join(tmpdir(), 'delivery-bench-'));
    extra = reliableDeliveryOptions({ store: { directory }, logger: { info() {}, warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) } });
  }
  Sentry.init({ dsn, ...extra });
  Sentry.setTag('bench_run', runId);
  const transport = Sentry.getClient().getTransport();

  // A realistic error: thrown from a few frames deep, so the SDK builds a real stack trace.
  const fail = (i) => {
    const inner = () => {
      throw new Error(`order ${i} failed: upstream returned 502`);
    };
    try {
      inner();
    } catch (error) {
      return error;
    }
  };

  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakRss = 0;
  let peakHeap = 0;
  let peakRetained = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss - base.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed);
  };
  const sampler = setInterval(sample, 20);
  // heapUsed includes garbage not yet collected; a forced GC now and then shows what is really held.
  const retainedSampler = setInterval(() => {
    globalThis.gc?.();
    peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed - base.heapUsed);
  }, 250);

  const started = Date.now();
  let raised = 0;
  for (let tick = 0; tick < scenario.ticks; tick += 1) {
    for (let i = 0; i < scenario.perTick; i += 1) {
      Sentry.captureException(fail(raised));
      raised += 1;
    }
    if (scenario.tickMs) await new Promise((resolve) => setTimeout(resolve, scenario.tickMs));
  }
  await Sentry.flush(DRAIN_LIMIT_MS);
  // Ours may have spilled part of a long backlog to disk; it replays it in the background.
  while (transport.stats && Date.now() - started < DRAIN_LIMIT_MS) {
    const s = transport.stats();
    if (s.stored === 0 && s.queued === 0 && s.inFlight === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const deliveredMs = Date.now() - started;
  sample();
  clearInterval(sampler);
  clearInterval(retainedSampler);
  const stats = transport.stats?.();
  if (directory) rmSync(directory, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ runId, raised, deliveredMs, peakRss, peakHeap, peakRetained, stats, sdkVersion: Sentry.SDK_VERSION })}\n`);
  process.exit(0);
}
