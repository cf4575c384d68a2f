/**
 * The golden path in Debian's chromium: an empty project shows its DSN; a real envelope with
 * a 500 arrives; log in, find the issue, open it: the in-app frame and its context line are
 * visible, library frames folded, secrets shown as redacted, "copy as curl" has placeholders;
 * incident lookup by request id lands on the event, and lists the events when a forged one in
 * another project carries the same id; CSRF and logout hold in the browser.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN_TOKEN, startTestCollector, type TestCollector } from './support/collector.js';
import {
  GOLDEN_REQUEST_ID,
  goldenEvent,
  IN_APP_LINE,
  SECRET_BEARER,
  SECRET_COOKIE,
  TRACE_ID,
} from './support/events.js';
import { logIn, screenshot } from './support/page-checks.js';
import { sendEvent } from './support/send-event.js';

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let eventId: string;
let issueUrl: string;

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  page = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the page is served with a strict CSP; a wrong token is refused', async () => {
  const res = await page.goto(`${server.url}/`);
  assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  await logIn(page, 'not-the-token');
  await page.getByRole('alert').waitFor();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /401/);
});

test('an empty project shows its DSN and the snippet', async () => {
  await logIn(page);
  const dsn = page.getByTestId('dsn');
  await dsn.waitFor();
  assert.equal(await dsn.textContent(), server.dsn);
  assert.match((await page.getByTestId('empty-state').textContent()) ?? '', /Sentry\.init/);
  const cookies = await page.evaluate(() => document.cookie);
  assert.doesNotMatch(cookies, /faultline_session/, 'the session cookie is HttpOnly');
});

test('the issue arrives, and filters live in the URL', async () => {
  eventId = await sendEvent(server.dsn, goldenEvent());
  await page.reload();
  const row = page.getByTestId('issue-row');
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /TypeError/);
  // The sparkline (statsPeriod=24h) fills in after the row, once uPlot's chunk has loaded.
  const sparkline = row.getByTestId('sparkline');
  await sparkline.locator('canvas').first().waitFor();
  assert.equal(await sparkline.getAttribute('aria-label'), '1 event in the last 24 hours');
  await page.getByLabel('Search').fill('reading');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/\/issues\?q=reading/);
  await page.getByTestId('issue-row').waitFor();
  await page.getByLabel('Search').fill('no-such-issue');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByText('No issues match these filters.').waitFor();
  await page.goBack();
  await page.getByTestId('issue-row').waitFor();
  await screenshot(page, 'dashboard-issues');
});

test('the issue page: chain, frames, request with redactions, tags, trace', async () => {
  await page.getByTestId('issue-link').first().click();
  await page.waitForURL(/\/issues\/\d+$/);
  issueUrl = page.url();
  const inApp = page.getByTestId('frame-in-app');
  await inApp.waitFor();
  assert.equal(await inApp.getAttribute('open'), '');
  const line = inApp.getByTestId('context-line');
  assert.ok(await line.isVisible());
  assert.equal(await line.textContent(), IN_APP_LINE);
  const library = page.getByTestId('frame-library');
  assert.equal(await library.getAttribute('open'), null);
  assert.equal(await library.getByTestId('context-line').isVisible(), false);

  const chain = page.getByTestId('exception');
  assert.equal(await chain.count(), 2);
  assert.match((await chain.nth(1).textContent()) ?? '', /Caused by\s+Error:\s+connection reset by peer/);

  const headers = (await page.getByTestId('request-headers').textContent()) ?? '';
  assert.match(headers, /authorization\s*redacted/i);
  const body = (await page.textContent('body')) ?? '';
  assert.ok(!body.includes(SECRET_BEARER) && !body.includes(SECRET_COOKIE), 'no secret on the page');
  assert.match((await page.getByTestId('tags').textContent()) ?? '', /request_id=req-golden-7f3a/);
  assert.equal(await page.getByTestId('fact-trace-id').textContent(), TRACE_ID);
  assert.equal(await page.getByTestId('fact-release').textContent(), 'shop@1.4.2');
  assert.equal(await page.getByTestId('fact-environment').textContent(), 'production');
  await screenshot(page, 'dashboard-issue');
});

test('"copy as curl" rebuilds the request with placeholders, not secrets', async () => {
  await page.getByTestId('copy-curl').click();
  const curl = (await page.getByTestId('curl').textContent()) ?? '';
  assert.match(
    curl,
    /^curl -X 'POST' 'https:\/\/shop\.example\/orders\/7\?page=2&api_token=<redacted:api_token>'/,
  );
  assert.match(curl, /-H 'authorization: <redacted:authorization>'/);
  assert.match(curl, /-H 'cookie: <redacted:cookie>'/);
  for (const secret of [SECRET_BEARER, SECRET_COOKIE, 'also-secret', '[Filtered]'])
    assert.ok(!curl.includes(secret));
});

test('state changes need the CSRF token; the buttons send it', async () => {
  const issueId = Number(new URL(issueUrl).pathname.split('/').pop());
  const status = await page.evaluate(
    (id) =>
      fetch(`/api/v1/issues/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'ignored' }),
      }).then((r) => r.status),
    issueId,
  );
  assert.equal(status, 403);
  await page.getByRole('button', { name: 'Resolve', exact: true }).click();
  await page
    .getByTestId('issue-status')
    .filter({ hasText: /^resolved$/ })
    .waitFor();
});

test('incident lookup by request id lands on the event', async () => {
  await page.goto(`${server.url}/issues`);
  await page.getByLabel('Request id or event id').fill(GOLDEN_REQUEST_ID);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.waitForURL(new RegExp(`/issues/\\d+\\?event=${eventId}$`));
  const event = page.getByTestId('event');
  await event.waitFor();
  assert.equal(await event.getAttribute('data-event-id'), eventId);
  await page.getByLabel('Request id or event id').fill('no-such-request');
  await page.getByRole('button', { name: 'Find' }).click();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /404/);
});

test('an incident id that a forged event in another project also carries: both listed, none opened', async () => {
  const created = await fetch(`${server.url}/api/v1/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'forger' }),
  });
  const { keys } = (await created.json()) as { keys: { dsn: string }[] };
  await sendEvent(keys[0]!.dsn, {
    message: 'call us to fix your account',
    tags: { request_id: GOLDEN_REQUEST_ID },
    sdk: { name: 'sentry.javascript.browser', version: '9.1.0' },
  });
  await page.goto(`${server.url}/issues`);
  await page.getByLabel('Request id or event id').fill(GOLDEN_REQUEST_ID);
  await page.getByRole('button', { name: 'Find' }).click();
  const matches = page.getByTestId('lookup-match');
  await page.getByTestId('lookup-matches').waitFor();
  assert.equal(await matches.count(), 2);
  assert.match((await page.getByTestId('lookup-matches').textContent()) ?? '', /2 events carry/);
  assert.match((await matches.nth(1).textContent()) ?? '', /forger · sentry\.javascript\.browser/);
  assert.ok(page.url().endsWith('/issues'), 'no event was opened');
  await matches.filter({ hasText: 'default' }).getByRole('link').click();
  await page.waitForURL(new RegExp(`/issues/\\d+\\?event=${eventId}$`));
  assert.equal(await page.getByTestId('event').getAttribute('data-event-id'), eventId);
  assert.equal(await page.getByTestId('lookup-matches').count(), 0, 'choosing closed the list');
});

test('logout ends the session', async () => {
  await page.getByTestId('logout').click();
  await page.getByLabel('Admin token or API token').waitFor();
  const status = await page.evaluate(() => fetch('/api/v1/projects').then((r) => r.status));
  assert.equal(status, 401);
});
