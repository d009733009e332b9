import { Worker } from 'node:worker_threads';
import { localRequire } from './require';

// WAL checkpoints copy committed pages into the database file and fsync it. Done by the
// committing connection (SQLite's default) they stall ingest for the length of a disk flush, so
// a second connection in a worker thread does them on a timer and the main thread only appends
// to the WAL. If the worker fails, the main connection goes back to checkpointing itself.
//
// PASSIVE checkpoints never wait for the writer, so under continuous ingest they never reach the
// WAL's moving end, SQLite never starts the WAL over, and the file grows without bound (4 GB with
// the benchmark's 100,000 events). Past `maxWalBytes`, right after a PASSIVE checkpoint, the worker
// asks the store to hold new batches back ('pause'; the event loop keeps running and requests
// queue), a RESTART checkpoint copies the few frames written since and syncs the database, and the
// store goes on ('resume'): its next write starts the WAL over from the beginning, so the file
// stays near `maxWalBytes`. About 5 ms; TRUNCATE, which also shrinks the file, took 80-220 ms here
// (freeing a 256 MB file's blocks). Batches committed but not yet flushed are in the synced
// database file by then, so their pending WAL flush still means durable.
const SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
// A WAL frame is a page plus its 24-byte header. Counted from the WAL's start: after a restart the
// file keeps its size but is written again from the beginning.
const frameBytes = db.pragma('page_size', { simple: true }) + 24;
let restarting = false;
const timer = setInterval(() => {
  if (restarting) return;
  try {
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
    if (log * frameBytes > workerData.maxWalBytes) {
      restarting = true;
      parentPort.postMessage({ pause: true });
    }
  } catch (error) { parentPort.postMessage({ error: String(error) }); }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'paused') {
    try { db.pragma('wal_checkpoint(RESTART)'); } catch (error) { parentPort.postMessage({ error: String(error) }); }
    restarting = false;
    parentPort.postMessage({ resume: true });
    return;
  }
  if (message !== 'stop') return;
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  db.close();
  parentPort.close();
});
`;

/** A running checkpoint worker. */
export interface Checkpointer {
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  file: string;
  intervalMs: number;
  /** WAL size past which the worker restarts it, holding writes back meanwhile. */
  maxWalBytes: number;
  /** Hold new write transactions back until `resumeWrites` (called synchronously, between batches). */
  pauseWrites: () => void;
  resumeWrites: () => void;
  onFailure: (error: string) => void;
}

/** A pause longer than this means the worker is stuck: writes go on without it. */
const MAX_PAUSE_MS = 2000;

export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { file, intervalMs, maxWalBytes } = options;
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, intervalMs, maxWalBytes, modulePath: localRequire.resolve('better-sqlite3') } });
  let failed = false;
  let pauseTimer: NodeJS.Timeout | undefined;
  const resume = (): void => {
    if (pauseTimer === undefined) return;
    clearTimeout(pauseTimer);
    pauseTimer = undefined;
    options.resumeWrites();
  };
  const fail = (error: string): void => {
    if (failed) return;
    failed = true;
    resume();
    options.onFailure(error);
  };
  worker.on('message', (m: { error?: string; pause?: true; resume?: true }) => {
    if (m.error !== undefined) fail(m.error);
    else if (m.pause === true && !failed) {
      options.pauseWrites();
      pauseTimer = setTimeout(resume, MAX_PAUSE_MS).unref();
      worker.postMessage('paused');
    } else if (m.resume === true) resume();
  });
  worker.on('error', (e) => fail(e.message));
  worker.on('exit', resume);
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        resume();
        if (failed) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 5000);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage('stop');
      }),
  };
}
