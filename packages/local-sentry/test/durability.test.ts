/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's JSON responses loosely, as a client would */
// "200 means durably stored": a burst against the real CLI process, `kill -9` in the middle of
// it, a restart on the same file, and every acknowledged event must be there.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { envelope, errorEvent, KEY } from './helpers';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'local-sentry-crash-'));
const dbFile = join(dir, 'events.db');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startCli(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'start', '--port', '0', '--db', dbFile, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}`)), 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match && out.includes('SENTRY_DSN=')) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`CLI exited with ${code}: ${out}`)));
  });
  expect(out).toMatch(/SENTRY_DSN=http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/1/);
  return { child, url };
}

it('keeps every acknowledged event across kill -9 and restart', async () => {
  const { child, url } = await startCli();
  const acknowledged: string[] = [];
  let killed = false;
  const send = async (i: number): Promise<void> => {
    const id = i.toString(16).padStart(32, '0');
    const body = envelope({ event_id: id }, [[{ type: 'event' }, errorEvent({ event_id: id, message: `burst ${i}` })]]);
    try {
      const response = await fetch(`${url}/api/1/envelope/?sentry_key=${KEY}`, { method: 'POST', body });
      if (response.status === 200) acknowledged.push(id);
    } catch {
      // Connection reset by the kill: not acknowledged, so no promise was made.
    }
  };
  // 8 concurrent senders; kill the server once 150 events were acknowledged, mid-burst.
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < 2000 && !killed) {
        await send(next++);
        if (acknowledged.length >= 150 && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    }),
  );
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
  expect(acknowledged.length).toBeGreaterThanOrEqual(150);

  // Restart on the same file: the server recovers the WAL and serves the events.
  const restarted = await startCli();
  const response = await fetch(`${restarted.url}/api/0/organizations/local/issues/?query=&limit=1`, { headers: { authorization: 'Bearer local-sentry-token' } });
  expect(response.status).toBe(200);
  restarted.child.kill('SIGTERM');
  await new Promise((r) => restarted.child.once('exit', r));

  const db = new Database(dbFile, { readonly: true });
  const stored = new Set(db.prepare('SELECT event_id FROM events').all().map((r: any) => r.event_id as string));
  db.close();
  const missing = acknowledged.filter((id) => !stored.has(id));
  expect(missing).toEqual([]);
});
