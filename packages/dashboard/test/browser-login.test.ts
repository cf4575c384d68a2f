/**
 * Logging in with a user's email and password in Debian's chromium (issue 7 §1): a wrong
 * password and an unknown email show the same refusal; the right one opens the issues page with
 * the user's email in the header, survives a reload (the cookie) and ends with logout.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { logInWithPassword, screenshot } from './support/page-checks.js';

const EMAIL = 'ada@example.com';
const PASSWORD = 'notes on the analytical engine';

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;

before(async () => {
  [server, browser] = await Promise.all([
    startTestCollector({ users: [{ email: EMAIL, password: PASSWORD }] }),
    launchChromium(),
  ]);
  page = await browser.context.newPage();
  await page.goto(`${server.url}/`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Submits the password form and returns the login answer's status and the alert shown. */
async function attempt(email: string, password: string): Promise<{ status: number; shown: string }> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
    logInWithPassword(page, email, password),
  ]);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  return { status: res.status(), shown: (await alert.textContent()) ?? '' };
}

test('a wrong password and an unknown email get the same refusal', async () => {
  const wrong = await attempt(EMAIL, `${PASSWORD}?`);
  assert.equal(wrong.status, 401);
  assert.match(wrong.shown, /401.*wrong email or password/);
  await screenshot(page, 'dashboard-login');
  assert.deepEqual(await attempt('grace@example.com', PASSWORD), wrong);
  assert.equal((await page.context().cookies()).length, 0, 'no session cookie was set');
});

test('the right email and password open the dashboard as that user, across a reload', async () => {
  await logInWithPassword(page, 'Ada@Example.com', PASSWORD);
  await page.getByTestId('empty-state').waitFor();
  assert.equal(await page.getByTestId('user').textContent(), EMAIL);
  await page.reload();
  await page.getByTestId('empty-state').waitFor();
  assert.equal(await page.getByTestId('user').textContent(), EMAIL);
  await page.getByTestId('logout').click();
  await page.getByLabel('Email').waitFor();
  const status = await page.evaluate(() => fetch('/api/v1/projects').then((r) => r.status));
  assert.equal(status, 401);
});
