/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's event JSON loosely, as a client would */
// The opt-in crash routes: the process dies the way real crashes happen, and the event still arrives.
import { type TestReceiver, startTestReceiver } from '@causal-organism/test-receiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inAppFrames, startApi } from './helpers';

let receiver: TestReceiver;

beforeAll(async () => {
  receiver = await startTestReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

describe.each([
  ['unhandled-rejection', 'Settlement batch promise rejected without a handler', 'auto.node.onunhandledrejection'],
  ['uncaught-exception', 'Ledger invariant violated outside any request handler', 'auto.node.onuncaughtexception'],
])('POST /crash/%s (API_CRASH_ROUTES=1)', (kind, message, mechanism) => {
  it('is captured, flushed, and the process exits 1', async () => {
    const api = await startApi({ SENTRY_DSN: receiver.dsn, API_CRASH_ROUTES: '1' });
    try {
      const response = await fetch(`${api.url}/crash/${kind}`, { method: 'POST', headers: { 'x-user-id': 'user-crash' } });
      expect(response.status).toBe(202);
      expect(await api.exited).toBe(1);
      // The event was delivered before exit: it is already here.
      const event = receiver.events().find((e) => e.exception?.values?.some((v: any) => v.value === message));
      expect(event, api.output()).toBeDefined();
      const exception = event.exception.values.at(-1);
      expect(exception.mechanism).toMatchObject({ type: mechanism, handled: false });
      expect(inAppFrames(event).length).toBeGreaterThan(0);
    } finally {
      await api.stop();
    }
  });
});

describe('a bad environment variable', () => {
  it('stops start-up with exit 1 and a message naming the variable', async () => {
    await expect(startApi({ PORT: 'eighty' })).rejects.toThrow(/exited with 1[\s\S]*PORT: \\"eighty\\" must be a whole number/);
  });
});
