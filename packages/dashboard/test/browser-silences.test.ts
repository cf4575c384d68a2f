/**
 * Silences and mutes (issue 14 §4–§5) in Debian's chromium against a real collector: the Alerts
 * page lists the silences that hold (matchers in words, end, comment, who) and makes one through
 * its form (the collector's 400 shown beside the field it names), End ends it; on an issue page a
 * notification's mute link (`?mute=1h`) only asks, and nothing is created until Confirm (opening
 * the link, as a mail scanner or chat preview does, mutes nothing); the page shows the silence
 * that holds for the issue and ends it; the Mute control mutes until resolved. A hostile comment
 * renders as text, the strict CSP stays intact.
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

const USER = { email: 'ops@example.com', password: 'a long enough password' };
/** Markup in a comment must come out as text. */
const COMMENT = 'deploy <b>window</b> <img src=x onerror=alert(1)>';

interface SilenceJson {
  id: number;
  matchers: Record<string, unknown>;
  endsAt: string | null;
  untilResolved: boolean;
  comment: string | null;
  createdBy: string | null;
  active: boolean;
}

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
let issueId: number;

const held = async (): Promise<SilenceJson[]> =>
  (await server.api('/api/v1/projects/1/silences')).items as SilenceJson[];

before(async () => {
  [server, browser] = await Promise.all([startTestCollector({ users: [USER] }), launchChromium()]);
  await sendEvent(server.dsn, distinctBug(1));
  const issues = await waitForApi<{ items: { id: number }[] }>(
    server,
    '/api/v1/projects/1/issues',
    (b) => b.items.length === 1,
  );
  issueId = (issues.items[0] as { id: number }).id;
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${server.url}/alerts`);
  await logInWithPassword(page, USER.email, USER.password);
  await page.getByTestId('silences-empty').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the silence form: a 400 shows beside its field; a created silence is listed in words; End ends it', async () => {
  await page.getByTestId('new-silence').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('silence-form').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'alert-matchers-ruleId');
  // No matcher: the collector names `matchers`, shown at the matchers' group.
  await page.getByRole('button', { name: 'Create silence' }).click();
  await page.locator('[data-testid="field-error"][data-field="matchers"]').waitFor();
  // An end in the past: shown beside "Ends at", which is marked invalid.
  await page.getByLabel('Environment').fill('production');
  await page.getByLabel('until a date and time').check();
  await page.getByLabel('Ends at').fill('2020-01-01T00:00');
  await page.getByRole('button', { name: 'Create silence' }).click();
  const endError = page.locator('[data-testid="field-error"][data-field="endsAt"]');
  await endError.waitFor();
  assert.match((await endError.textContent()) ?? '', /not in the future/);
  assert.equal(await page.getByLabel('Ends at').getAttribute('aria-invalid'), 'true');
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="silence-form"] :is(input, select, textarea)')]
      .filter((el) => (el as HTMLInputElement).labels?.length === 0)
      .map((el) => el.outerHTML),
  );
  assert.deepEqual(unlabelled, []);
  assert.equal(await held().then((s) => s.length), 0, 'nothing created by a refused form');

  await page.getByLabel('24 h').check();
  await page.getByLabel('Comment').fill(COMMENT);
  const before = Date.now();
  await page.getByRole('button', { name: 'Create silence' }).click();
  const row = page.getByTestId('silence-row');
  await row.waitFor();
  const [stored] = await held();
  assert.ok(stored);
  assert.deepEqual(stored.matchers, { environment: 'production' });
  assert.equal(stored.createdBy, USER.email);
  assert.equal(stored.comment, COMMENT);
  const lasts = Date.parse(stored.endsAt ?? '') - before;
  assert.ok(Math.abs(lasts - 24 * 3_600_000) < 120_000, `ends 24 h after it was made: ${lasts} ms`);
  assert.equal(await row.getByTestId('silence-matchers').textContent(), 'environment production');
  assert.match((await row.getByTestId('silence-ends').textContent()) ?? '', /^until /);
  const text = (await row.textContent()) ?? '';
  assert.ok(text.includes(COMMENT), `the comment as text: ${text}`);
  assert.ok(text.includes(USER.email));
  await assertNothingInjected(page);
  await screenshot(page, 'dashboard-silences');

  await row.getByRole('button', { name: /^End/ }).click();
  await page.getByTestId('silences-empty').waitFor();
  assert.deepEqual(await held(), []);
});

test('a mute link only asks: opening it mutes nothing, Cancel mutes nothing, Confirm mutes for 1 h', async () => {
  // A scanner or chat preview fetching the link gets the page and nothing else.
  const fetched = await fetch(`${server.url}/issues/${issueId}?mute=1h`);
  assert.equal(fetched.status, 200);
  await page.goto(`${server.url}/issues/${issueId}?mute=24h`);
  const ask = page.getByTestId('confirm-mute');
  await ask.waitFor();
  assert.match((await ask.textContent()) ?? '', /Mute alerts for this issue for 24 h\?/);
  // Focus on the safe answer: Enter cancels.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel');
  assert.deepEqual(await held(), [], 'the link opened: nothing muted yet');
  await page.keyboard.press('Enter');
  await ask.waitFor({ state: 'detached' });
  assert.equal(new URL(page.url()).search, '');
  assert.deepEqual(await held(), []);

  await page.goto(`${server.url}/issues/${issueId}?mute=1h`);
  await page.getByRole('button', { name: 'Confirm' }).click();
  const shownSilence = page.getByTestId('issue-silence');
  await shownSilence.waitFor();
  assert.equal(await page.getByTestId('confirm-mute').count(), 0);
  assert.equal(new URL(page.url()).search, '', 'a reload does not ask again');
  const [stored] = await held();
  assert.ok(stored);
  assert.deepEqual(stored.matchers, { issueId });
  const lasts = Date.parse(stored.endsAt ?? '') - Date.now();
  assert.ok(lasts > 3_400_000 && lasts <= 3_600_000, `ends about 1 h from now: ${lasts} ms`);
  assert.match(
    (await shownSilence.textContent()) ?? '',
    new RegExp(`Alerts muted until .*silence #${stored.id}`, 's'),
  );
  assert.match((await page.getByTestId('flash').textContent()) ?? '', /muted for 1 h/);
  await screenshot(page, 'dashboard-issue-muted');

  await shownSilence.getByRole('button', { name: /^End mute/ }).click();
  await shownSilence.waitFor({ state: 'detached' });
  assert.deepEqual(await held(), []);
});

test('the Mute control mutes the issue until it is resolved; the page says so', async () => {
  await page.getByRole('button', { name: 'Mute alerts for this issue until it is resolved' }).click();
  const shownSilence = page.getByTestId('issue-silence');
  await shownSilence.waitFor();
  assert.match((await shownSilence.textContent()) ?? '', /Alerts muted until the issue is resolved/);
  const [stored] = await held();
  assert.deepEqual([stored?.matchers, stored?.untilResolved, stored?.endsAt], [{ issueId }, true, null]);
  // Resolving the issue ends it (the collector's rule): the page no longer shows it.
  await page.getByRole('button', { name: 'Resolve', exact: true }).click();
  await shownSilence.waitFor({ state: 'detached' });
  assert.deepEqual(await held(), []);
  await assertNothingInjected(page);
  assert.deepEqual(problems, []);
});
