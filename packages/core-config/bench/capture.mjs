// Capture cost: CPU per captured error, core-config defaults vs plain `Sentry.init({ dsn })`, both
// delivering real envelopes to a loopback receiver. Interleaved rounds in one run; prints the ratio.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { recordFigures } from '@causal-organism/bench-report';
import { startTestReceiver } from '@causal-organism/test-receiver';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const perRound = Number(process.env.BENCH_EVENTS ?? 1000);
const child = fileURLToPath(new URL('./capture-child.mjs', import.meta.url));
const receiver = await startTestReceiver();

function run(mode) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, mode, String(perRound)], {
      env: { ...process.env, SENTRY_DSN: receiver.dsn },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (c) => (out += c));
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`${mode} exited ${code}`))));
  });
}

const results = { stock: [], kit: [] };
for (let round = 0; round < rounds; round++) {
  for (const mode of round % 2 === 0 ? ['stock', 'kit'] : ['kit', 'stock']) {
    receiver.clear();
    const { cpuMicros, captured } = await run(mode);
    const delivered = receiver.events().length;
    results[mode].push(cpuMicros / captured);
    if (delivered < captured) throw new Error(`${mode}: ${delivered} of ${captured + 100} events delivered`);
  }
}
await receiver.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stock = median(results.stock);
const kit = median(results.kit);
console.log('capture cost, CPU per captured error (median of %d interleaved rounds, %d errors each)', rounds, perRound);
console.table({
  'plain Sentry.init({ dsn })': { 'µs CPU / error': Math.round(stock), ratio: 1 },
  'core-config initSentry()': { 'µs CPU / error': Math.round(kit), ratio: Number((stock / kit).toFixed(2)) },
});
console.log(`core-config is ${(stock / kit).toFixed(2)}x cheaper per captured error (goal: >= 1.3x)`);

const ratio = stock / kit;
recordFigures(
  [
    {
      id: 'capture-cost',
      figure: 'CPU per captured error, core-config defaults',
      result: `${Math.round(kit)} µs`,
      baseline: `plain \`Sentry.init({ dsn })\` ${Math.round(stock)} µs`,
      goal: '≥ 1.3x cheaper',
      ratio: `${ratio.toFixed(2)}x`,
      met: ratio >= 1.3,
      command: 'node bench/capture.mjs',
    },
  ],
  { source: 'packages/core-config' },
);
