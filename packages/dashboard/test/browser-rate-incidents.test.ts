/**
 * The Rates page marks rate alerts (issue 14 §5) in Debian's chromium against a real collector:
 * a route-5xx-rate rule, per-route counts over its threshold as the middleware sends them, the
 * collector's own rate evaluation opens an incident, and the page lists when it fired (with the
 * route, release and a link to the rule) under the chart that draws it, and says so in the
 * chart's label. A release filter that leaves the incident's release out leaves its mark out.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN_TOKEN, startTestCollector, type TestCollector } from './support/collector.js';
import { ratesItem } from './support/events.js';
import { assertNothingInjected, logIn, screenshot, watchPageProblems } from './support/page-checks.js';
import { waitForApi } from './support/read-api.js';
import { sendItems } from './support/send-event.js';

/** Rate passes run this often here, so an incident opens within a second of its counts. */
const RATE_INTERVAL_MS = 200;

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
let ruleId: number;

before(async () => {
  [server, browser] = await Promise.all([
    startTestCollector({ rateIntervalMs: RATE_INTERVAL_MS }),
    launchChromium(),
  ]);
  const res = await fetch(`${server.url}/api/v1/projects/1/alert-rules`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'pay 5xx',
      trigger: { type: 'route-5xx-rate', threshold: 0.5, windowMinutes: 5, minRequests: 10 },
      channels: [{ type: 'email', to: ['ops@example.com'] }],
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  ruleId = ((await res.json()) as { id: number }).id;
  await sendItems(server.dsn, [
    {
      type: 'faultline_rates',
      payload: ratesItem('shop@2', [{ method: 'GET', route: '/pay', requests: 40, errors5xx: 30 }], 1),
    },
  ]);
  await waitForApi<{ items: unknown[] }>(
    server,
    '/api/v1/projects/1/alert-incidents',
    (b) => b.items.length > 0,
  );
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
  await page.goto(`${server.url}/rates?since=1h`);
  await logIn(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('when a rate alert fired is marked under the chart, with its route, release and rule', async () => {
  const mark = page.getByTestId('incident-mark');
  await mark.waitFor();
  assert.equal(await mark.count(), 1);
  assert.equal(await mark.getAttribute('data-kind'), 'fired');
  const text = (await mark.textContent()) ?? '';
  assert.match(text, new RegExp(`fired .*rule #${ruleId} on GET /pay \\(shop@2, production\\)`, 's'));
  assert.equal(await mark.getByRole('link').getAttribute('href'), `/alerts?rule=${ruleId}`);
  assert.match(
    (await page.locator('[data-testid="rates-chart"] [role="img"]').getAttribute('aria-label')) ?? '',
    /, 1 rate alert mark$/,
  );
  await page.locator('[data-testid="rates-chart"] canvas').first().waitFor();
  await assertNothingInjected(page);
  await screenshot(page, 'dashboard-rates-incidents');
});

test("a release filter that leaves the incident's release out leaves its mark out", async () => {
  await page.goto(`${server.url}/rates?since=1h&release=shop%401`);
  await page.getByTestId('rates-empty').waitFor();
  assert.equal(await page.getByTestId('incident-mark').count(), 0);
  await page.goto(`${server.url}/rates?since=1h&release=shop%402`);
  await page.getByTestId('incident-mark').waitFor();
  assert.deepEqual(problems, []);
});
