// The worker path of ingest, against the built worker (dist/ingest-worker.js): the same work as
// preparing inline, errors that keep their Relay status across the thread, binary items as Buffers.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseRules } from '@causal-organism/fingerprints';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IngestError } from '../errors';
import { prepareRequest, resolveLimits, type PrepareRequest } from '../ingest';
import { createPreparer, type PoolPreparer } from './ingest-pool';
import { decodePayload } from './payload';

const WORKER = fileURLToPath(new URL('../../dist/ingest-worker.js', import.meta.url));
const RULES = 'error.type:ExportError -> export-errors title="Export failed"';
const limits = resolveLimits({ maxItemBytes: 64 * 1024 });
let pool: PoolPreparer;

beforeAll(() => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: build the package first (turbo runs build before test)`);
  pool = createPreparer({ limits, grouping: { rules: parseRules(RULES) }, fingerprintRules: RULES, logger: undefined, workers: 1, workerFile: WORKER });
});
afterAll(async () => {
  await pool.close();
});

function request(text: string, encoding?: string): PrepareRequest {
  const body = encoding === 'gzip' ? gzipSync(text) : Buffer.from(text);
  return { body, encoding, endpoint: 'envelope', projectId: 1, receivedMs: Date.UTC(2026, 10, 1) };
}

const event = {
  event_id: 'a'.repeat(32),
  level: 'error',
  exception: { values: [{ type: 'ExportError', value: 'disk full', stacktrace: { frames: [{ function: 'run', module: 'app.export', in_app: true }] } }] },
  user: { id: 42 },
};

it('runs in a worker thread and prepares exactly what inline preparation does', async () => {
  expect(pool.threads()).toBe(1);
  const text = `{"event_id":"${event.event_id}"}\n{"type":"event"}\n${JSON.stringify(event)}\n{"type":"session"}\n{"sid":"s1","status":"ok"}\n`;
  const fromWorker = await pool.prepare(request(text, 'gzip'));
  const inline = prepareRequest(request(text, 'gzip'), { limits, grouping: { rules: parseRules(RULES) } });
  expect(fromWorker).toEqual(inline);
  // Server-side fingerprint rules reach the worker; the event JSON is stored as sent.
  expect(fromWorker.work.events[0]!.facts.group?.title).toBe('Export failed');
  expect(fromWorker.work.events[0]!.json).toBe(JSON.stringify(event));
  expect(fromWorker.eventId).toBe(event.event_id);
});

it('stores a gzipped single-event envelope as it arrived, and reads the event back from it', async () => {
  const text = `{"event_id":"${event.event_id}"}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
  const req = request(text, 'gzip');
  const prepared = await pool.prepare(req);
  const stored = prepared.work.events[0]!.json;
  expect(Buffer.isBuffer(stored) && stored.equals(req.body)).toBe(true);
  expect(decodePayload(stored)).toBe(JSON.stringify(event));
  // Without its own event_id the event is re-serialised with the id, so it is stored as text.
  const { event_id: _id, ...anonymous } = event;
  const reserialised = await pool.prepare(request(`{}\n{"type":"event"}\n${JSON.stringify(anonymous)}\n`, 'gzip'));
  expect(typeof reserialised.work.events[0]!.json).toBe('string');
  expect(JSON.parse(reserialised.work.events[0]!.json as string)).toMatchObject({ event_id: reserialised.eventId });
});

it('rejects bad input with the same typed error and status as inline', async () => {
  const bad = pool.prepare(request('{}\n{"type":"event"}\n{"broken": \n'));
  await expect(bad).rejects.toSatisfy((e: unknown) => IngestError.isInstance(e) && e.code === 'invalid-envelope' && e.status === 400);
  const big = pool.prepare(request(`{}\n{"type":"event"}\n${JSON.stringify({ message: 'x'.repeat(70 * 1024) })}\n`));
  await expect(big).rejects.toSatisfy((e: unknown) => IngestError.isInstance(e) && e.code === 'too-large' && e.status === 413);
  const encoding = pool.prepare(request('{}\n', 'compress'));
  await expect(encoding).rejects.toThrow(/unsupported Content-Encoding "compress"/);
});

it('hands binary items back as Buffers (SQLite binds Buffers, not plain Uint8Arrays)', async () => {
  const text = '{}\n{"type":"attachment","length":3,"filename":"a.bin"}\nabc\n';
  const prepared = await pool.prepare(request(text));
  expect(Buffer.isBuffer(prepared.work.items[0]!.body)).toBe(true);
  expect(String(prepared.work.items[0]!.body)).toBe('abc');
});

it('prepares inline when a worker dies, so no request is lost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'local-sentry-worker-'));
  const crashing = join(dir, 'crashing-worker.mjs');
  writeFileSync(crashing, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => { throw new Error('worker crashed'); });\n");
  const errors: string[] = [];
  const logger = { info: () => undefined, warn: () => undefined, error: (message: string) => void errors.push(message) };
  const fragile = createPreparer({ limits, grouping: {}, fingerprintRules: '', logger, workers: 1, workerFile: crashing });
  try {
    expect(fragile.threads()).toBe(1);
    const prepared = await fragile.prepare(request(`{}\n{"type":"event"}\n${JSON.stringify(event)}\n`, 'gzip'));
    expect(prepared.eventId).toBe(event.event_id);
    expect(fragile.threads()).toBe(0);
    expect(errors).toEqual([expect.stringMatching(/ingest worker stopped/)]);
    // Later requests go inline too.
    await expect(fragile.prepare(request('{}\n{"type":"event"}\n{"message":"after"}\n'))).resolves.toMatchObject({ work: { events: [expect.anything()] } });
  } finally {
    await fragile.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
