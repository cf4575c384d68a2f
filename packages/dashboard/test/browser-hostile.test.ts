/**
 * Hostile event data in Debian's chromium (issue 7 §3): script tags, attribute-breaking quotes,
 * a `javascript:` URL, a 1 MB string and RTL overrides render as text. No dialog opens, no
 * element is injected, the page does not widen.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { HOSTILE_TITLE, hostileEvent } from './support/events.js';
import { assertNothingInjected, logIn, screenshot } from './support/page-checks.js';
import { sendEvent } from './support/send-event.js';

/** Time for anything deferred (autofocus, onerror of a failed image) to have fired. */
const SETTLE_MS = 300;

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
const dialogs: string[] = [];

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  await sendEvent(server.dsn, hostileEvent());
  page = await browser.context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${server.url}/`);
  await logIn(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function assertNoWiderThanViewport(page: Page) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `the page is ${scroll}px wide in a ${inner}px window`);
}

test('the list shows hostile titles as text', async () => {
  const row = page.getByTestId('issue-row');
  await row.waitFor();
  assert.ok(((await row.textContent()) ?? '').includes('"><img src=x onerror=alert(3)>'));
  await page.waitForTimeout(SETTLE_MS);
  await assertNothingInjected(page);
  await assertNoWiderThanViewport(page);
  assert.deepEqual(dialogs, []);
});

test('the issue page shows hostile data as text, with no link for javascript: URLs', async () => {
  await page.getByTestId('issue-link').click();
  await page.getByTestId('event').waitFor();
  await page.waitForTimeout(SETTLE_MS);
  const text = (await page.textContent('body')) ?? '';
  assert.ok(text.includes(`${HOSTILE_TITLE} <img src=x onerror=alert(2)>`), 'message as text');
  assert.ok(text.includes('</code><script>alert(6)</script>'), 'context line as text');
  assert.ok(text.includes('javascript:alert(7)'), 'the URL as text');
  assert.ok(text.includes('\\u202E'), 'bidi overrides made visible');
  assert.ok(!text.includes('\u202E'), 'no live bidi override');
  assert.ok(text.includes('" autofocus onfocus="alert(10)'), 'tag value as text');
  assert.ok(text.includes('<b>bold</b>'), 'release as text');
  await page.getByTestId('copy-curl').click();
  assert.match(
    (await page.getByTestId('curl').textContent()) ?? '',
    /^curl -X 'GET' 'javascript:alert\(7\)'/,
  );
  await assertNothingInjected(page);
  await assertNoWiderThanViewport(page);
  await screenshot(page, 'dashboard-hostile', false);
  assert.deepEqual(dialogs, []);
});
