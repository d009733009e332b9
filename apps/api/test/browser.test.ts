/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's event JSON loosely, as a client would */
// The browser page in Debian's headless Chromium (playwright-core), sending to local-sentry:
// clicks produce scrubbed, fingerprinted events with the browser's context, and the failing API
// call's browser event shares its trace id with the api's own event.
import { existsSync } from 'node:fs';
import { startLocalSentry } from '@causal-organism/local-sentry';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, startApi } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
let sentry: Awaited<ReturnType<typeof startLocalSentry>>;
let api: RunningApi;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (CI installs it)`);
  sentry = await startLocalSentry({ db: ':memory:' });
  api = await startApi({ SENTRY_DSN: sentry.dsn, SENTRY_TRACES_SAMPLE_RATE: '1' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await sentry?.close();
});

/** Every stored error event, in full, read back through local-sentry's Sentry-shaped Web API. */
async function storedEvents(): Promise<any[]> {
  const get = async (path: string) => {
    const response = await fetch(`${sentry.apiUrl}${path}`, { headers: { authorization: `Bearer ${sentry.token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as any;
  };
  const issues: any[] = await get(`/organizations/${sentry.organization}/issues/?query=&statsPeriod=24h&limit=100`);
  const events: any[] = [];
  for (const issue of issues) {
    const list: any[] = await get(`/organizations/${sentry.organization}/issues/${issue.id}/events/?full=true`);
    for (const summary of list) events.push(await get(`/organizations/${sentry.organization}/issues/${issue.id}/events/${summary.eventID}/`));
  }
  return events;
}

async function waitForEvents(predicate: (events: any[]) => boolean): Promise<any[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await sentry.idle();
    const events = await storedEvents();
    if (predicate(events)) return events;
    if (Date.now() > deadline) throw new Error(`events did not arrive; have: ${events.map((e) => e.title).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const exceptionOf = (event: any) => event.entries.find((e: any) => e.type === 'exception')?.data.values.at(-1);
const tag = (event: any, key: string) => event.tags.find((t: any) => t.key === key)?.value;

describe('the browser page served by the api', () => {
  it('throw, reject and a failing API call: browser context, scrubbed, fingerprinted, one trace with the api', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${api.url}/`);
    await page.waitForFunction(() => (globalThis as any).__SENTRY__ !== undefined);
    await page.click('#throw');
    await page.click('#reject');
    await page.click('#api');
    await page.waitForFunction(() => (globalThis as any).document.getElementById('log')?.textContent?.includes('api answered 500'));

    const events = await waitForEvents((all) => all.length >= 4);
    const browserEvents = events.filter((e) => e.platform === 'javascript');
    const apiEvents = events.filter((e) => e.platform === 'node');
    expect(browserEvents).toHaveLength(3);
    expect(apiEvents).toHaveLength(1);

    // Browser context on every browser event; planted PII absent from everything stored.
    for (const event of browserEvents) {
      // What the browser SDK attaches (Sentry derives its browser/OS contexts from the User-Agent).
      const request = event.entries.find((e: any) => e.type === 'request')?.data;
      expect(request.url).toMatch(/^http:\/\/[^/]+\/$/);
      expect(Object.fromEntries(request.headers)['User-Agent']).toContain('HeadlessChrome');
      expect(event.contexts.culture?.timezone).toBeTypeOf('string');
      expect(event.sdk.name).toBe('sentry.javascript.browser');
      expect(tag(event, 'environment')).toBe('test');
    }
    const stored = JSON.stringify(events);
    for (const secret of ['jane.doe@example.com', '4111 1111 1111 1111', 'sk_live_51HxAbCdEfGhIjKlMnOpQrSt']) expect(stored).not.toContain(secret);
    expect(pageErrors.some((m) => m.includes('Checkout button failed'))).toBe(true);

    const thrown = browserEvents.find((e) => exceptionOf(e)?.value.startsWith('Checkout button failed'));
    expect(thrown, 'the thrown error arrived').toBeDefined();
    expect(exceptionOf(thrown).value).toContain('[creditcard]');
    expect(exceptionOf(thrown).mechanism).toMatchObject({ handled: false });
    const rejected = browserEvents.find((e) => exceptionOf(e)?.type === 'TypeError');
    expect(exceptionOf(rejected).mechanism.type).toMatch(/onunhandledrejection/);

    // The failing API call: fingerprinted on both sides and joined by one trace id.
    const download = browserEvents.find((e) => exceptionOf(e)?.type === 'ExportDownloadError');
    expect(download.fingerprints).toEqual(['export-error', 'ExportDownloadError']);
    const apiEvent = apiEvents[0];
    expect(apiEvent.fingerprints).toEqual(['export-error', 'TypeError']);
    expect(tag(download, 'api.event_id')).toBe(apiEvent.eventID);
    expect(tag(apiEvent, 'request_id')).toBe(tag(download, 'api.request_id'));
    expect(apiEvent.user.id).toBe('browser-user-7');
    const traceId = download.contexts.trace?.trace_id;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(apiEvent.contexts.trace?.trace_id).toBe(traceId);
  });

  it('keeps an error raised while offline in the IndexedDB queue the page opted into, and sends it once back online', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${api.url}/`);
      await page.waitForFunction(() => (globalThis as any).__SENTRY__ !== undefined);
      await context.setOffline(true);
      const message = `raised while offline ${Date.now()}`;
      await page.evaluate((m) => {
        setTimeout(() => {
          throw new Error(m);
        });
      }, message);
      // The send fails while offline; the queue stores the envelope instead of dropping it.
      // (Only opened once the SDK created it: opening a missing database would create it without the store.)
      await page.waitForFunction(
        async () =>
          ((await (globalThis as any).indexedDB.databases()) as Array<{ name: string }>).some((d) => d.name === 'sentry-offline') &&
          new Promise<boolean>((resolve) => {
            const open = (globalThis as any).indexedDB.open('sentry-offline');
            open.onerror = () => resolve(false);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('queue')) return resolve(false);
              const count = db.transaction('queue').objectStore('queue').count();
              count.onsuccess = () => resolve(count.result > 0);
              count.onerror = () => resolve(false);
            };
          }),
        undefined,
        { timeout: 15_000 },
      );
      expect((await storedEvents()).some((e) => exceptionOf(e)?.value === message)).toBe(false);
      // Back online: the transport flushes its queue.
      await context.setOffline(false);
      const events = await waitForEvents((all) => all.some((e) => exceptionOf(e)?.value === message));
      expect(events.filter((e) => exceptionOf(e)?.value === message)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});
