/**
 * Snooze and delete on the issue page (issue 19 §2) in Debian's chromium against a real
 * collector: the Ignore menu snoozes "until 10 more events", the header says how many are left,
 * and after the 10th event (sent as an SDK does) the issue is back, with why; Delete asks first
 * (focus on Cancel), and with "also discard future events" ticked deletes the issue and leaves
 * for the list, after which the bug's events are answered 200, counted as discarded, and stored
 * nowhere.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { distinctBug } from './support/events.js';
import {
  assertNothingInjected,
  logInWithPassword,
  screenshot,
  watchPageProblems,
} from './support/page-checks.js';
import { apiGet, waitForApi } from './support/read-api.js';
import { sendEvent } from './support/send-event.js';

const USER = { email: 'ops@example.com', password: 'a long enough password' };

interface IssueJson {
  id: number;
  title: string;
  status: string;
  count: number;
  ignoreUntil: unknown;
  snoozeRemaining: number | null;
  unignoredReason: string | null;
}

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
const ids: number[] = [];

const issue = async (id: number) => (await server.api(`/api/v1/issues/${id}`)) as IssueJson;

before(async () => {
  [server, browser] = await Promise.all([startTestCollector({ users: [USER] }), launchChromium()]);
  await sendEvent(server.dsn, distinctBug(1));
  await sendEvent(server.dsn, distinctBug(2));
  const issues = await waitForApi<{ items: IssueJson[] }>(
    server,
    '/api/v1/projects/1/issues',
    (b) => b.items.length === 2,
  );
  for (const n of [1, 2]) {
    const found = issues.items.find((i) => i.title.startsWith(`Bug${n}Error`));
    assert.ok(found, `bug ${n} has an issue`);
    ids.push(found.id);
  }
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${server.url}/issues/${ids[0]}`);
  await logInWithPassword(page, USER.email, USER.password);
  await page.getByTestId('issue-title').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('Ignore until 10 more events: 9 keep it ignored, the 10th brings it back and the page says why', async () => {
  const id = ids[0] as number;
  await page.getByTestId('snooze-menu').locator('summary').click();
  await page.getByTestId('snooze-events10').click();
  const state = page.getByTestId('snooze-state');
  await state.waitFor();
  assert.equal(await state.textContent(), 'Ignored until 10 more events');
  assert.equal(await page.getByTestId('issue-status').textContent(), 'ignored');
  assert.deepEqual((await issue(id)).ignoreUntil, { count: 10 });

  for (let k = 0; k < 9; k++) await sendEvent(server.dsn, distinctBug(1));
  await page.reload();
  await state.waitFor();
  assert.equal(await state.textContent(), 'Ignored until 1 more event');
  assert.equal((await issue(id)).status, 'ignored');

  await sendEvent(server.dsn, distinctBug(1));
  await page.reload();
  const back = page.getByTestId('snooze-back');
  await back.waitFor();
  assert.match(
    (await back.textContent()) ?? '',
    /^Back from a snooze: the events it was snoozed for arrived/,
  );
  assert.equal(await page.getByTestId('issue-status').textContent(), 'unresolved');
  assert.equal(await state.count(), 0);
  const stored = await issue(id);
  assert.deepEqual([stored.status, stored.unignoredReason, stored.count], ['unresolved', 'count', 11]);
  await screenshot(page, 'dashboard-issue-snooze-back');
});

test('Delete asks first; with discard it deletes, leaves for the list, and later events are discarded', async () => {
  const id = ids[1] as number;
  await page.goto(`${server.url}/issues/${id}`);
  await page.getByTestId('issue-title').waitFor();
  await page.getByTestId('delete-issue').click();
  const dialog = page.getByTestId('confirm-delete');
  await dialog.waitFor();
  assert.equal(
    await page.evaluate(() => document.activeElement?.textContent),
    'Cancel',
    'focus on the safe answer',
  );
  assert.equal(await page.getByTestId('delete-discard').isChecked(), false);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await apiGet(server, `/api/v1/issues/${id}`)).status, 200, 'Cancel deleted nothing');

  await page.getByTestId('delete-issue').click();
  await page.getByTestId('delete-discard').check();
  await page.getByTestId('confirm-delete-yes').click();
  await page.waitForURL((url) => url.pathname === '/issues');
  assert.match((await page.getByTestId('flash').textContent()) ?? '', /future events are discarded/);
  assert.equal((await apiGet(server, `/api/v1/issues/${id}`)).status, 404);

  const sentAt = Date.now();
  await sendEvent(server.dsn, distinctBug(2)); // throws unless answered 200
  const list = await server.api('/api/v1/projects/1/issues'); // every status
  assert.deepEqual(
    list.items.filter((i: IssueJson) => i.title.startsWith('Bug2Error')),
    [],
    'no issue came back for it',
  );
  const discarded = await server.store.discardCounts({
    projectId: 1 as never,
    from: sentAt - 60_000,
    to: Date.now() + 60_000,
  });
  assert.equal(
    discarded.filter((d) => d.reason === 'discarded_issue').reduce((n, d) => n + d.quantity, 0),
    1,
  );
  await assertNothingInjected(page);
  assert.deepEqual(problems, []);
});
