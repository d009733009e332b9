/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's JSON responses loosely, as a client would */
// The WAL file stays bounded under continuous ingest. Without the size check, the background
// PASSIVE checkpoints never reach the WAL's moving end during a burst, SQLite never starts the WAL
// over, and the file grows with everything written (gigabytes over a long demo). With it, the WAL
// starts over once past the limit, so the file stays within the limit plus what one checkpoint
// interval (250 ms) writes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { LocalSentryError } from '../src/errors';
import { api, envelope, errorEvent, post, start } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'local-sentry-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const walSize = (db: string): number => statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0;

it('starts the WAL over once it passes maxWalMb, without losing an acknowledged event', async () => {
  const db = join(dir, 'events.db');
  const server = await start({ db, maxWalMb: 1 });
  try {
    // 8 senders, 1,200 events of ~24 KB each: about 40 MB of WAL, forty times the limit.
    const acknowledged: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 1200) {
          const i = next++;
          const id = i.toString(16).padStart(32, '0');
          const body = envelope({ event_id: id }, [[{ type: 'event' }, errorEvent({ event_id: id, message: `burst ${i}`, extra: { blob: randomBytes(16_384).toString('base64') } })]]);
          const response = await post(server, body);
          if (response.status === 200) acknowledged.push(id);
        }
      }),
    );
    expect(acknowledged).toHaveLength(1200);
    // Without the limit the file holds the whole burst (measured: about 40 MB).
    expect(walSize(db)).toBeLessThanOrEqual(16 * 1024 * 1024);
    const issues = await api(server, '/organizations/local/issues/?query=&limit=10');
    expect(issues.status).toBe(200);
    expect(issues.body.reduce((sum: number, issue: any) => sum + Number(issue.count), 0)).toBe(1200);
  } finally {
    await server.close();
  }
});

it('refuses a maxWalMb that is not a positive number, saying what it got', async () => {
  await expect(start({ db: join(dir, 'bad.db'), maxWalMb: 0 })).rejects.toSatisfy(
    (error: unknown) => LocalSentryError.isInstance(error) && /maxWalMb must be a positive number of megabytes, got 0/.test((error as Error).message),
  );
});
