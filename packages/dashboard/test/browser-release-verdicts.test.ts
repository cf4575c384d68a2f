/**
 * The canary verdicts of a release (issue 15 §1 "shown on the release page") in Debian's
 * chromium against a real collector: rates of three releases arrive as the middleware sends
 * them, two verdicts are asked for through the real `GET /api/v1/gate` (which stores them), and
 * the Releases page's "verdicts" link of the middle release lists both, newest first, with the
 * verdict, canary vs baseline, both arms' 5xx rates as the collector computed them, the reason
 * and when. A release name with markup renders as text; the strict CSP stays intact.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN_TOKEN, startTestCollector, type TestCollector } from './support/collector.js';
import { ratesItem } from './support/events.js';
import { assertNothingInjected, logIn, screenshot, watchPageProblems } from './support/page-checks.js';
import { sendItems } from './support/send-event.js';

const BASELINE = 'shop@1.0.0';
const CANARY = 'shop@2.0.0';
/** A later canary judged against CANARY; its name must come out as text. */
const NEXT = 'shop@3 <b>next</b> <img src=x onerror=alert(1)>';

interface Arm {
  requests: number;
  errors: number;
  rate: number;
}

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
let failed: { verdict: string; canary: Arm; baseline: Arm };
let pending: { verdict: string; reason: string };

const gate = (canary: string, baseline: string) =>
  server.api(
    `/api/v1/gate?project=1&canary=${encodeURIComponent(canary)}&baseline=${encodeURIComponent(baseline)}`,
  );

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  await sendItems(server.dsn, [
    {
      type: 'faultline_rates',
      payload: ratesItem(BASELINE, [{ method: 'GET', route: '/pay', requests: 2000, errors5xx: 2 }]),
    },
    {
      type: 'faultline_rates',
      payload: ratesItem(CANARY, [{ method: 'GET', route: '/pay', requests: 2000, errors5xx: 100 }]),
    },
  ]);
  // Ingest answers before its commit lands: ask until the counts are in.
  const deadline = Date.now() + 15_000;
  do failed = await gate(CANARY, BASELINE);
  while (failed.verdict !== 'fail' && Date.now() < deadline);
  pending = await gate(NEXT, CANARY);
  // A CI pipeline's sentry-cli calls: the canary release finalized and deployed.
  const sentry = (path: string, body: unknown) =>
    fetch(`${server.url}/api/0/organizations/acme/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => assert.ok(r.ok, `${path}: ${r.status}`));
  await sentry('releases/', {
    version: CANARY,
    projects: ['default'],
    dateReleased: new Date().toISOString(),
  });
  await sentry(`releases/${encodeURIComponent(CANARY)}/deploys/`, {
    environment: 'production',
    name: 'blue',
  });
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
  await page.goto(`${server.url}/releases`);
  await logIn(page);
  await page.getByTestId('release-row').first().waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("a release's verdicts, newest first: badge, canary vs baseline, both rates, reason, when", async () => {
  assert.equal(failed.verdict, 'fail', JSON.stringify(failed));
  assert.equal(pending.verdict, 'inconclusive');
  const link = page
    .getByTestId('release-row')
    .filter({ has: page.getByText(CANARY, { exact: true }) })
    .getByTestId('verdicts-link');
  await link.click();
  assert.equal(new URL(page.url()).searchParams.get('release'), CANARY);
  await page.getByTestId('verdicts').waitFor();
  // What sentry-cli recorded: finalized, and one deploy.
  await page.getByTestId('release-finalized').waitFor();
  const deploy = page.getByTestId('deploy-row');
  assert.equal(await deploy.count(), 1);
  assert.match((await deploy.textContent()) ?? '', /production\s*blue/);
  const rows = page.getByTestId('verdict-row');
  assert.equal(await rows.count(), 2);
  const [first, second] = [rows.nth(0), rows.nth(1)];
  // Newest first: the later canary judged against this release, then this release's own.
  assert.deepEqual(
    [await first.getAttribute('data-verdict'), await first.getAttribute('data-role')],
    ['inconclusive', 'baseline'],
  );
  assert.deepEqual(
    [await second.getAttribute('data-verdict'), await second.getAttribute('data-role')],
    ['fail', 'canary'],
  );
  assert.equal(await second.getByTestId('verdict-badge').textContent(), 'fail');
  assert.match(
    (await second.getByTestId('verdict-arms').textContent()) ?? '',
    new RegExp(`${CANARY} \\(canary\\) vs ${BASELINE}\\s+\\(baseline\\)`),
  );
  const c = failed.canary;
  const b = failed.baseline;
  assert.equal(c.errors, 100);
  assert.match(
    (await second.getByTestId('verdict-canary-rate').textContent()) ?? '',
    new RegExp(`^5\\.00% \\(${c.errors} of ${c.requests} requests\\)$`),
  );
  assert.match(
    (await second.getByTestId('verdict-baseline-rate').textContent()) ?? '',
    new RegExp(`^0\\.10% \\(${b.errors} of ${b.requests} requests\\)$`),
  );
  assert.ok(((await first.getByTestId('verdict-arms').textContent()) ?? '').includes(NEXT), 'markup as text');
  assert.equal((await first.getByTestId('verdict-reason').textContent())?.trim(), pending.reason);
  await assertNothingInjected(page);
  await screenshot(page, 'dashboard-release-verdicts');
});

test('a release without verdicts says how to get one', async () => {
  await page
    .getByTestId('release-row')
    .filter({ has: page.getByText(BASELINE, { exact: true }) })
    .getByTestId('verdicts-link')
    .click();
  // BASELINE was the baseline of the first verdict: listed too.
  await page.getByTestId('verdicts').waitFor();
  assert.equal(await page.getByTestId('verdict-row').count(), 1);
  await page.goto(`${server.url}/releases?release=${encodeURIComponent('shop@9')}`);
  await page.getByTestId('verdicts-empty').waitFor();
  assert.deepEqual(problems, []);
});
