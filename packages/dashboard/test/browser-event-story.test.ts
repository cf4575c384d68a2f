/**
 * The whole story of an event (issue 19 §1), in Debian's chromium over real SDKs: a real
 * @sentry/node process sends an event with breadcrumbs, a user, a custom context, extra data and
 * a binary attachment; a real sentry-python process sends one with frame locals. On the issue
 * page: the breadcrumbs newest first with the one nearest the error marked (not a crumb stamped
 * after it), the user, the context's and extra's values, the SDK, a frame local's value; the raw
 * JSON downloads as event-<id>.json holding the event; the attachment is listed with its size
 * and downloads with its exact bytes. No CSP refusal, no page error.
 */

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { EventRecord } from '../src/api/types.js';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { logIn, screenshot, watchPageProblems } from './support/page-checks.js';
import { waitForApi } from './support/read-api.js';
import { sendNodeStory, sendPythonLocals } from './support/sentry-story.js';

/** What sentry-node-story.mjs attaches: every byte value once. */
const ATTACHMENT_BYTES = Buffer.from(Uint8Array.from({ length: 256 }, (_, i) => i));

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
let nodeEvent: EventRecord;
let pythonEvent: EventRecord;

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const texts = (testId: string) => page.getByTestId(testId).allTextContents();

test('a real @sentry/node event and a real sentry-python event arrive in the collector', async () => {
  const [nodeId, pythonId] = await Promise.all([sendNodeStory(server.dsn), sendPythonLocals(server.dsn)]);
  nodeEvent = await waitForApi<EventRecord>(server, `/api/v1/events/${nodeId}`);
  pythonEvent = await waitForApi<EventRecord>(server, `/api/v1/events/${pythonId}`);
  await waitForApi<{ items: unknown[] }>(
    server,
    `/api/v1/events/${nodeId}/attachments`,
    (body) => body.items.length === 1,
  );
  assert.equal((nodeEvent.payload.sdk as { name?: string }).name, 'sentry.javascript.node');
  assert.equal((pythonEvent.payload.sdk as { name?: string }).name, 'sentry.python');
});

test('the @sentry/node event: breadcrumbs newest first, the nearest one marked, user, context, extra, SDK', async () => {
  await page.goto(`${server.url}/issues/${nodeEvent.issueId}`);
  await logIn(page);
  await page.getByTestId('breadcrumbs').waitFor();

  const messages = await texts('crumb-message');
  const mine = ['stamped a minute ahead', 'pricing the cart', 'cart cart-7 loaded'];
  assert.deepEqual(
    messages.filter((m) => mine.includes(m)),
    mine,
    `newest first: ${JSON.stringify(messages)}`,
  );
  const nearest = page.locator('[data-testid="crumb"][data-nearest="true"]');
  assert.equal(await nearest.count(), 1);
  assert.equal(await nearest.getByTestId('crumb-message').textContent(), 'pricing the cart');
  assert.equal(await nearest.getByTestId('crumb-nearest').textContent(), 'nearest the error');
  const loaded = page.getByTestId('crumb').filter({ hasText: 'cart cart-7 loaded' });
  assert.match((await loaded.getByTestId('crumb-data').textContent()) ?? '', /lines\s*0/);

  const user = (await page.getByTestId('user').textContent()) ?? '';
  assert.match(user, /id\s*user-7/);
  assert.match(user, /username\s*ada/);
  // As the collector stored it (after scrubbing): the page shows the payload's values.
  const sentUser = nodeEvent.payload.user as Record<string, string>;
  for (const field of ['email', 'ip_address'] as const)
    if (sentUser[field] && sentUser[field] !== '[Filtered]')
      assert.ok(user.includes(sentUser[field]), `${field} ${sentUser[field]} in ${user}`);

  const checkout = page.locator('[data-testid="context"][data-context="checkout"]');
  const checkoutText = (await checkout.textContent()) ?? '';
  assert.match(checkoutText, /step\s*payment/);
  assert.ok(checkoutText.includes('{"id":"cart-7","lines":0}'), checkoutText);
  assert.ok(
    (await page.locator('[data-testid="context"][data-context="runtime"]').textContent())?.includes('node'),
  );

  const extra = (await page.getByTestId('extra').textContent()) ?? '';
  assert.match(extra, /retry_count\s*3/);
  assert.ok(extra.includes('{"coupon":"WINTER","items":[]}'), extra);

  assert.match(
    (await page.getByTestId('fact-sdk').textContent()) ?? '',
    /^sentry\.javascript\.node \d+\.\d+\.\d+ \(\d+ integrations\)$/,
  );
  await screenshot(page, 'dashboard-event-story');
});

test('the attachment is listed with its size and downloads with its exact bytes', async () => {
  const item = page.getByTestId('attachment');
  assert.equal(await item.count(), 1);
  assert.equal(await item.getByTestId('attachment-link').textContent(), 'cart-dump.bin');
  assert.equal(await item.getByTestId('attachment-size').textContent(), '256 B');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    item.getByTestId('attachment-link').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'cart-dump.bin');
  const path = await download.path();
  assert.deepEqual(await readFile(path), ATTACHMENT_BYTES);
});

test('the raw JSON is folded and downloads as event-<id>.json holding the event', async () => {
  const raw = page.getByTestId('raw-json');
  assert.equal(await raw.getAttribute('open'), null, 'folded');
  assert.ok((await page.getByTestId('raw-json-text').textContent())?.includes(nodeEvent.eventId));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-json').click(),
  ]);
  assert.equal(download.suggestedFilename(), `event-${nodeEvent.eventId}.json`);
  const saved = JSON.parse(await readFile(await download.path(), 'utf8')) as Record<string, unknown>;
  assert.equal(saved.event_id, nodeEvent.eventId);
  assert.deepEqual(saved, nodeEvent.payload, 'the stored (scrubbed) payload, whole');
});

test('the sentry-python event: a frame local’s value under its frame, the SDK in the facts', async () => {
  await page.goto(`${server.url}/issues/${pythonEvent.issueId}`);
  const frame = page
    .locator('[data-testid="frame-in-app"], [data-testid="frame-library"]')
    .filter({ has: page.locator('summary .fn', { hasText: /^split_bill$/ }) });
  await frame.waitFor();
  const vars = frame.getByTestId('frame-vars');
  assert.equal(await vars.getAttribute('open'), null, 'locals are folded');
  await vars.locator('summary').click();
  const table = (await vars.getByTestId('frame-vars-table').textContent()) ?? '';
  assert.match(table, /order_total\s*120/);
  assert.match(table, /guests\s*0/);
  assert.ok(table.includes("<script>alert('vars')</script>"), 'a string local is shown as text');
  assert.match(
    (await page.getByTestId('fact-sdk').textContent()) ?? '',
    /^sentry\.python 1\.\d+\.\d+ \(\d+ integrations\)$/,
  );
  assert.equal(await page.locator('main script, #app script').count(), 0);
});

test('at 400 px wide every section of the event stays inside the window', async () => {
  await page.setViewportSize({ width: 400, height: 900 });
  await page.goto(`${server.url}/issues/${nodeEvent.issueId}`);
  await page.getByTestId('attachments').waitFor();
  await page.getByTestId('raw-json').locator('summary').click();
  // The header's lookup box is not the event's (and is wider than 400 px on main already).
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="event"] *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`,
      ),
  );
  assert.deepEqual(wide, [], 'nothing of the event is wider than the window');
  await screenshot(page, 'dashboard-event-story-400px');
});

test('no CSP refusal and no page error', () => {
  assert.deepEqual(problems, []);
});
