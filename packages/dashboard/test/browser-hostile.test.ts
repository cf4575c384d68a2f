/**
 * Hostile event data in Debian's chromium (issue 7 §3): script tags, attribute-breaking quotes,
 * a `javascript:` URL, a 1 MB string and RTL overrides render as text, in every section of the
 * event (breadcrumbs, user, contexts, extra, frame locals, the SDK, the raw JSON). No dialog opens, no
 * element is injected, the page does not widen. The same holds on every page that shows
 * sender-chosen names: trace services, rate routes and releases (in the table and in uPlot's
 * legend), the releases list, project names in the settings, and the bulk bar's labels.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN_TOKEN, startTestCollector, type TestCollector } from './support/collector.js';
import {
  CASCADE_TRACE_ID,
  cascadeEvents,
  HOSTILE_PROJECT,
  HOSTILE_RELEASE,
  HOSTILE_ROUTES,
  HOSTILE_SERVICES,
  HOSTILE_TITLE,
  hostileEvent,
  ratesItem,
} from './support/events.js';
import { assertNothingInjected, logIn, screenshot, watchPageProblems } from './support/page-checks.js';
import { sendEvent, sendItems } from './support/send-event.js';

/** Time for anything deferred (autofocus, onerror of a failed image) to have fired. */
const SETTLE_MS = 300;

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
const dialogs: string[] = [];
let problems: string[];

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  await sendEvent(server.dsn, hostileEvent());
  for (const event of cascadeEvents(HOSTILE_SERVICES)) await sendEvent(server.dsn, event);
  await sendItems(server.dsn, [
    {
      type: 'faultline_rates',
      payload: ratesItem(
        HOSTILE_RELEASE,
        HOSTILE_ROUTES.map((route) => ({ method: 'GET', route, requests: 10, errors5xx: 3 })),
      ),
    },
  ]);
  const created = await fetch(`${server.url}/api/v1/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: HOSTILE_PROJECT }),
  });
  assert.equal(created.status, 201);
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
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
  const row = page.getByTestId('issue-row').filter({ hasText: 'onerror=alert(3)' });
  await row.waitFor();
  assert.ok(((await row.textContent()) ?? '').includes('"><img src=x onerror=alert(3)>'));
  // Ticking it puts the title into the bulk bar's state and the checkbox's label: still text.
  await row.getByTestId('issue-tick').check();
  assert.match((await page.getByTestId('bulk-bar').textContent()) ?? '', /1 selected/);
  assert.match((await row.getByTestId('issue-tick').getAttribute('aria-label')) ?? '', /^Select "><img/);
  await row.getByTestId('issue-tick').uncheck();
  await page.waitForTimeout(SETTLE_MS);
  await assertNothingInjected(page);
  await assertNoWiderThanViewport(page);
  assert.deepEqual(dialogs, []);
});

test('the issue page shows hostile data as text, with no link for javascript: URLs', async () => {
  await page.getByTestId('issue-link').filter({ hasText: 'onerror=alert(3)' }).click();
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
  // The event's story (issue 19 §1): breadcrumbs, user, contexts, extra, frame locals, SDK.
  await page.getByTestId('frame-vars').first().locator('summary').click();
  for (const [what, shown] of [
    ['breadcrumb message', '<script>alert(14)</script>'],
    ['breadcrumb category', '"><svg onload=alert(12)>'],
    ['breadcrumb data', '<script>alert(15)</script>'],
    ['user', '<script>alert(16)</script>'],
    ['context name', '<img src=x onerror=alert(20)>'],
    ['context value', '<script>alert(21)</script>'],
    ['nested context value', '{"a":"</pre><script>"}'],
    ['extra', '<script>alert(22)</script>'],
    ['frame local', '<script>alert(11)</script>'],
    ['nested frame local', '{"x":"</td><img src=x>"}'],
    ['sdk', '<script>alert(23)</script>'],
  ] as const)
    assert.ok(text.includes(shown), `${what} as text`);
  assert.equal(
    await page.getByTestId('frame-vars-table').first().isVisible(),
    true,
    'the locals opened, as text',
  );
  await page.getByTestId('raw-json').locator('summary').click();
  assert.ok((await page.getByTestId('raw-json-text').textContent())?.includes('<script>alert(14)</script>'));
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

async function assertCleanPage(page: Page) {
  await page.waitForTimeout(SETTLE_MS);
  await assertNothingInjected(page);
  await assertNoWiderThanViewport(page);
  assert.deepEqual(dialogs, []);
}

test('the trace page shows hostile service names as text, the origin too', async () => {
  await page.goto(`${server.url}/traces/${CASCADE_TRACE_ID}`);
  await page.getByTestId('trace-node').first().waitFor();
  const services = await page.getByTestId('trace-service').allTextContents();
  assert.deepEqual(services, [
    '"><img src=x onerror=alert(12)>',
    '<script>alert(11)</script>',
    '\\u202Egnp.exe',
  ]);
  assert.match((await page.getByTestId('trace-origin').textContent()) ?? '', /started in\s+\\u202Egnp\.exe/);
  await assertCleanPage(page);
});

test('rates show hostile routes and releases as text, in the table and the chart legend', async () => {
  await page.goto(`${server.url}/rates`);
  await page.getByTestId('rate-row').first().waitFor();
  const keys = await page.getByTestId('rate-row').locator('td.key').allTextContents();
  for (const route of [
    'GET /<script>alert(15)</script>',
    'GET /x" onmouseover="alert(16)',
    'GET /\\u202Eevil',
  ])
    assert.ok(
      keys.some((k) => k.trim() === route),
      `${route} in ${JSON.stringify(keys)}`,
    );
  const legend = (await page.locator('.u-legend').textContent()) ?? '';
  assert.ok(legend.includes('<script>alert(15)</script>'), 'legend label as text');
  await assertCleanPage(page);
  await page.goto(`${server.url}/rates?by=release`);
  const release = page.getByTestId('rate-row').locator('td.key a').filter({ hasText: HOSTILE_RELEASE });
  await release.waitFor();
  assert.match(
    (await release.getAttribute('href')) ?? '',
    /^\/issues\?status=all&release=javascript%3Aalert%2817%29$/,
  );
  await assertCleanPage(page);
});

test('the releases list shows hostile versions as text with in-app links only', async () => {
  await page.goto(`${server.url}/releases`);
  await page.getByTestId('release-row').first().waitFor();
  const versions = await page.getByTestId('release-link').allTextContents();
  assert.ok(versions.includes('<b>bold</b>'), JSON.stringify(versions));
  for (const href of await page
    .getByTestId('release-link')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
    assert.match(href ?? '', /^\/issues\?/);
  await assertCleanPage(page);
});

test('the settings page shows a hostile project name as text', async () => {
  await page.goto(`${server.url}/settings`);
  const link = page.getByTestId('project-link').filter({ hasText: HOSTILE_PROJECT });
  await link.waitFor();
  await link.click();
  await page.getByRole('heading', { name: HOSTILE_PROJECT }).waitFor();
  await assertCleanPage(page);
  await screenshot(page, 'dashboard-hostile-settings', false);
});

test('comments and the activity history show hostile text as text (issue 19 §4)', async () => {
  const list = await server.api('/api/v1/projects/1/issues');
  const id = list.items.find((i: { title: string }) => i.title.includes('onerror=alert(3)')).id as number;
  const call = async (method: string, path: string, body: unknown, token = ADMIN_TOKEN) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  // Who: a token and a user named to break out of markup; what: control characters and markup.
  const made = await call('POST', '/api/v1/tokens', {
    name: '"><img src=x onerror=alert(30)>',
    scopes: ['project:write'],
  });
  assert.equal(made.status, 201);
  const controls = Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(1 + (i % 31))).join('');
  const comment = `${HOSTILE_TITLE}\u202E**bold**${controls}`;
  assert.equal(
    (await call('POST', `/api/v1/issues/${id}/comments`, { text: comment }, String(made.body.token))).status,
    201,
  );
  const hostileUser = '"><svg onload=alert(31)>@example.com';
  await server.store.createUser(hostileUser, 'not a password hash');
  assert.equal((await call('PATCH', `/api/v1/issues/${id}`, { assignee: hostileUser })).status, 200);

  await page.goto(`${server.url}/issues/${id}`);
  const shown = page.getByTestId('comment-text').first();
  await shown.waitFor();
  const text = (await shown.textContent()) ?? '';
  assert.ok(
    text.startsWith(`${HOSTILE_TITLE}\\u202E**bold**`),
    'markup, a visible bidi override, markdown: text',
  );
  assert.ok(text.includes(controls.slice(0, 31)), 'control characters kept as text');
  assert.ok(
    ((await page.getByTestId('comment').first().textContent()) ?? '').includes(
      'token:"><img src=x onerror=alert(30)>',
    ),
    'the author as text',
  );
  const activity = (await page.getByTestId('activity').textContent()) ?? '';
  assert.ok(activity.includes(`assigned it to ${hostileUser}`), 'the assignee as text');
  assert.ok(activity.includes('token:"><img src=x onerror=alert(30)>'), 'the actor as text');
  assert.equal(await page.getByLabel('Assignee').inputValue(), hostileUser);
  await assertCleanPage(page);
  await screenshot(page, 'dashboard-hostile-team', false);
});

test('no CSP violation and no page error with hostile data', () => {
  assert.deepEqual(problems, []);
});
