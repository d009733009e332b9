// Process restarts with real child processes: what one process stores, the next one sends.
import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import { readdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTransportBundle, removeBundle, runChild, startChild, storedFiles, testResources } from './test-helpers';

let bundle = '';
beforeAll(async () => {
  bundle = await buildTransportBundle();
}, 60_000);
afterAll(() => removeBundle(bundle));

const resources = testResources();
const { receiver, tempStore } = resources;
afterEach(async () => {
  await resources.release();
});

function eventIds(r: TestReceiver): Set<string> {
  return new Set(r.events().map((event: { event_id: string }) => event.event_id));
}

describe('restarts', () => {
  it('process A stores while the receiver is down and exits; B replays and is SIGKILLed mid-request; C with the same directory delivers everything', async () => {
    const down = await startTestReceiver();
    const port = down.port;
    await down.close();
    const directory = tempStore();
    const a = await runChild({ TRANSPORT_BUNDLE: bundle, DSN: `http://public@127.0.0.1:${port}/1`, STORE_DIR: directory, MODE: 'store', COUNT: '40', EXIT: 'flush' });
    expect(a.code, a.stderr).toBe(0);
    expect(a.report?.flushed).toBe(true);
    const ids = a.report?.ids as string[];
    expect(ids).toHaveLength(40);
    expect(storedFiles(directory)).toHaveLength(40);
    expect(a.stderr).toMatch(/receiver unavailable \(ECONNREFUSED/);

    // B replays into a receiver that takes 10 s per answer and is killed while it holds claims.
    const slow = await receiver({ delayMs: 10_000 });
    const b = startChild({ TRANSPORT_BUNDLE: bundle, DSN: slow.dsn, STORE_DIR: directory, MODE: 'deliver' });
    const deadline = Date.now() + 15_000;
    while (!readdirSync(directory).some((name) => name.includes('.claimed-')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(readdirSync(directory).some((name) => name.includes('.claimed-'))).toBe(true);
    b.kill();
    await b.result;

    // C: the receiver is back on the same address.
    const r = await receiver({ port });
    const c = await runChild({ TRANSPORT_BUNDLE: bundle, DSN: r.dsn, STORE_DIR: directory, MODE: 'deliver' });
    expect(c.code, c.stderr).toBe(0);
    expect(eventIds(r)).toEqual(new Set(ids));
    expect(readdirSync(directory)).toEqual([]);
    expect(c.report?.outcomes).toMatchObject({ replayed: 40, dropped: 0 });
  }, 90_000);

  it('process.exit() without a flush writes the queue and the requests in flight to the store; nothing is lost', async () => {
    // A receiver that takes 5 s per answer: when A exits, 5 requests are in flight and the rest waits in memory.
    const slow = await receiver({ delayMs: 5000 });
    const directory = tempStore();
    const a = await runChild({ TRANSPORT_BUNDLE: bundle, DSN: slow.dsn, STORE_DIR: directory, MODE: 'store', COUNT: '80', EXIT: 'exit' });
    expect(a.code, a.stderr).toBe(0);
    const ids = a.report?.ids as string[];
    expect(ids).toHaveLength(80);
    // Every envelope is on disk: queued ones and copies of the in-flight ones.
    expect(storedFiles(directory)).toHaveLength(80);

    const r = await receiver();
    const b = await runChild({ TRANSPORT_BUNDLE: bundle, DSN: r.dsn, STORE_DIR: directory, MODE: 'deliver' });
    expect(b.code, b.stderr).toBe(0);
    expect(eventIds(r)).toEqual(new Set(ids));
    expect(storedFiles(directory)).toHaveLength(0);
  }, 60_000);
});
