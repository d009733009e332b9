// Ingest workers: decompression, envelope parsing and grouping (about half of the CPU time per
// event, profiled) run in worker threads, so the event loop only reads requests, binds rows,
// commits and answers, and a second core does the rest. The worker is the built
// `dist/ingest-worker.(c)js`; where it does not exist (running from source, e.g. under vitest) or
// when a worker dies, requests are prepared inline with the same function, so ingest never stops.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GroupingOptions } from '../grouping';
import { IngestError, type IngestErrorCode } from '../errors';
import { prepareRequest, type PrepareRequest, type Prepared, type Preparer, type ResolvedLimits } from '../ingest';
import type { Logger } from '../types';

/** What a worker answers for one request. */
export type WorkerReply = { id: number; result: Prepared } | { id: number; error: { code?: IngestErrorCode; message: string } };

/** What the main thread posts: every request that arrived in one turn of the event loop. */
export type WorkerBatch = Array<{ id: number; request: PrepareRequest }>;

/** Options of {@link createPreparer}. */
export interface PreparerOptions {
  limits: ResolvedLimits;
  grouping: GroupingOptions;
  /** The fingerprint rules as text, parsed again in each worker. */
  fingerprintRules: string;
  logger: Logger | undefined;
  /** Worker threads; 0 prepares inline. @default the number of cores, at most 2 (a batch is split between them) */
  workers?: number;
  /** The worker script. @default `ingest-worker.(c)js` beside this bundle, when it exists */
  workerFile?: string;
}

/** A {@link Preparer} that says how many worker threads it runs (0: inline). */
export interface PoolPreparer extends Preparer {
  threads(): number;
}

function workerFile(): string | undefined {
  // Both builds: `__filename` in CJS, `import.meta.url` in ESM; the worker sits beside the bundle.
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  const file = join(dirname(here), here.endsWith('.cjs') ? 'ingest-worker.cjs' : 'ingest-worker.js');
  return existsSync(file) ? file : undefined;
}

/** Stands for "the request body" in a worker's reply (see prepareRequest: gzipped single-event envelopes are stored as sent). */
export const BODY = '\u0000body';

/** Item bodies come back from a worker as Uint8Array (SQLite binds Buffers); BODY becomes the request body. */
function revive(prepared: Prepared, request: PrepareRequest): Prepared {
  for (const event of prepared.work.events) {
    if (event.json === BODY) event.json = Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
  }
  for (const item of prepared.work.items) {
    const body: unknown = item.body;
    if (body instanceof Uint8Array && !Buffer.isBuffer(body)) item.body = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
  return prepared;
}

/** Prepares requests in worker threads when the built worker exists, else inline. */
export function createPreparer(options: PreparerOptions): PoolPreparer {
  const inline = (request: PrepareRequest): Promise<Prepared> => {
    try {
      return Promise.resolve(prepareRequest(request, options));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const file = options.workerFile ?? workerFile();
  const count = options.workers ?? Math.max(1, Math.min(2, availableParallelism()));
  if (file === undefined || count === 0) return { prepare: inline, close: () => Promise.resolve(), threads: () => 0 };

  const pending = new Map<number, { request: PrepareRequest; resolve: (p: Prepared) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let next = 0;
  let closing = false;
  const workers: Worker[] = [];
  let outbox: WorkerBatch = [];
  // One message per turn of the event loop, not per request: a message costs each side a wakeup
  // (measured: ~45-100 µs of CPU per message alone, ~6 µs per request when 16 share a message).
  const post = (): void => {
    const batch = outbox;
    outbox = [];
    if (batch.length === 0) return;
    if (workers.length === 0) {
      for (const { id } of batch) rerunInline(id);
      return;
    }
    // Split across the workers so they parse a batch in parallel.
    const share = Math.ceil(batch.length / workers.length);
    for (let start = 0; start < batch.length; start += share) workers[next++ % workers.length]!.postMessage(batch.slice(start, start + share));
  };
  const rerunInline = (id: number): void => {
    const entry = pending.get(id);
    if (entry === undefined) return;
    pending.delete(id);
    inline(entry.request).then(entry.resolve, entry.reject);
  };
  const settleAll = (replies: WorkerReply[]): void => {
    for (const reply of replies) settle(reply);
  };
  const settle = (reply: WorkerReply): void => {
    const entry = pending.get(reply.id);
    if (entry === undefined) return;
    pending.delete(reply.id);
    if ('result' in reply) entry.resolve(revive(reply.result, entry.request));
    else entry.reject(reply.error.code === undefined ? new Error(reply.error.message) : new IngestError(reply.error.code, reply.error.message));
  };
  const fail = (worker: Worker, error: string): void => {
    const index = workers.indexOf(worker);
    if (index < 0) return;
    workers.splice(index, 1);
    if (closing) return;
    options.logger?.error('ingest worker stopped; preparing requests on the main thread', { error });
    // Requests it held are prepared inline rather than failed (any worker's, for simplicity: none are lost).
    for (const id of [...pending.keys()]) rerunInline(id);
  };
  for (let i = 0; i < count; i++) {
    const worker = new Worker(file, { workerData: { limits: options.limits, fingerprintRules: options.fingerprintRules } });
    worker.on('message', settleAll);
    worker.on('error', (error) => fail(worker, error.message));
    worker.on('exit', (code) => fail(worker, `exited with code ${code}`));
    worker.unref();
    workers.push(worker);
  }
  return {
    threads: () => workers.length,
    prepare(request) {
      if (workers.length === 0 || closing) return inline(request);
      return new Promise((resolve, reject) => {
        const id = ++seq;
        pending.set(id, { request, resolve, reject });
        outbox.push({ id, request });
        if (outbox.length === 1) setImmediate(post);
      });
    },
    async close() {
      closing = true;
      const deadline = Date.now() + 5000;
      while (pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await Promise.all(workers.map((w) => w.terminate()));
      workers.length = 0;
    },
  };
}
