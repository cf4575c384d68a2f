/**
 * The Rates and Releases pages in Debian's chromium over real `faultline_rates` items (the
 * counts Faultline's server middleware sends): 5xx rate per route and per release drawn by
 * uPlot under the strict CSP, every series in a table worst first, releases with their 5xx
 * rate, crash-free sessions and new issues, what the SDKs dropped, and links from a release to
 * its issues.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN_TOKEN, startTestCollector, type TestCollector } from './support/collector.js';
import { goldenEvent, ratesItem } from './support/events.js';
import { openIssueList, screenshot } from './support/page-checks.js';
import { sendEvent, sendItems } from './support/send-event.js';

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  await sendItems(server.dsn, [
    {
      type: 'faultline_rates',
      payload: ratesItem('shop@1.4.2', [
        { method: 'GET', route: '/users/:id', requests: 50, errors5xx: 5 },
        { method: 'POST', route: '/orders', requests: 30, errors5xx: 0 },
        { method: 'GET', route: '/search', requests: 20, errors5xx: 8 },
      ]),
    },
    {
      type: 'faultline_rates',
      payload: ratesItem(
        'shop@1.5.0',
        [{ method: 'GET', route: '/users/:id', requests: 40, errors5xx: 20 }],
        1,
      ),
    },
  ]);
  await sendEvent(server.dsn, { ...goldenEvent(), release: 'shop@1.5.0' });
  // Release health from the SDKs: 10 sessions of shop@1.5.0, 2 of them crashed; and a client
  // report of 4 errors the SDK dropped from its full queue.
  await sendItems(server.dsn, [
    {
      type: 'sessions',
      payload: {
        aggregates: [{ started: new Date().toISOString(), exited: 8, crashed: 2 }],
        attrs: { release: 'shop@1.5.0', environment: 'production' },
      },
    },
    {
      type: 'client_report',
      payload: {
        timestamp: Date.now() / 1000,
        discarded_events: [{ reason: 'queue_overflow', category: 'error', quantity: 4 }],
      },
    },
  ]);
  ({ page, problems } = await openIssueList(browser.context, server.url));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function apiRates(by: string) {
  const res = await fetch(`${server.url}/api/v1/rates?by=${by}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return (await res.json()) as { series: { key: string; rate5xx: number }[] };
}

test('rates per route: a uPlot chart and a table, worst route first', async () => {
  await page.getByTestId('nav-rates').click();
  await page.waitForURL(/\/rates$/);
  const rows = page.getByTestId('rate-row');
  await rows.first().waitFor();
  const keys = (await rows.locator('td.key').allTextContents()).map((k) => k.trim());
  const api = await apiRates('route');
  assert.deepEqual(
    keys,
    api.series.map((s) => s.key),
    'the table keeps the API order',
  );
  assert.equal(keys[0], 'GET /search', '8 of 20 is the worst');
  // A fresh install: every count is minutes old, so the page shows the last hour, not a day.
  await page.getByTestId('rates-fitted').waitFor();
  assert.equal(await page.getByLabel('Range').inputValue(), '1h');
  const rates = api.series.map((s) => s.rate5xx);
  assert.deepEqual(
    rates,
    [...rates].sort((a, b) => b - a),
  );
  assert.equal(await rows.first().getByTestId('rate-5xx').textContent(), '40.0%');
  const chart = page.getByTestId('rates-chart');
  await chart.locator('.uplot canvas').first().waitFor();
  const size = await chart
    .locator('.uplot canvas')
    .first()
    .evaluate((c) => ({
      w: (c as HTMLCanvasElement).width,
      h: (c as HTMLCanvasElement).height,
    }));
  assert.ok(size.w > 300 && size.h > 100, `canvas ${size.w}x${size.h}`);
  const legend = (await chart.locator('.u-legend').textContent()) ?? '';
  for (const key of keys) assert.ok(legend.includes(key), `legend names ${key}`);
  await screenshot(page, 'dashboard-rates');
});

test('rates per release and the range live in the URL', async () => {
  await page.getByTestId('rates-by-release').click();
  await page.waitForURL(/\/rates\?by=release$/);
  await page.getByTestId('rate-row').first().waitFor();
  const keys = (await page.getByTestId('rate-row').locator('td.key').allTextContents()).map((k) => k.trim());
  assert.deepEqual(keys, ['shop@1.5.0', 'shop@1.4.2']);
  await page.getByLabel('Range').selectOption('7d');
  await page.waitForURL(/\/rates\?by=release&since=7d$/);
  await page.getByTestId('rate-row').first().waitFor();
  await page.reload();
  await page.getByTestId('rate-row').first().waitFor();
  assert.equal(await page.getByLabel('Range').inputValue(), '7d');
});

test("releases: 5xx rate, crash-free sessions, new issues, what was dropped, and a link to the release's issues", async () => {
  await page.getByTestId('nav-releases').click();
  const rows = page.getByTestId('release-row');
  await rows.first().waitFor();
  const byVersion = new Map<string, { rate: string; fresh: string; crashFree: string }>();
  for (const row of await rows.all())
    byVersion.set(((await row.getByTestId('release-link').textContent()) ?? '').trim(), {
      rate: (await row.getByTestId('release-rate').textContent()) ?? '',
      fresh: (await row.getByTestId('release-new').textContent()) ?? '',
      crashFree: ((await row.getByTestId('release-crash-free').textContent()) ?? '').trim(),
    });
  assert.deepEqual(byVersion.get('shop@1.5.0'), { rate: '50.0%', fresh: '1', crashFree: '80.0%' });
  assert.equal(byVersion.get('shop@1.4.2')?.rate, '13.0%');
  assert.equal(byVersion.get('shop@1.4.2')?.crashFree, '—', 'no sessions: unknown, not 100 %');
  const dropped = await page
    .getByTestId('dropped-row')
    .evaluateAll((rows) =>
      rows.map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent?.trim())),
    );
  assert.deepEqual(dropped, [['SDK', 'queue_overflow', 'error', '4']]);
  await screenshot(page, 'dashboard-releases');
  await rows.filter({ hasText: 'shop@1.5.0' }).getByTestId('release-link').click();
  await page.waitForURL(/\/issues\?status=all&release=shop%401\.5\.0$/);
  await page.getByTestId('issue-row').first().waitFor();
  assert.equal(await page.getByLabel('Release').inputValue(), 'shop@1.5.0');
});

test('no CSP violation (uPlot styles through the CSSOM only) and no page error', () => {
  assert.deepEqual(problems, []);
});
