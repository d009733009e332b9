// One side of the capture-cost benchmark, in its own process so the two SDK setups share nothing.
// Prints {"cpuMicros": ..., "captured": N} after delivering every event to the receiver.
import * as Sentry from '@sentry/node';
import { initSentry } from '../dist/index.js';
import { raiseRealisticError } from './realistic-error.mjs';

const mode = process.argv[2];
const total = Number(process.argv[3] ?? 1000);
if (mode === 'stock') Sentry.init({ dsn: process.env.SENTRY_DSN });
else initSentry({ signals: false, logger: { info() {}, warn() {}, error() {} }, throttle: false });

async function captureBatch(count, offset) {
  for (let i = 0; i < count; i++) {
    try {
      raiseRealisticError(offset + i);
    } catch (error) {
      Sentry.captureException(error);
    }
  }
  await Sentry.flush(10_000);
}

// Batches of 20 stay under the SDK's 64-event queue, so stock delivers every event too and both
// sides do the same amount of work; we compare CPU per delivered event.
for (let i = 0; i < 100; i += 20) await captureBatch(20, i);
const start = process.cpuUsage();
for (let i = 0; i < total; i += 20) await captureBatch(20, i);
const used = process.cpuUsage(start);
process.stdout.write(JSON.stringify({ cpuMicros: used.user + used.system, captured: total }) + '\n');
await Sentry.close(5000);
