import { Worker } from 'node:worker_threads';
import { localRequire } from './require';

// WAL checkpoints copy committed pages into the database file and fsync it. Done by the
// committing connection (SQLite's default) they stall ingest for the length of a disk flush, so
// a second connection in a worker thread does them on a timer and the main thread only appends
// to the WAL. If the worker fails, the main connection goes back to checkpointing itself.
const SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error) }); }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
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

export function startCheckpointer(options: { file: string; intervalMs: number; onFailure: (error: string) => void }): Checkpointer {
  const worker = new Worker(SOURCE, { eval: true, workerData: { file: options.file, intervalMs: options.intervalMs, modulePath: localRequire.resolve('better-sqlite3') } });
  let failed = false;
  const fail = (error: string): void => {
    if (failed) return;
    failed = true;
    options.onFailure(error);
  };
  worker.on('message', (m: { error?: string }) => m.error !== undefined && fail(m.error));
  worker.on('error', (e) => fail(e.message));
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
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
