/**
 * The issue page's Tags section in Debian's chromium (issue 19 §1): one issue's events sent with
 * known tags through real ingest show as bars whose widths are the values' shares (set through
 * the CSSOM, so the strict CSP refuses nothing), each with its count and share. Clicking a value
 * narrows the pager to the events carrying it, the filter shows as a chip and lives in the URL
 * (a reload keeps it), and removing the chip gives every event back.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SentryEvent } from '@faultline/core';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { distinctBug } from './support/events.js';
import { logIn, screenshot, watchPageProblems } from './support/page-checks.js';
import { waitForApi } from './support/read-api.js';
import { sendEvent } from './support/send-event.js';

/** The browsers of the issue's events, oldest first: Firefox is a third of them. */
const BROWSERS = ['Chrome', 'Firefox', 'Chrome', 'Chrome', 'Firefox', 'Chrome'];
const MINUTE_MS = 60_000;

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
let issueId: number;
/** Event ids as sent, oldest first. */
const sent: string[] = [];

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  const start = Date.now() - BROWSERS.length * MINUTE_MS;
  for (const [i, name] of BROWSERS.entries()) {
    const event: SentryEvent = {
      ...distinctBug(1),
      timestamp: (start + i * MINUTE_MS) / 1000,
      tags: { browser: name, os: i % 2 === 0 ? 'Linux' : 'macOS' },
    };
    sent.push(await sendEvent(server.dsn, event));
  }
  const issues = await waitForApi<{ items: { id: number; count: number }[] }>(
    server,
    '/api/v1/projects/1/issues',
    (b) => b.items[0]?.count === BROWSERS.length,
  );
  issueId = (issues.items[0] as { id: number }).id;
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
  await page.goto(`${server.url}/`);
  await logIn(page);
  await page.getByTestId('issue-row').first().waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const value = (key: string, v: string) =>
  page.locator(`[data-testid="facet-value"][data-key="${key}"][data-value="${v}"]`);
const shownEvent = () => page.getByTestId('event').getAttribute('data-event-id');
const position = () => page.getByTestId('pager-position').textContent();

/** A bar's fill as a share of its track, measured in the page. */
async function fillShare(key: string, v: string): Promise<number> {
  return value(key, v)
    .getByTestId('facet-fill')
    .evaluate((fill) => {
      const track = fill.parentElement as HTMLElement;
      return fill.getBoundingClientRect().width / track.getBoundingClientRect().width;
    });
}

test('the Tags section draws each value as a bar of its share, with count and share', async () => {
  await page.goto(`${server.url}/issues/${issueId}`);
  await page.getByTestId('tag-facets').waitFor();
  const keys = await page
    .getByTestId('facet')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
  assert.deepEqual(keys.slice(0, 2), ['environment', 'browser'], 'preferred keys first');
  assert.ok(keys.includes('os'), keys.join());
  assert.equal(await value('browser', 'Chrome').getByTestId('facet-count').textContent(), '4 (67 %)');
  assert.equal(await value('browser', 'Firefox').getByTestId('facet-count').textContent(), '2 (33 %)');
  assert.ok(Math.abs((await fillShare('browser', 'Chrome')) - 4 / 6) < 0.01);
  assert.ok(Math.abs((await fillShare('browser', 'Firefox')) - 2 / 6) < 0.01);
  assert.ok(Math.abs((await fillShare('os', 'Linux')) - 0.5) < 0.01);
  assert.match((await position()) ?? '', /^Event 1 of 6/);
  await screenshot(page, 'tag-facets');
});

test('a clicked value narrows the pager to its events; the URL keeps the filter', async () => {
  await value('browser', 'Firefox').click();
  await page.getByTestId('event-filter-chip').waitFor();
  assert.match(page.url(), /\?tag=browser%3AFirefox$/);
  await page.waitForFunction(() =>
    /^Event 1 of 2\b/.test(document.querySelector('[data-testid="pager-position"]')?.textContent ?? ''),
  );
  // Firefox sent events 1 and 4 (oldest first): the newest of them shows first.
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid="event"]')?.getAttribute('data-event-id') === id,
    sent[4],
  );
  assert.equal(await value('browser', 'Firefox').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByTestId('event-filter-count').textContent(), '2 events seen');
  await page.getByTestId('pager-older').click();
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid="event"]')?.getAttribute('data-event-id') === id,
    sent[1],
  );
  assert.match((await position()) ?? '', /^Event 2 of 2\b/);
  assert.equal(await page.getByTestId('pager-older').isDisabled(), true, 'no older Firefox event');
  assert.match(page.url(), /event=.*&tag=browser%3AFirefox$/);

  await page.reload();
  await page.getByTestId('event-filter-chip').waitFor();
  await page.waitForFunction(() =>
    /^Event 2 of 2\b/.test(document.querySelector('[data-testid="pager-position"]')?.textContent ?? ''),
  );
  assert.equal(await shownEvent(), sent[1], 'a reload keeps the filter and the event');
});

test('the chip removes the filter: every event again, the event shown stays', async () => {
  await page.getByTestId('event-filter-remove').click();
  await page.getByTestId('event-filter-chip').waitFor({ state: 'detached' });
  assert.doesNotMatch(page.url(), /tag=/);
  await page.waitForFunction(() =>
    /^Event 5 of 6\b/.test(document.querySelector('[data-testid="pager-position"]')?.textContent ?? ''),
  );
  assert.equal(await shownEvent(), sent[1]);
  assert.equal(await value('browser', 'Firefox').getAttribute('aria-pressed'), 'false');
  assert.deepEqual(problems, [], 'no CSP refusal, no page error');
});
