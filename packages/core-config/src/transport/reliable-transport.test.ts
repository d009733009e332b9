import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import * as Sentry from '@sentry/node';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReliableTransportError } from './errors';
import { makeReliableTransport, reliableDeliveryOptions } from './reliable-transport';
import { startRateLimitingFront, storedFiles, testResources } from './test-helpers';
import type { ReliableTransport, ReliableTransportOptions, TransportOutcome, TransportOutcomeInfo } from './types';

const resources = testResources();
const { receiver, tempStore } = resources;
afterEach(async () => {
  await Sentry.close(0);
  await resources.release();
});

interface Recorder {
  options: Pick<ReliableTransportOptions, 'logger' | 'onOutcome'>;
  outcomes: Array<[TransportOutcome, TransportOutcomeInfo]>;
  logs: Array<[string, string]>;
  count(outcome: TransportOutcome): number;
}

function recorder(): Recorder {
  const outcomes: Recorder['outcomes'] = [];
  const logs: Recorder['logs'] = [];
  return {
    outcomes,
    logs,
    count: (outcome) => outcomes.filter(([o]) => o === outcome).length,
    options: {
      logger: {
        info: (m) => logs.push(['info', m]),
        warn: (m) => logs.push(['warn', m]),
        error: (m) => logs.push(['error', m]),
      },
      onOutcome: (outcome, info) => outcomes.push([outcome, info]),
    },
  };
}

function init(dsn: string, options: ReliableTransportOptions): ReliableTransport {
  Sentry.init({ dsn, defaultIntegrations: false, ...reliableDeliveryOptions(options) });
  return Sentry.getClient()!.getTransport() as ReliableTransport;
}

function eventIds(r: TestReceiver): Set<string> {
  return new Set(r.events().map((event: { event_id: string }) => event.event_id));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('bursts and slow receivers', () => {
  it('delivers every event of a synchronous burst of 1,000 captures', async () => {
    const r = await receiver();
    const rec = recorder();
    const transport = init(r.dsn, rec.options);
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i += 1) ids.add(Sentry.captureException(new Error(`burst ${i}`)));
    expect(await Sentry.flush(20_000)).toBe(true);
    expect(eventIds(r)).toEqual(ids);
    expect(rec.count('sent')).toBe(1000);
    expect(transport.stats().dropped).toEqual({});
  }, 30_000);

  it('delivers 100% to a receiver that answers in 250 ms while errors keep coming', async () => {
    const r = await receiver({ delayMs: 250 });
    const transport = init(r.dsn, { concurrency: 20 });
    const ids = new Set<string>();
    // 200 errors over about 0.5 s: five times what 20 requests of 250 ms can carry in that time.
    for (let tick = 0; tick < 10; tick += 1) {
      for (let i = 0; i < 20; i += 1) ids.add(Sentry.captureException(new Error(`load ${tick}.${i}`)));
      await sleep(50);
    }
    expect(transport.stats().queued).toBeGreaterThan(0);
    expect(await Sentry.flush(30_000)).toBe(true);
    expect(eventIds(r)).toEqual(ids);
    expect(transport.stats().peakQueued).toBeGreaterThan(50);
    expect(transport.stats().dropped).toEqual({});
  }, 40_000);
});

describe('receiver outages', () => {
  it('stores envelopes while the receiver answers 503 and delivers them all once it is back', async () => {
    const r = await receiver({ status: 503 });
    const directory = tempStore();
    const rec = recorder();
    const transport = init(r.dsn, { ...rec.options, store: { directory }, initialRetryDelayMs: 50, maxRetryDelayMs: 100 });
    const ids = new Set<string>();
    for (let i = 0; i < 50; i += 1) ids.add(Sentry.captureException(new Error(`outage ${i}`)));
    expect(await Sentry.flush(5000)).toBe(true);
    expect(storedFiles(directory)).toHaveLength(50);
    expect(r.events()).toHaveLength(0);
    expect(rec.count('spilled')).toBe(50);
    expect(rec.logs.some(([level, m]) => level === 'info' && m.includes('HTTP 503'))).toBe(true);

    r.setBehaviour({ status: 200 });
    await r.waitFor(() => eventIds(r).size === 50, 15_000);
    expect(eventIds(r)).toEqual(ids);
    await vitestWaitFor(() => storedFiles(directory).length === 0);
    expect(rec.count('replayed')).toBe(50);
    expect(transport.stats().dropped).toEqual({});
  }, 30_000);

  it('stores envelopes while the connection is refused and delivers them when the receiver listens again', async () => {
    const first = await startTestReceiver();
    const port = first.port;
    await first.close();
    const directory = tempStore();
    init(`http://public@127.0.0.1:${port}/1`, { store: { directory }, initialRetryDelayMs: 50, maxRetryDelayMs: 100, logger: recorder().options.logger });
    const ids = new Set<string>();
    for (let i = 0; i < 20; i += 1) ids.add(Sentry.captureException(new Error(`refused ${i}`)));
    expect(await Sentry.flush(5000)).toBe(true);
    expect(storedFiles(directory)).toHaveLength(20);

    const r = await receiver({ port });
    await r.waitFor(() => eventIds(r).size === 20, 15_000);
    expect(eventIds(r)).toEqual(ids);
  }, 30_000);

  it('two live transports sharing a store directory send each stored envelope once', async () => {
    const r = await receiver({ status: 503 });
    const directory = tempStore();
    const options = { store: { directory }, initialRetryDelayMs: 20, maxRetryDelayMs: 40, logger: recorder().options.logger };
    // The first client stays alive in the background after the second init, as in a rolling deploy.
    init(r.dsn, options);
    const ids = new Set<string>();
    for (let i = 0; i < 30; i += 1) ids.add(Sentry.captureException(new Error(`shared ${i}`)));
    expect(await Sentry.flush(5000)).toBe(true);
    expect(storedFiles(directory)).toHaveLength(30);
    init(r.dsn, options);
    r.setBehaviour({ status: 200 });
    await r.waitFor(() => eventIds(r).size === 30, 15_000);
    await vitestWaitFor(() => readdirSync(directory).length === 0);
    await sleep(300);
    expect(eventIds(r)).toEqual(ids);
    expect(r.events()).toHaveLength(30);
  }, 30_000);

  it('drops envelopes the receiver rejects with a 4xx, counts them and logs once', async () => {
    const r = await receiver({ status: 401 });
    const rec = recorder();
    const transport = init(r.dsn, rec.options);
    for (let i = 0; i < 3; i += 1) Sentry.captureException(new Error(`rejected ${i}`));
    expect(await Sentry.flush(5000)).toBe(true);
    expect(transport.stats().dropped).toEqual({ rejected: 3 });
    expect(rec.outcomes.filter(([o, info]) => o === 'dropped' && info.statusCode === 401)).toHaveLength(3);
    const warnings = rec.logs.filter(([level]) => level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[1]).toMatch(/\[rejected\].*HTTP 401/);
  }, 20_000);

  it('honours Retry-After on 429: holds the envelopes, sends nothing until it ends, then delivers them', async () => {
    const r = await receiver();
    const front = await startRateLimitingFront({ receiverPort: r.port, limitedRequests: 1, headers: { 'retry-after': '1' } });
    resources.onRelease(() => front.close());
    const rec = recorder();
    init(front.dsn, { ...rec.options, concurrency: 1 });
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1) ids.add(Sentry.captureException(new Error(`limited ${i}`)));
    await r.waitFor(() => eventIds(r).size === 5, 10_000);
    expect(eventIds(r)).toEqual(ids);
    const [limited, ...rest] = front.requests;
    expect(limited?.status).toBe(429);
    // Nothing was sent again before the second of Retry-After was over.
    expect(rest.every((request) => request.at - limited!.at >= 950)).toBe(true);
    expect(rec.count('dropped')).toBe(0);
  }, 20_000);

  it('honours X-Sentry-Rate-Limits for one category and keeps those envelopes instead of dropping them', async () => {
    const r = await receiver();
    const front = await startRateLimitingFront({ receiverPort: r.port, limitedRequests: 1, headers: { 'x-sentry-rate-limits': '1:error:organization' } });
    resources.onRelease(() => front.close());
    const directory = tempStore();
    const rec = recorder();
    init(front.dsn, { ...rec.options, concurrency: 1, store: { directory } });
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1) ids.add(Sentry.captureException(new Error(`category ${i}`)));
    await r.waitFor(() => eventIds(r).size === 5, 10_000);
    expect(eventIds(r)).toEqual(ids);
    expect(rec.count('dropped')).toBe(0);
    expect(rec.outcomes.some(([o, info]) => o === 'spilled' && info.reason === 'rate_limited')).toBe(true);
  }, 20_000);
});

describe('limits', () => {
  it('drops past maxQueuedEnvelopes without a store, counts every drop and logs once', async () => {
    const r = await receiver({ delayMs: 300 });
    const rec = recorder();
    const transport = init(r.dsn, { ...rec.options, concurrency: 2, maxQueuedEnvelopes: 10 });
    for (let i = 0; i < 40; i += 1) Sentry.captureException(new Error(`limit ${i}`));
    expect(await Sentry.flush(10_000)).toBe(true);
    // 2 in flight + 10 queued got through; the rest is counted.
    expect(r.events()).toHaveLength(12);
    expect(transport.stats().dropped).toEqual({ queue_full: 28 });
    expect(rec.outcomes.filter(([o, info]) => o === 'dropped' && info.reason === 'queue_full')).toHaveLength(28);
    const warnings = rec.logs.filter(([level]) => level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[1]).toMatch(/queue_full.*maxQueuedEnvelopes=10/);
    expect(transport.stats().peakQueued).toBeLessThanOrEqual(10);
  }, 20_000);

  it('keeps memory under maxQueuedBytes', async () => {
    const r = await receiver({ delayMs: 100 });
    const rec = recorder();
    const transport = init(r.dsn, { ...rec.options, concurrency: 1, maxQueuedBytes: 50_000 });
    for (let i = 0; i < 200; i += 1) Sentry.captureException(new Error(`bytes ${i} ${'x'.repeat(2000)}`));
    await sleep(100);
    const { peakQueuedBytes, dropped } = transport.stats();
    expect(peakQueuedBytes).toBeGreaterThan(25_000);
    expect(peakQueuedBytes).toBeLessThanOrEqual(50_000);
    expect(dropped.queue_full).toBeGreaterThan(100);
    expect(rec.logs.filter(([level]) => level === 'warn')).toHaveLength(1);
  }, 20_000);

  it('with a store, a full memory queue spills to disk instead of dropping, and everything arrives', async () => {
    const r = await receiver({ delayMs: 100 });
    const directory = tempStore();
    const rec = recorder();
    const transport = init(r.dsn, { ...rec.options, store: { directory }, concurrency: 2, maxQueuedEnvelopes: 10 });
    const ids = new Set<string>();
    for (let i = 0; i < 40; i += 1) ids.add(Sentry.captureException(new Error(`overflow ${i}`)));
    await r.waitFor(() => eventIds(r).size === 40, 15_000);
    expect(eventIds(r)).toEqual(ids);
    expect(rec.outcomes.filter(([o, info]) => o === 'spilled' && info.reason === 'queue_full').length).toBeGreaterThan(0);
    // The receiver records a request before it answers; the outcome follows the answer.
    await vitestWaitFor(() => rec.count('sent') + rec.count('replayed') === 40);
    expect(transport.stats().dropped).toEqual({});
    expect(transport.stats().peakQueued).toBeLessThanOrEqual(10);
  }, 20_000);

  it('keeps delivering when the onOutcome hook and the logger throw', async () => {
    const r = await receiver();
    const boom = (): never => {
      throw new Error('host bug');
    };
    init(r.dsn, { concurrency: 1, maxQueuedEnvelopes: 2, onOutcome: boom, logger: { info: boom, warn: boom, error: boom } });
    for (let i = 0; i < 10; i += 1) Sentry.captureException(new Error(`hooks ${i}`));
    expect(await Sentry.flush(5000)).toBe(true);
    expect(r.events().length).toBeGreaterThanOrEqual(3);
  }, 20_000);

  it('drops past the store limits, counts and logs once', async () => {
    const r = await receiver({ status: 503 });
    const directory = tempStore();
    const rec = recorder();
    const transport = init(r.dsn, { ...rec.options, store: { directory, maxEnvelopes: 5 }, initialRetryDelayMs: 1000 });
    for (let i = 0; i < 12; i += 1) Sentry.captureException(new Error(`store limit ${i}`));
    expect(await Sentry.flush(5000)).toBe(true);
    expect(storedFiles(directory)).toHaveLength(5);
    expect(transport.stats().dropped).toEqual({ store_full: 7 });
    expect(rec.logs.filter(([level, m]) => level === 'warn' && m.includes('store_full'))).toHaveLength(1);
  }, 20_000);

  it('drops a stored file that is not an envelope, and still sends the good ones', async () => {
    const r = await receiver({ status: 503 });
    const directory = tempStore();
    // A long back-off keeps this first transport from replaying once the receiver is back: only the
    // second one (the "next process") may touch the directory.
    init(r.dsn, { store: { directory }, initialRetryDelayMs: 60_000, maxRetryDelayMs: 60_000, logger: recorder().options.logger });
    Sentry.captureException(new Error('good one'));
    expect(await Sentry.flush(5000)).toBe(true);
    await Sentry.close(0);
    writeFileSync(join(directory, '000000000000001-0000001-000000001.envelope'), 'not an envelope');
    r.setBehaviour({ status: 200 });
    const rec = recorder();
    const transport = init(r.dsn, { ...rec.options, store: { directory } });
    await r.waitFor(() => r.events().length === 1);
    await vitestWaitFor(() => storedFiles(directory).length === 0);
    expect(transport.stats().dropped).toEqual({ unreadable: 1 });
    expect(rec.logs.filter(([level, m]) => level === 'warn' && m.includes('unreadable'))).toHaveLength(1);
  }, 20_000);
});

describe('shutdown', () => {
  it('flush(timeout) writes what it could not send to the store before the timeout', async () => {
    const r = await receiver({ delayMs: 3000 });
    const directory = tempStore();
    const transport = init(r.dsn, { store: { directory }, concurrency: 5, logger: recorder().options.logger });
    for (let i = 0; i < 40; i += 1) Sentry.captureException(new Error(`shutdown ${i}`));
    // Let the SDK hand the events to the transport.
    await sleep(100);
    const started = Date.now();
    expect(await transport.flush(800)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
    // 35 waiting + 5 copies of the requests still in flight: nothing depends on memory any more.
    expect(storedFiles(directory)).toHaveLength(40);
    expect(transport.stats().queued).toBe(0);
  }, 20_000);
});

describe('options', () => {
  it('rejects out-of-range options with a typed error that says how to fix them', () => {
    const attempt = (options: ReliableTransportOptions): unknown => {
      try {
        makeReliableTransport(options);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const bad = attempt({ concurrency: 0 });
    expect(ReliableTransportError.isInstance(bad)).toBe(true);
    expect((bad as ReliableTransportError).code).toBe('invalid_option');
    expect((bad as Error).message).toMatch(/`concurrency` must be a positive integer, got 0\. Example: \{ concurrency: 30 \}/);
    expect((attempt({ store: { directory: '' } }) as Error).message).toMatch(/store\.directory/);
    expect((attempt({ initialRetryDelayMs: 5000, maxRetryDelayMs: 1000 }) as Error).message).toMatch(/maxRetryDelayMs/);
    expect(ReliableTransportError.isInstance(new Error('x'))).toBe(false);
  });

  it('sizes the client buffer so that a burst is not dropped before it reaches the transport', () => {
    expect(reliableDeliveryOptions({ maxQueuedEnvelopes: 5000 }).transportOptions).toEqual({ bufferSize: 5000 });
    expect(reliableDeliveryOptions().transportOptions.bufferSize).toBe(2000);
  });
});

async function vitestWaitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
