/**
 * Grouping you can correct (issue 19 §3) in Debian's chromium against a real collector: two
 * issues ticked on the list and merged become one row with the summed count; its page shows,
 * under a collapsed "Why these events are grouped", each fingerprint with the grouping
 * components that made it, and an Unmerge button on the merged one, which moves it back out to
 * its own issue (with its events). The strict CSP stays intact.
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
import { waitForApi } from './support/read-api.js';
import { sendEvent } from './support/send-event.js';

const USER = { email: 'merge@example.com', password: 'a long enough password' };

interface IssueJson {
  id: number;
  count: number;
  title: string;
}

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];

const issues = async (): Promise<IssueJson[]> =>
  (await server.api('/api/v1/projects/1/issues?sort=count')).items as IssueJson[];

before(async () => {
  [server, browser] = await Promise.all([startTestCollector({ users: [USER] }), launchChromium()]);
  for (const n of [1, 1, 1, 2, 2]) await sendEvent(server.dsn, distinctBug(n));
  await waitForApi<{ items: IssueJson[] }>(
    server,
    '/api/v1/projects/1/issues',
    (b) => b.items.reduce((sum, i) => sum + i.count, 0) === 5,
  );
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
  await page.goto(`${server.url}/issues`);
  await logInWithPassword(page, USER.email, USER.password);
  await page.getByTestId('issue-row').nth(1).waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('two ticked issues merge into one row with the summed count; the grouping details show the components; Unmerge splits them again', async () => {
  const [bug1, bug2] = (await issues()) as [IssueJson, IssueJson];
  assert.deepEqual([bug1.count, bug2.count], [3, 2]);
  const merge = page.getByTestId('bulk-merge');
  await page.locator(`[data-issue-id="${bug1.id}"]`).getByTestId('issue-tick').check();
  assert.equal(await merge.isDisabled(), true, 'one issue cannot be merged');
  await page.locator(`[data-issue-id="${bug2.id}"]`).getByTestId('issue-tick').check();
  await merge.click();
  await page
    .getByTestId('flash')
    .filter({ hasText: `2 issues merged into #${bug1.id} (5 events)` })
    .waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="issue-row"]').length === 1);
  const row = page.getByTestId('issue-row');
  assert.equal(await row.getAttribute('data-issue-id'), String(bug1.id));
  assert.equal(await row.locator('td.num').first().textContent(), '5', 'the summed count');
  assert.deepEqual(
    (await issues()).map((i) => [i.id, i.count]),
    [[bug1.id, 5]],
  );

  // The emptied issue's page links to where its events went.
  await page.goto(`${server.url}/issues/${bug2.id}`);
  const notice = page.getByTestId('merged-notice');
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? '', new RegExp(`merged into issue #${bug1.id}`));
  await notice.getByTestId('merged-target').click();
  await page.waitForURL(new RegExp(`/issues/${bug1.id}$`));
  assert.equal(await page.getByTestId('merged-notice').count(), 0, 'the target is no tombstone');
  const grouping = page.getByTestId('grouping');
  await grouping.waitFor();
  assert.equal(await grouping.evaluate((d) => (d as HTMLDetailsElement).open), false, 'collapsed at first');
  await grouping.locator('summary').click();
  const fingerprints = grouping.getByTestId('grouping-fingerprint');
  await fingerprints.nth(1).waitFor();
  const own = (await fingerprints.nth(0).getByTestId('grouping-components').textContent()) ?? '';
  const merged = (await fingerprints.nth(1).getByTestId('grouping-components').textContent()) ?? '';
  assert.match(own, /type:Bug1Error/);
  assert.match(own, /frame:.*bug1/);
  assert.match(merged, /type:Bug2Error/);
  assert.match(merged, /frame:.*bug2/);
  assert.equal(await fingerprints.nth(0).getByTestId('unmerge').count(), 0, 'the own fingerprint stays');
  await assertNothingInjected(page);
  await screenshot(page, 'dashboard-merge-grouping');

  await fingerprints.nth(1).getByTestId('unmerge').click();
  await page.waitForURL(new RegExp(`/issues/${bug2.id}$`));
  await page
    .getByTestId('flash')
    .filter({ hasText: `Unmerged into #${bug2.id} (2 events moved)` })
    .waitFor();
  assert.deepEqual(
    (await issues()).map((i) => [i.id, i.count]),
    [
      [bug1.id, 3],
      [bug2.id, 2],
    ],
  );
  assert.deepEqual(problems, []);
});
