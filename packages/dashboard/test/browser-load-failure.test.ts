/**
 * A failed read in Debian's chromium against a real collector: while its store is closed the
 * read API answers 503 FL_STORE_UNAVAILABLE, and the issue list says so in a sentence with a
 * **Try again** button and the status and code in small print, never the raw API text; Try
 * again asks again (still 503); the collector is then stopped and started again on the same
 * port over the same SQLite folder, and Try again shows the list.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  bootstrap,
  createSqliteStore,
  type RunningCollector,
  type Store,
  startCollector,
} from '@faultline/collector';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN_TOKEN } from './support/collector.js';
import { distinctBug } from './support/events.js';
import { logIn, watchPageProblems } from './support/page-checks.js';
import { sendEvent } from './support/send-event.js';

const dataDir = mkdtempSync(join(tmpdir(), 'faultline-load-failure-'));
let running: { store: Store; collector: RunningCollector; dsn: string } | undefined;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];

/** A collector over the test's SQLite folder; the same folder again after a restart. */
async function start(port: number) {
  const store = createSqliteStore({ dataDir });
  await store.migrate();
  const collector = await startCollector({ log: () => undefined, store, adminToken: ADMIN_TOKEN, port });
  const { dsn } = await bootstrap(store, collector.url, ADMIN_TOKEN);
  return { store, collector, dsn };
}

const issuesAnswer = (status: number) =>
  page.waitForResponse((r) => r.url().includes('/api/v1/projects/1/issues') && r.status() === status);

before(async () => {
  [running, browser] = await Promise.all([start(0), launchChromium()]);
  await sendEvent(running.dsn, distinctBug(1));
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
});

after(async () => {
  await browser?.close();
  await running?.collector.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a 503 from the store shows a sentence, the status and code small, and a Try again that asks again', async () => {
  const url = running!.collector.url;
  await page.goto(`${url}/issues`);
  await logIn(page);
  await page.getByTestId('issue-row').first().waitFor();

  await running!.store.close();
  const failed = issuesAnswer(503);
  await page.getByLabel('Status').selectOption('all');
  await failed;
  const box = page.getByTestId('load-error');
  await box.waitFor();
  assert.match(
    (await box.locator('.load-error-message').textContent()) ?? '',
    /^Could not load the issues: the collector is busy or its database is not answering\. Try again in a moment\.$/,
  );
  assert.match(
    (await page.getByTestId('load-error-detail').textContent()) ?? '',
    /^HTTP 503 · FL_STORE_UNAVAILABLE · /,
  );
  const shown = (await page.locator('#app').textContent()) ?? '';
  assert.doesNotMatch(shown, /\/api\/v1|[{}]|"title"|GET /, `no raw API text on screen: ${shown}`);

  const again = issuesAnswer(503);
  await page.getByTestId('retry').click();
  await again;
  await page.getByRole('button', { name: 'Try again' }).waitFor();
  assert.equal(await page.getByTestId('issue-row').count(), 0);
});

test('after a restart of the collector, Try again shows the list', async () => {
  const port = Number(new URL(running!.collector.url).port);
  await running!.collector.close();
  running = await start(port);
  const ok = issuesAnswer(200);
  await page.getByTestId('retry').click();
  await ok;
  await page.getByTestId('issue-row').first().waitFor();
  assert.equal(await page.getByTestId('load-error').count(), 0);
  assert.deepEqual(problems, []);
});
