// Benchmark: the full rule set vs JSON.stringify of the same event, side by side in one run;
// allocation on a secret-free event; gzip size of the engine's browser bundle.
// Run: pnpm --filter @causal-organism/scrubbing bench   (builds first via turbo), or `node bench/run.mjs` after `pnpm build`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createScrubber } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const event = JSON.parse(readFileSync(join(here, 'reference-event.json'), 'utf8'));
const scrubber = createScrubber();
const clean = scrubber.scrubEvent(event); // a secret-free event: the scrubbed output itself

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** µs per call, median of `rounds` rounds of `n` calls, the two functions interleaved per round. */
function compare(fns, { n = 400, rounds = 25 } = {}) {
  const samples = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      const t0 = process.hrtime.bigint();
      for (let k = 0; k < n; k++) fn();
      samples[i].push(Number(process.hrtime.bigint() - t0) / 1000 / n);
    });
  }
  return samples.map(median);
}

let sink = 0;
// Warm up all paths so both sides are optimised before measuring.
for (let i = 0; i < 3000; i++) {
  sink += JSON.stringify(event).length;
  sink += scrubber.scrubEvent(event) === event ? 0 : 1;
  sink += scrubber.scrubEvent(clean) === clean ? 0 : 1;
}

const [stringify, scrubDirty, scrubClean] = compare([
  () => (sink += JSON.stringify(event).length),
  () => (sink += scrubber.scrubEvent(event) === event ? 0 : 1),
  () => (sink += scrubber.scrubEvent(clean) === clean ? 0 : 1),
]);

// Allocation: bytes allocated per scrub of the secret-free event (heap growth with GC disabled between samples).
function allocPerCall(fn, n = 2000) {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) fn();
  const after = process.memoryUsage().heapUsed;
  return (after - before) / n;
}
const allocClean = allocPerCall(() => scrubber.scrubEvent(clean));
const allocStringify = allocPerCall(() => JSON.stringify(clean));
const sameRef = scrubber.scrubEvent(clean) === clean;

// Browser bundle of the engine (what a browser app pulls in through core-config).
const esbuild = await import('esbuild');
const bundle = await esbuild.build({
  stdin: {
    contents: "export { createScrubber, scrubEvent, scrubText, scrubValue } from './dist/index.js';",
    resolveDir: join(here, '..'),
  },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
});
const raw = bundle.outputFiles[0].contents;
const gz = gzipSync(raw, { level: 9 }).length;

const size = JSON.stringify(event).length;
console.log(`reference event: ${(size / 1024).toFixed(1)} KB compact JSON`);
console.log(`JSON.stringify(event)              ${stringify.toFixed(1)} µs`);
console.log(`scrubEvent(event), full rule set   ${scrubDirty.toFixed(1)} µs   ratio ${(scrubDirty / stringify).toFixed(2)}x (goal <= 2x)`);
console.log(`scrubEvent(secret-free event)      ${scrubClean.toFixed(1)} µs   ratio ${(scrubClean / stringify).toFixed(2)}x, returns the input itself: ${sameRef}`);
console.log(`allocation, secret-free event      ${Math.max(0, allocClean).toFixed(0)} B per call (JSON.stringify of it: ${allocStringify.toFixed(0)} B)`);
console.log(`browser bundle (esbuild, minified) ${(raw.length / 1024).toFixed(1)} KB, gzip ${(gz / 1024).toFixed(2)} KB (goal <= 6 KB)`);
if (sink === 0.5) console.log(sink);
