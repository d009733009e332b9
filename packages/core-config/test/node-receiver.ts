// The loopback receiver of a test file that inits the real Node SDK: started before the file's
// tests, emptied before each, and closed after the SDK, whose last flush needs somewhere to go.
import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import * as Sentry from '@sentry/node';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** A logger for inits whose warnings a test does not read. */
export const silentLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Registers the receiver's lifecycle hooks; the returned function gives the running receiver. */
export function useNodeReceiver(): () => TestReceiver {
  let receiver: TestReceiver | undefined;
  beforeAll(async () => {
    receiver = await startTestReceiver();
  });
  afterAll(async () => {
    await Sentry.close(2000);
    await receiver?.close();
  });
  beforeEach(() => receiver?.clear());
  return () => {
    if (!receiver) throw new Error('the test receiver is not started yet: call it inside a test or hook');
    return receiver;
  };
}
