// What one captured error costs in-process (no HTTP, so steadier than run.mjs on a busy machine),
// the part of the throwing route that the kit changes: node bench/capture-cost.mjs [--captures 20000]
// Each mode runs in its own child process (one Sentry client per process), as requests do: each
// capture in its own isolation scope, the same throw site (a bigint JSON.stringify, like the api's
// export job) every time, after a warm-up that fills the group's window.
//   throw  throw and catch only (the floor: what the error itself costs)
//   plain  plain `Sentry.init({ dsn })`: Dedupe drops repeats, after building the event
//   kit    core-config's initSentry: the windowed throttle holds full groups back before the event is built
// Prints µs of CPU per capture (median of 7 batches) and the kit's cost over the floor vs plain's.
// Usage: node bench/capture-cost.mjs [--captures 20000]   (about a minute)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { captures: { type: 'string', default: '20000' }, mode: { type: 'string' } } });
const captures = Number(values.captures);

if (values.mode === undefined) {
  const results = {};
  // V8 pretenures allocation sites whose objects survived a scavenge (here: the warm-up's events
  // in flight), after which the short-lived objects of every later capture from those sites are
  // allocated in old space and cost mark-compacts. Whether it triggers depends on timing, so each
  // Sentry mode also runs with it off: the second figure is the capture's own cost.
  const runs = [['throw'], ['plain'], ['plain', '--no-allocation-site-pretenuring'], ['kit'], ['kit', '--no-allocation-site-pretenuring']];
  for (const [mode, flag] of runs) {
    const child = spawnSync(process.execPath, [...(flag ? [flag] : []), fileURLToPath(import.meta.url), '--mode', mode, '--captures', String(captures)], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${mode} failed: ${child.stderr}`);
    results[flag ? `${mode} (no pretenuring)` : mode] = JSON.parse(child.stdout.trim().split('\n').at(-1));
  }
  console.log(`CPU per captured error, in-process, ${captures} captures x 7 batches, node ${process.version}`);
  console.table(Object.entries(results).map(([mode, r]) => ({ mode, 'µs/capture (median)': r.median.toFixed(1), 'min': r.min.toFixed(1), 'events sent': r.events })));
  const over = (mode) => results[mode].median - results.throw.median;
  for (const suffix of ['', ' (no pretenuring)']) {
    console.log(`capture cost over the throw itself${suffix}: plain Sentry ${over(`plain${suffix}`).toFixed(1)} µs, kit ${over(`kit${suffix}`).toFixed(1)} µs (${(over(`plain${suffix}`) / over(`kit${suffix}`)).toFixed(1)}x cheaper)`);
  }
} else {
  const { startTestReceiver } = await import('@causal-organism/test-receiver');
  const Sentry = await import('@sentry/node');
  const receiver = await startTestReceiver();
  if (values.mode === 'plain') Sentry.init({ dsn: receiver.dsn });
  if (values.mode === 'kit') {
    const { initSentry } = await import('@causal-organism/core-config');
    initSentry({ env: { SENTRY_DSN: receiver.dsn }, signals: false, spool: false, logger: { info() {}, warn() {}, error() {} } });
  }
  const fail = () => {
    try {
      JSON.stringify({ amountCents: 1n });
    } catch (error) {
      return error;
    }
  };
  const capture = values.mode === 'throw' ? () => Sentry.withIsolationScope(() => fail()) : () => Sentry.withIsolationScope(() => Sentry.captureException(fail()));
  // Warm-up: fills the kit's window (60 per group) and lets every event be sent.
  for (let i = 0; i < 3000; i++) {
    capture();
    if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await Sentry.flush(5000);
  const batches = [];
  for (let batch = 0; batch < 7; batch++) {
    const start = process.cpuUsage();
    for (let i = 0; i < captures; i++) {
      capture();
      // Yield now and then, as a server does between requests, so work the SDK defers runs.
      if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
    const used = process.cpuUsage(start);
    batches.push((used.user + used.system) / captures);
    await new Promise((resolve) => setImmediate(resolve));
  }
  batches.sort((a, b) => a - b);
  await Sentry.flush(5000);
  process.stdout.write(`${JSON.stringify({ median: batches[3], min: batches[0], events: receiver.events().length })}\n`);
  await Sentry.close(1000);
  await receiver.close();
}
