import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import * as SentryBrowser from '@sentry/browser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initSentryBrowser, type BrowserInitOptions, type makeBrowserOfflineTransport } from './browser';
import { ConfigError } from './errors';
import type { EventOutcome } from './types';

// The browser entry runs here in Node with its real fetch transport against a loopback receiver;
// the full in-page test (Chromium) lives with the demo app.
let receiver: TestReceiver;
beforeAll(async () => {
  receiver = await startTestReceiver();
});
afterAll(async () => {
  await SentryBrowser.close(2000);
  await receiver.close();
});

const silent = { info() {}, warn() {}, error() {} };

it('takes env as an object, validates it the same way, and never reads process.env', () => {
  expect(() => initSentryBrowser({ env: { SENTRY_DSN: 'not-a-dsn' }, logger: silent })).toThrowError(ConfigError);
  process.env.SENTRY_DSN = receiver.dsn;
  try {
    expect(initSentryBrowser({ logger: silent }).enabled).toBe(false);
  } finally {
    delete process.env.SENTRY_DSN;
  }
});

it('sends through the real fetch transport with the kit defaults: no dedupe, throttle on, no IP inference', async () => {
  const outcomes: EventOutcome[] = [];
  const { client, config } = initSentryBrowser({
    env: { SENTRY_DSN: receiver.dsn, SENTRY_ENVIRONMENT: 'web' },
    logger: silent,
    offline: false,
    ignoreErrors: [/ResizeObserver loop/],
    onEventOutcome: (o) => outcomes.push(o),
  });
  expect(config.environment).toBe('web');
  const names = client!.getOptions().integrations.map((i) => i.name);
  expect(names).not.toContain('Dedupe');
  expect(names).toContain('WindowedThrottle');

  for (let i = 0; i < 3; i++) SentryBrowser.captureException(new Error('checkout button failed'));
  SentryBrowser.captureException(new Error('ResizeObserver loop limit exceeded'));
  await SentryBrowser.flush(5000);
  await receiver.waitFor((r) => r.events().length >= 3);
  const events = receiver.events();
  expect(events).toHaveLength(3);
  expect(events[0].environment).toBe('web');
  expect(events[0].sdk.name).toBe('sentry.javascript.browser');
  expect(events[0].sdk.settings?.infer_ip).not.toBe('auto');
  expect(outcomes.filter((o) => o.kind === 'sent')).toHaveLength(3);
  expect(outcomes.filter((o) => o.kind === 'dropped')).toHaveLength(1);
});

it('bundles the offline queue only when asked: offline takes the transport maker, true is refused with the fix', async () => {
  let error: unknown;
  try {
    initSentryBrowser({ env: { SENTRY_DSN: receiver.dsn }, logger: silent, offline: true as never });
  } catch (e) {
    error = e;
  }
  expect(ConfigError.isInstance(error)).toBe(true);
  expect((error as ConfigError).code).toBe('invalid-option');
  expect((error as ConfigError).message).toContain('options.offline="true"');
  expect((error as ConfigError).message).toContain('makeBrowserOfflineTransport');

  // The maker the app passes wraps the real fetch transport, and events go through what it returns.
  // (The real `makeBrowserOfflineTransport` needs a window and IndexedDB: apps/api's page opts in
  // and its Chromium test sends through it.)
  const wrapped: string[] = [];
  const maker = ((make: typeof SentryBrowser.makeFetchTransport) => {
    wrapped.push(make.name);
    return make;
  }) as unknown as typeof makeBrowserOfflineTransport;
  const { client } = initSentryBrowser({ env: { SENTRY_DSN: receiver.dsn, SENTRY_ENVIRONMENT: 'offline-queue' }, logger: silent, offline: maker });
  expect(wrapped).toEqual([SentryBrowser.makeFetchTransport.name]);
  expect(client!.getOptions().transport).toBe(SentryBrowser.makeFetchTransport);
  SentryBrowser.captureException(new Error('sent through the transport the maker returned'));
  await SentryBrowser.flush(5000);
  await receiver.waitFor((r) => r.events().some((e) => e.environment === 'offline-queue'));
});

it('groups with the fingerprints browser entry: built-ins by brand across entries, {{ message }} left to Sentry unless parameterize is passed', async () => {
  const { ExportError } = await import('@causal-organism/fingerprints');
  const { fingerprintRule, matcher, parameterize, variables } = await import('@causal-organism/fingerprints/browser');
  class ExportDownloadError extends ExportError {}
  const rules = [fingerprintRule({ matchers: [matcher('error.type', 'QuotaError')], fingerprint: ['quota', variables.message] })];
  class QuotaError extends Error {
    override name = 'QuotaError';
  }
  const send = async (environment: string, fingerprints: BrowserInitOptions['fingerprints']) => {
    initSentryBrowser({ env: { SENTRY_DSN: receiver.dsn, SENTRY_ENVIRONMENT: environment }, logger: silent, fingerprints });
    SentryBrowser.captureException(new ExportDownloadError('export download failed with HTTP 500'));
    SentryBrowser.captureException(new QuotaError('quota exceeded for user 42'));
    await SentryBrowser.flush(5000);
    await receiver.waitFor((r) => r.events().filter((e) => e.environment === environment).length >= 2);
    return receiver.events().filter((e) => e.environment === environment).map((e) => e.fingerprint as unknown);
  };
  // The page's error class comes from the root entry, the integration from /browser: the brand is shared.
  expect(await send('fp-raw', { rules })).toEqual([['export-error', 'ExportDownloadError'], ['quota', '{{ message }}']]);
  expect(await send('fp-resolved', { rules, parameterize })).toEqual([['export-error', 'ExportDownloadError'], ['quota', 'quota exceeded for user <int>']]);
});
