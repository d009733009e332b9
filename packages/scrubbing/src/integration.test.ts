import type { Event } from '@sentry/core';
import { describe, expect, it } from 'vitest';
import { SECRETS } from '../test/secrets';
import { ScrubbingConfigError } from './errors';
import { scrubbingIntegration } from '../test/engine';

// The hooks are exercised end to end through a real client in e2e.test.ts; these tests call the
// integration's own processEvent directly for the cases a real client cannot easily produce.
describe('scrubbingIntegration', () => {
  it('rejects bad options when constructed, not per event', () => {
    expect(() => scrubbingIntegration({ rules: { email: 'blur' as never } })).toThrow(ScrubbingConfigError);
  });

  it('fails closed: a throwing getter yields a reduced event, a count and a log line without the secret', () => {
    const errors: unknown[] = [];
    const lines: string[] = [];
    const integration = scrubbingIntegration({
      onScrubFailure: (e) => errors.push(e),
      logger: { error: (message: string) => lines.push(message) },
    });
    const event: Event = {
      event_id: 'e1',
      level: 'error',
      message: `card ${SECRETS.visa}`,
      exception: {
        values: [
          {
            type: 'PaymentError',
            value: `charge failed for ${SECRETS.visa}`,
            stacktrace: { frames: [{ filename: 'app.js', function: 'pay', lineno: 3, vars: { card: SECRETS.visa } }] },
          },
        ],
      },
      extra: {
        hostile: {
          get boom(): string {
            throw new Error(`getter failed ${SECRETS.visa}`);
          },
        },
      },
    };
    const out = integration.processEvent!(event, {}, undefined as never) as Event;
    expect(errors).toHaveLength(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Error');
    expect(lines[0]).not.toContain(SECRETS.visa);
    expect(out.tags).toEqual({ scrubbing_failed: 'true' });
    expect(out.message).toBe('[Filtered: scrubbing failed]');
    expect(out.exception!.values![0]).toMatchObject({ type: 'PaymentError', value: '[Filtered: scrubbing failed]' });
    expect(out.exception!.values![0]!.stacktrace!.frames![0]).toEqual({
      filename: 'app.js',
      function: 'pay',
      lineno: 3,
      abs_path: undefined,
      module: undefined,
      colno: undefined,
      in_app: undefined,
    });
    expect(JSON.stringify(out)).not.toContain(SECRETS.visa);
  });

  it('a broken logger or counter does not break the host', () => {
    const integration = scrubbingIntegration({
      onScrubFailure: () => {
        throw new Error('counter down');
      },
      logger: {
        error: () => {
          throw new Error('logger down');
        },
      },
    });
    const hostile = {
      extra: {
        get boom(): string {
          throw new Error('x');
        },
      },
    } as unknown as Event;
    expect(() => integration.processEvent!(hostile, {}, undefined as never)).not.toThrow();
  });

  it('scrubs normally and keeps the event otherwise', () => {
    const integration = scrubbingIntegration();
    const out = integration.processEvent!({ message: `pw=${SECRETS.password}`, level: 'info' }, {}, undefined as never) as Event;
    expect(out).toEqual({ message: 'pw=[Filtered]', level: 'info' });
  });
});

describe('hooks on a real client', () => {
  it('beforeEnvelope scrubs session ids and IPs, log bodies and span names in envelopes', async () => {
    const { NodeClient, makeNodeTransport, defaultStackParser } = await import('@sentry/node');
    const client = new NodeClient({
      dsn: 'http://public@127.0.0.1:9/1', // never contacted: nothing is sent in this test
      integrations: [scrubbingIntegration()],
      transport: makeNodeTransport,
      stackParser: defaultStackParser,
    });
    client.init();
    const envelope = [
      { trace: { transaction: `GET /reset/${SECRETS.jwt}` } },
      [
        [{ type: 'session' }, { did: SECRETS.email, attrs: { ip_address: SECRETS.ip, release: 'r' } }],
        [{ type: 'log', item_count: 1 }, { items: [{ body: `pw=${SECRETS.password}`, attributes: { card: { value: SECRETS.visa, type: 'string' } } }] }],
        [{ type: 'span', item_count: 1 }, { items: [{ name: `charge ${SECRETS.visa}`, attributes: { 'http.request.header.x-api-key': { value: ['k'], type: 'array' } } }] }],
      ],
    ];
    client.emit('beforeEnvelope', envelope as never);
    const json = JSON.stringify(envelope);
    for (const secret of [SECRETS.jwt, SECRETS.email, SECRETS.ip, SECRETS.password, SECRETS.visa]) expect(json).not.toContain(secret);
    expect(json).toContain('"x-api-key":{"value":["[Filtered]"],"type":"array"}'.replace('"x-api-key"', '"http.request.header.x-api-key"'));
    await client.close(0);
  }, 30_000); // importing @sentry/node takes seconds on a loaded machine
});
