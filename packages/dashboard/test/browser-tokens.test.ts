/**
 * API tokens from the dashboard's Settings (issue 17 §1) in Debian's chromium against a real
 * collector: an admin session creates a project:read token (the collector's 400 shown beside the
 * form first), sees it once in a read-only field whose Copy puts it on the clipboard, and after a
 * reload sees only its prefix in the list; the token reads the project's issues until it is
 * revoked in the page (after a confirmation), then gets 401. A session logged in with a
 * project:read token is told only admins manage tokens. A hostile 100-character name renders as
 * text, and the strict CSP stays intact.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN_TOKEN, startTestCollector, type TestCollector } from './support/collector.js';
import {
  assertNothingInjected,
  logIn,
  logInWithPassword,
  screenshot,
  watchPageProblems,
} from './support/page-checks.js';
import { waitForApi } from './support/read-api.js';

const USER = { email: 'ops@example.com', password: 'a long enough password' };
/** Markup in a name must come out as text; 100 characters is the collector's longest name. */
const NAME = '<img src=x onerror=alert(1)><b>ci</b> '.padEnd(100, 'x');
/** The collector keeps this many first characters of a token to list it by. */
const PREFIX_CHARS = 12;

interface TokenJson {
  id: number;
  name: string;
  scopes: string[];
  projectId: number | null;
  prefix: string;
  lastUsedAt: string | null;
}

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
/** The token the first test creates in the page; the next ones use and revoke it. */
let created = '';

const listed = async (): Promise<TokenJson[]> => (await server.api('/api/v1/tokens')).items as TokenJson[];
const issuesWith = (token: string) =>
  fetch(`${server.url}/api/v1/projects/1/issues`, { headers: { authorization: `Bearer ${token}` } });

before(async () => {
  [server, browser] = await Promise.all([startTestCollector({ users: [USER] }), launchChromium()]);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${server.url}/settings`);
  await logInWithPassword(page, USER.email, USER.password);
  await page.getByTestId('tokens-empty').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('create: the 400 beside the form, then the token once with Copy; the list shows its prefix', async () => {
  const form = page.getByTestId('token-form');
  await form.getByLabel('Name').fill(NAME);
  await form.getByRole('checkbox', { name: 'admin' }).check();
  await form.getByLabel(/^Project/).selectOption('1');
  await form.getByRole('button', { name: 'Create token' }).click();
  const problem = page.getByTestId('token-form-error');
  await problem.waitFor();
  assert.match((await problem.textContent()) ?? '', /cannot be limited to one/);
  assert.deepEqual(await listed(), [], 'nothing created by a refused form');

  await form.getByRole('checkbox', { name: 'admin' }).uncheck();
  assert.equal(
    await form.getByRole('checkbox', { name: 'project:read' }).isChecked(),
    true,
    'project:read is the default',
  );
  await form.getByRole('button', { name: 'Create token' }).click();
  const value = page.getByTestId('new-token-value');
  await value.waitFor();
  await problem.waitFor({ state: 'detached' });
  created = await value.inputValue();
  assert.match(created, /^flt_/);
  assert.equal(await value.getAttribute('readonly'), '');
  assert.match((await page.getByTestId('new-token').textContent()) ?? '', /not shown again/);
  await page.getByTestId('copy-token').click();
  await page.getByTestId('flash').filter({ hasText: 'token copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), created);

  const [stored] = await listed();
  assert.ok(stored);
  assert.deepEqual([stored.name, stored.scopes, stored.projectId], [NAME, ['project:read'], 1]);
  assert.equal(stored.prefix, created.slice(0, PREFIX_CHARS));
  const row = page.getByTestId('token-row');
  await row.waitFor();
  assert.equal(await row.getByTestId('token-name').textContent(), NAME);
  assert.equal(await row.getByTestId('token-scopes').textContent(), 'project:read');
  assert.match((await row.getByTestId('token-project').textContent()) ?? '', /\(#1\)$/);
  assert.equal(await row.getByTestId('token-prefix').textContent(), `${stored.prefix}…`);
  assert.equal(await row.getByTestId('token-last-used').textContent(), 'never');
  await assertNothingInjected(page);
  await screenshot(page, 'dashboard-tokens-created');

  await page.reload();
  await row.waitFor();
  assert.equal(await page.getByTestId('new-token').count(), 0, 'the token is shown once');
  assert.equal(await row.getByTestId('token-prefix').textContent(), `${stored.prefix}…`);
  const inPage = await page.evaluate(
    (token) =>
      document.body.innerHTML.includes(token) ||
      [...document.querySelectorAll('input')].some((i) => i.value.includes(token)),
    created,
  );
  assert.equal(inPage, false, 'after a reload the page holds the token nowhere');
});

test('the token reads its project; its use is listed; revoked in the page (after a confirmation), it gets 401', async () => {
  assert.equal((await issuesWith(created)).status, 200);
  await waitForApi<{ items: TokenJson[] }>(server, '/api/v1/tokens', (b) => b.items[0]?.lastUsedAt != null);
  await page.reload();
  const row = page.getByTestId('token-row');
  await row.waitFor();
  assert.notEqual(await row.getByTestId('token-last-used').textContent(), 'never');

  await row.getByRole('button', { name: /^Revoke/ }).click();
  const ask = page.getByTestId('confirm-revoke');
  await ask.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Keep it');
  await page.keyboard.press('Enter');
  await ask.waitFor({ state: 'detached' });
  assert.equal((await listed()).length, 1, 'Keep it keeps it');
  assert.equal((await issuesWith(created)).status, 200);

  await row.getByRole('button', { name: /^Revoke/ }).click();
  await page.getByRole('button', { name: 'Yes, revoke' }).click();
  await page.getByTestId('tokens-empty').waitFor();
  assert.deepEqual(await listed(), []);
  assert.equal((await issuesWith(created)).status, 401);
  await assertNothingInjected(page);
});

test('a session logged in with a project:read token is told only admins manage tokens', async () => {
  const res = await fetch(`${server.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'reader', scopes: ['project:read'], projectId: 1 }),
  });
  assert.equal(res.status, 201);
  const { token } = (await res.json()) as { token: string };
  await page.getByTestId('logout').click();
  const asked: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/v1/tokens')) asked.push(`${r.method()} ${r.url()}`);
  });
  await logIn(page, token);
  await page.getByTestId('tokens-admin-only').waitFor();
  assert.match(
    (await page.getByTestId('tokens-admin-only').textContent()) ?? '',
    /Only admins manage API tokens/,
  );
  assert.equal(await page.getByTestId('tokens').count(), 0);
  assert.equal(await page.getByTestId('token-form').count(), 0);
  assert.deepEqual(asked, [], 'the tokens are not asked for (the collector would answer 403)');
  const alerts = await page.getByRole('alert').allTextContents();
  assert.ok(!alerts.some((t) => /tokens/.test(t)), `no token error shown: ${alerts.join(' | ')}`);
  assert.deepEqual(problems, []);
});
