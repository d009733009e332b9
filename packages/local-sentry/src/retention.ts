import type { Store } from './store';

/** Options for {@link purgeExpired}. */
export interface PurgeOptions {
  store: Store;
  /** Events received before this instant (epoch ms) are deleted. */
  cutoffMs: number;
  /** Rows per transaction; small batches keep each write lock short so ingest is not held up. @default 2000 */
  batchSize?: number;
}

/** Deletes expired events in batches, yielding to the event loop between batches. */
export async function purgeExpired({ store, cutoffMs, batchSize = 2000 }: PurgeOptions): Promise<{ events: number; issues: number }> {
  let events = 0;
  let issues = 0;
  for (;;) {
    const batch = store.purgeBatch(cutoffMs, batchSize);
    events += batch.events;
    issues += batch.issues;
    if (batch.events < batchSize) break;
    // Let queued ingest commits run between batches.
    await new Promise((r) => setImmediate(r));
  }
  while (store.purgeOther(cutoffMs, batchSize) >= batchSize) await new Promise((r) => setImmediate(r));
  return { events, issues };
}
