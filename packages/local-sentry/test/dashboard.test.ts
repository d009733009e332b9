/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's JSON responses loosely, as a client would */
// The dashboard in a real browser: Debian's Chromium driven by playwright-core.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { envelope, fakeClock, post, start } from './helpers';
import { richEvent } from './fixtures';
import type { LocalSentry } from '../src/types';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
let server: LocalSentry;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (CI installs it)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const clock = fakeClock(Date.now());
  server = await start({ clock });
  // 20 minutes of traffic: errors every minute, a spike of 14 in one minute (fires the rate alert).
  clock.advance(-20 * 60_000);
  for (let m = 0; m < 20; m++) {
    const count = m === 15 ? 14 : (m % 4) + 1;
    for (let i = 0; i < count; i++) {
      const type = i % 3 === 0 ? 'PaymentError' : i % 3 === 1 ? 'TypeError' : 'DatabaseError';
      const route = i % 2 ? 'POST /v1/orders/:id/pay' : 'GET /v1/orders';
      const event = richEvent(m * 100 + i, { transaction: route, exception: { values: [{ type, value: `failure ${type}`, stacktrace: { frames: [{ function: 'lib', filename: '/app/node_modules/x.js', in_app: false }, { function: `handle${type}`, module: 'app.orders', filename: '/app/orders.js', lineno: 42, colno: 7, in_app: true, context_line: '    throw new Error(reason);' }] } }] } });
      await post(server, envelope({}, [[{ type: 'event' }, event]]));
      // Four requests per error on each route: a 25% error rate.
      for (let r = 0; r < 4; r++) {
      const tx = { type: 'transaction', transaction: route, start_timestamp: clock.now() / 1000, timestamp: clock.now() / 1000 + 0.05 + i * 0.01, contexts: { trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) } } };
      await post(server, envelope({}, [[{ type: 'transaction' }, tx]]));
      }
    }
    clock.advance(60_000);
  }
  const report = { timestamp: clock.now() / 1000, discarded_events: [{ reason: 'sample_rate', category: 'transaction', quantity: 7 }, { reason: 'before_send', category: 'error', quantity: 2 }] };
  await post(server, envelope({}, [[{ type: 'client_report' }, report]]));
  await server.idle();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('shows error rate with threshold, top issues, types, users, alerts, drops and routes', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1100 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/`);
  await page.waitForSelector('#rate-chart canvas');
  expect(errors).toEqual([]);
  expect(await page.locator('#rate h2').textContent()).toMatch(/alert threshold 10\/min/);
  // uPlot drew two series: the error rate and the threshold line.
  expect(await page.evaluate(() => (globalThis as any).rateChart.series.map((s: any) => s.label))).toEqual(['Time', 'errors/min', 'threshold']);
  expect(await page.evaluate(() => Math.max(...(globalThis as any).rateChart.data[1]))).toBe(14);
  const rows = page.locator('#issues tbody tr');
  expect(await rows.count()).toBe(3);
  expect(await page.locator('#types').innerText()).toMatch(/PaymentError/);
  expect(await page.locator('[data-kpi="users"] b').innerText()).toBe('3');
  expect(await page.locator('#alerts').innerText()).toMatch(/Error rate above 10\/min/);
  expect(await page.locator('#drops').innerText()).toMatch(/sample_rate\s+7/);
  expect(await page.locator('#routes').innerText()).toMatch(/POST \/v1\/orders\/:id\/pay\s+\d+\s+\d+ ms\s+25\.0%/);
  expect(await page.locator('[data-kpi="alerts"] b').innerText()).toBe('4');
  await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });

  await rows.first().locator('a').click();
  await page.waitForSelector('#stacktrace');
  expect(await page.locator('#stacktrace').innerText()).toMatch(/handle\w+Error/);
  expect(await page.locator('#stacktrace').innerText()).toMatch(/throw new Error\(reason\)/);
  expect(await page.locator('#request').innerText()).toMatch(/POST\s+http:\/\/api\.local\/v1\/orders\/7\/pay/);
  expect(await page.locator('#user').innerText()).toMatch(/user-\d/);
  expect(await page.locator('#tags').innerText()).toMatch(/region\s+eu/);
  await page.screenshot({ path: `${ARTIFACTS}issue.png`, fullPage: true });
  await page.close();
});
