/**
 * Fingerprint rules (issue 19 §3) in Debian's chromium against a real collector and a real
 * @sentry/node process: two QuotaErrors thrown from different functions make two issues; on the
 * settings page a rule on the exception type is added, previewed (both issues listed, each
 * "together with" the other, nothing saved yet) and saved; the same two errors sent again by the
 * SDK land in one issue, whose "Why these events are grouped" names the rule. The strict CSP
 * stays intact.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import {
  assertNothingInjected,
  logInWithPassword,
  screenshot,
  watchPageProblems,
} from './support/page-checks.js';
import { waitForApi } from './support/read-api.js';

const USER = { email: 'rules@example.com', password: 'a long enough password' };
/** The script's source (tsc does not copy .mjs files into dist/). */
const SCRIPT = new URL('../../test/support/sentry-node-quota.mjs', import.meta.url);
/** The SDK starts, sends and flushes in well under this on a loaded machine. */
const SCRIPT_TIMEOUT_MS = 30_000;

interface EventJson {
  issueId: number;
}

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
let before1: number;
let before2: number;

/** Runs the real SDK; waits until both events are stored; their issues. */
async function sendQuotaErrors(): Promise<[number, number]> {
  const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT.pathname], {
    env: { ...process.env, SENTRY_DSN: server.dsn },
    timeout: SCRIPT_TIMEOUT_MS,
  });
  const ids = stdout.trim().split('\n').slice(-2);
  assert.ok(ids.length === 2 && ids.every((id) => /^[0-9a-f]{32}$/.test(id)), stdout);
  const [a, b] = await Promise.all(ids.map((id) => waitForApi<EventJson>(server, `/api/v1/events/${id}`)));
  return [a?.issueId ?? 0, b?.issueId ?? 0];
}

before(async () => {
  [server, browser] = await Promise.all([startTestCollector({ users: [USER] }), launchChromium()]);
  [before1, before2] = await sendQuotaErrors();
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
  await page.goto(`${server.url}/settings?project=1`);
  await logInWithPassword(page, USER.email, USER.password);
  await page.getByTestId('fingerprint-rules').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a rule added, previewed and saved in settings groups the next two real @sentry/node errors into one issue', async () => {
  assert.notEqual(before1, before2, 'two issues by the default grouping');
  await page.getByTestId('rules-none').waitFor();
  await page.getByTestId('add-rule').click();
  const rule = page.getByTestId('fingerprint-rule').first();
  await rule.getByLabel('Exception type').fill('QuotaError');
  await rule.getByLabel('Exception type').press('Tab');
  await rule.getByLabel(/^Fingerprint/).fill('quota-exceeded');
  await rule.getByLabel(/^Fingerprint/).press('Tab');
  await rule.getByLabel('Title (optional)').fill('Quota exceeded');
  await rule.getByLabel('Title (optional)').press('Tab');
  await page.getByTestId('rules-unsaved').waitFor();

  await page.getByTestId('preview-rules').click();
  const preview = page.getByTestId('rules-preview');
  await preview.waitFor();
  const rows = preview.getByTestId('preview-issue');
  await rows.nth(1).waitFor();
  const listed = (await Promise.all([0, 1].map((i) => rows.nth(i).getAttribute('data-issue-id'))))
    .map(Number)
    .sort((a, b) => a - b);
  assert.deepEqual(
    listed,
    [before1, before2].sort((a, b) => a - b),
  );
  assert.match((await rows.nth(0).getByTestId('preview-together').textContent()) ?? '', /together with #\d+/);
  assert.deepEqual((await server.api('/api/v1/projects/1')).fingerprintRules, [], 'a preview saves nothing');
  await assertNothingInjected(page);
  await screenshot(page, 'dashboard-fingerprint-rules-preview');

  await page.getByTestId('save-rules').click();
  await page.getByTestId('flash').filter({ hasText: 'Fingerprint rules saved' }).waitFor();
  assert.deepEqual((await server.api('/api/v1/projects/1')).fingerprintRules, [
    { match: { type: 'QuotaError' }, fingerprint: ['quota-exceeded'], title: 'Quota exceeded' },
  ]);

  const [after1, after2] = await sendQuotaErrors();
  assert.equal(after1, after2, 'one issue by the rule');
  assert.ok(after1 !== before1 && after1 !== before2, 'stored events keep their issues');
  const issue = await server.api(`/api/v1/issues/${after1}`);
  assert.equal(issue.title, 'Quota exceeded');
  assert.equal(issue.count, 2);

  await page.goto(`${server.url}/issues/${after1}`);
  const grouping = page.getByTestId('grouping');
  await grouping.waitFor();
  await grouping.locator('summary').click();
  const named = grouping.getByTestId('grouping-rule');
  await named.waitFor();
  assert.match(
    (await named.textContent()) ?? '',
    /Fingerprint set by rule #1:\s*type:"QuotaError" -> "quota-exceeded"/,
  );
  assert.deepEqual(problems, []);
});
