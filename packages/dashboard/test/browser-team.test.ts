/**
 * Working as a team on the dashboard (issue 19 §4) in Debian's chromium against a real
 * collector: a user logged in with a password assigns the issue to themself with the assignee
 * picker, finds it under "Assigned to me" (and a teammate's issue not), sees the assignee
 * column, comments on it, and reads the history: first seen, assigned, commented.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { distinctBug } from './support/events.js';
import { logInWithPassword, screenshot, watchPageProblems } from './support/page-checks.js';
import { waitForApi } from './support/read-api.js';
import { sendEvent } from './support/send-event.js';

const USER = { email: 'ops@example.com', password: 'a long enough password' };
const TEAMMATE = { email: 'dev@example.com', password: 'another long password' };

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
const ids: number[] = [];

before(async () => {
  [server, browser] = await Promise.all([startTestCollector({ users: [USER, TEAMMATE] }), launchChromium()]);
  await sendEvent(server.dsn, distinctBug(1));
  await sendEvent(server.dsn, distinctBug(2));
  const issues = await waitForApi<{ items: { id: number; title: string }[] }>(
    server,
    '/api/v1/projects/1/issues',
    (b) => b.items.length === 2,
  );
  for (const n of [1, 2]) {
    const found = issues.items.find((i) => i.title.startsWith(`Bug${n}Error`));
    assert.ok(found, `bug ${n} has an issue`);
    ids.push(found.id);
  }
  // The teammate's issue: assigned over the API, to be left out of "Assigned to me".
  assert.equal(
    (await server.call('PATCH', `/api/v1/issues/${ids[1]}`, { assignee: TEAMMATE.email })).status,
    200,
  );
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
  await page.goto(`${server.url}/issues/${ids[0]}`);
  await logInWithPassword(page, USER.email, USER.password);
  await page.getByTestId('issue-title').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('assign to self, filter "Assigned to me", comment, and read the history', async () => {
  const id = ids[0] as number;
  const picker = page.getByLabel('Assignee');
  assert.equal(await picker.inputValue(), '', 'nobody yet');
  await page.getByTestId('assign-me').click();
  await page
    .getByTestId('flash')
    .filter({ hasText: `Assigned to ${USER.email}` })
    .waitFor();
  assert.equal(await picker.inputValue(), USER.email);
  assert.equal((await server.api(`/api/v1/issues/${id}`)).assignee, USER.email);

  const box = page.getByLabel('Add a comment (plain text)');
  await box.fill('Looking into it: **not bold**\nsecond line');
  await page.getByTestId('comment-submit').click();
  const comment = page.getByTestId('comment-text').first();
  await comment.waitFor();
  assert.equal(
    await comment.textContent(),
    'Looking into it: **not bold**\nsecond line',
    'markdown shown as text',
  );
  assert.equal(await box.inputValue(), '', 'the box is cleared once stored');

  const rows = page.getByTestId('activity-row');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="activity-row"]').length === 3);
  assert.deepEqual(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind'))), [
    'comment',
    'assigned',
    'first_seen',
  ]);
  assert.match(
    (await rows.nth(1).textContent()) ?? '',
    new RegExp(`${USER.email}\\s+assigned it to ${USER.email}`),
  );

  await page.goto(`${server.url}/issues`);
  await page.getByTestId('issue-row').first().waitFor();
  assert.equal(await page.getByTestId('issue-row').count(), 2);
  const cells = await page.getByTestId('issue-assignee').allTextContents();
  assert.deepEqual([...cells].sort(), [TEAMMATE.email, USER.email].sort(), 'the assignee column');
  await page.getByLabel('Assigned to me').check();
  await page.waitForURL((url) => url.searchParams.get('assigned') === 'me');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="issue-row"]').length === 1);
  assert.deepEqual(await page.getByTestId('issue-assignee').allTextContents(), [USER.email]);
  assert.match((await page.getByTestId('issue-row').textContent()) ?? '', /Bug1Error/);
  await screenshot(page, 'dashboard-issues-assigned-to-me');
  assert.deepEqual(problems, []);
});
