import { Writable } from 'node:stream';
import * as Sentry from '@sentry/node';
import { expect, it } from 'vitest';
import { initSentry } from './init';
import { createLogger } from './pino';
import { useNodeReceiver } from '../../test/node-receiver';

const receiver = useNodeReceiver();

function memoryDestination(): { stream: Writable; records: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

it('error records become events and carry their event id and the trace id the event carries', async () => {
  initSentry({ env: { SENTRY_DSN: receiver().dsn }, signals: false, logger: { info() {}, warn() {}, error() {} }, pino: { logLevels: ['warn', 'error'] } });
  const { stream, records } = memoryDestination();
  const log = createLogger({ destination: stream });

  log.info({ orderId: 7 }, 'order loaded');
  log.error({ err: new Error('export failed: bucket gone'), orderId: 7 }, 'export failed');
  log.error('plain error line without an Error');
  await Sentry.flush(5000);
  await receiver().waitFor((r) => r.events().length >= 2);

  const [info, withErr, plain] = records();
  expect(info).not.toHaveProperty('sentry_event_id');
  expect(info!.trace_id).toMatch(/^[0-9a-f]{32}$/);

  const [errorEvent, messageEvent] = receiver().events();
  expect(withErr!.sentry_event_id).toBe(errorEvent.event_id);
  expect(withErr!.trace_id).toBe(errorEvent.contexts.trace.trace_id);
  expect(withErr!.orderId).toBe(7);
  expect(errorEvent.exception.values[0].value).toBe('export failed: bucket gone');
  expect(errorEvent.contexts.pino).toMatchObject({ orderId: 7, msg: 'export failed' });
  expect(plain!.sentry_event_id).toBe(messageEvent.event_id);
  expect(messageEvent.message).toBe('plain error line without an Error');

  // Sentry's pino integration sends the warn+ records as Sentry logs; info is below the configured levels.
  await receiver().waitFor((r) => r.items('log').length > 0);
  const logBodies = JSON.stringify(receiver().items('log').map((i) => i.payload));
  expect(logBodies).toContain('export failed');
  expect(logBodies).not.toContain('order loaded');
});
