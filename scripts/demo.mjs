#!/usr/bin/env node
// The demo: starts a loopback Sentry receiver, runs a sample service that uses core-config as a
// real child process, and prints what arrived. `--once` is accepted for symmetry with CI use.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestReceiver } from '@causal-organism/test-receiver';

const step = (text) => process.stdout.write(`\n▸ ${text}\n`);

step('Starting a loopback Sentry receiver');
const receiver = await startTestReceiver();
console.log(`  SENTRY_DSN=${receiver.dsn}`);

step('Running the sample service (node scripts/sample-service.mjs) with core-config');
const service = spawn(process.execPath, [fileURLToPath(new URL('./sample-service.mjs', import.meta.url))], {
  env: { ...process.env, SENTRY_DSN: receiver.dsn, SENTRY_ENVIRONMENT: 'demo', SENTRY_RELEASE: 'demo@1.0.0' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
service.stdout.on('data', (chunk) => process.stdout.write(`  service | ${chunk}`));
service.stderr.on('data', (chunk) => process.stdout.write(`  service | ${chunk}`));
const exitCode = await new Promise((resolve) => service.on('exit', (code) => resolve(code)));
console.log(`  the service exited with code ${exitCode} (it crashed on purpose)`);

step('What arrived at the receiver');
const rows = receiver.events().map((event) => {
  const exception = event.exception?.values?.at(-1);
  return {
    level: event.level,
    type: exception?.type ?? '(message)',
    message: (exception?.value ?? event.message ?? '').slice(0, 60),
    handled: exception?.mechanism?.handled ?? '',
    environment: event.environment,
  };
});
console.table(rows);
const logs = receiver.items('log').flatMap((item) => item.payload.items ?? []);
console.log(`  ${rows.length} error events, ${logs.length} log records, ${receiver.items('client_report').length} client reports`);
const crash = rows.find((r) => r.type === 'RangeError');
console.log(crash ? '  ✔ the crash was delivered before the process exited' : '  ✘ the crash did not arrive');
await receiver.close();
process.exit(crash ? 0 : 1);
