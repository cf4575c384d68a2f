/**
 * The golden path over real sources (issue 7 §3), in Debian's chromium: a real @sentry/node
 * process throws inside its own code, and the repository's Express example app answers a 500
 * through Faultline's middleware, which reports it to the collector. Log in: both issues are
 * listed with their sparklines; the @sentry/node issue shows its in-app frame with the line
 * from the script's source; on the middleware issue, "copy as curl" gives a command that the
 * real curl binary runs against the example app to reproduce the 500; the incident id from the
 * 500 body finds that event.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { EventRecord, Issue } from '../src/api/types.js';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import {
  EXAMPLE_RELEASE,
  EXAMPLE_SERVICE,
  type ExampleApp,
  FAILURES_FILE,
  sourceLine,
  startExampleApp,
} from './support/example-app.js';
import { logIn, readmeImage, screenshot, watchPageProblems } from './support/page-checks.js';
import { waitForApi } from './support/read-api.js';
import { PRICE_LINE_CODE, SENTRY_RELEASE, SENTRY_SCRIPT, sendWithSentryNode } from './support/sentry-node.js';

/** The caller's secret: the server redacts it, so the copied command holds a placeholder. */
const CALLER_SECRET = 'sk_live_example_DO_NOT_LEAK_789';
/** The example route that fails (`/items/:id/fail`). */
const FAILING_PATH = '/items/42/fail';
/** Its template: the `route` tag Faultline's middleware puts on the event. */
const FAILING_ROUTE = '/items/:id/fail';
/** Debian's curl (CI installs it with apt, as it does chromium). */
const CURL = '/usr/bin/curl';

const run = promisify(execFile);

let server: TestCollector;
let app: ExampleApp;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
/** What the 500 body said, and the event the collector filed under it. */
let incident: { instance: string; eventId: string; issueId: number; category: string };
let sentryIssueId: number;

const rowOf = (issueId: number): Locator =>
  page.locator(`[data-testid="issue-row"][data-issue-id="${issueId}"]`);

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  app = await startExampleApp(server.dsn);
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
});

after(async () => {
  await browser?.close();
  await app?.close();
  await server?.close();
});

test('a real @sentry/node event and a Faultline middleware 500 arrive in the collector', async () => {
  const sentryEventId = await sendWithSentryNode(server.dsn, 'req-sentry-node-1');

  const res = await fetch(`${app.url}${FAILING_PATH}`, {
    headers: { authorization: `Bearer ${CALLER_SECRET}`, accept: 'application/json' },
  });
  assert.equal(res.status, 500);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const problem = (await res.json()) as { status?: number; instance?: unknown };
  assert.equal(problem.status, 500);
  assert.equal(typeof problem.instance, 'string');
  const instance = problem.instance as string;
  assert.equal(res.headers.get('x-request-id'), instance, 'the incident id is the request id');

  // The reporter sends from a queue, after the response: flush, then wait for ingest to commit.
  assert.equal(await app.faultline.flush(), true);
  const reported = await waitForApi<EventRecord>(server, `/api/v1/incidents/${encodeURIComponent(instance)}`);
  const sentry = await waitForApi<EventRecord>(server, `/api/v1/events/${sentryEventId}`);
  // The middleware tags its events with the route template and core's category.
  const tags = reported.payload.tags as Record<string, string>;
  assert.equal(tags.route, FAILING_ROUTE);
  assert.match(tags.category ?? '', /^[a-z-]+$/);
  incident = {
    instance,
    eventId: reported.eventId,
    issueId: reported.issueId,
    category: tags.category as string,
  };
  sentryIssueId = sentry.issueId;
  assert.notEqual(incident.issueId, sentryIssueId, 'two bugs, two issues');
  assert.equal(reported.release, EXAMPLE_RELEASE);
  assert.equal(reported.service, EXAMPLE_SERVICE);
  assert.equal(sentry.release, SENTRY_RELEASE);
});

test('log in: both issues are listed, each with a sparkline of its events', async () => {
  await page.goto(`${server.url}/`);
  await logIn(page);
  await rowOf(sentryIssueId).waitFor();
  await rowOf(incident.issueId).waitFor();
  assert.equal(await page.getByTestId('issue-row').count(), 2);
  assert.match((await rowOf(sentryIssueId).textContent()) ?? '', /TypeError/);
  assert.match((await rowOf(incident.issueId).textContent()) ?? '', /insert failed/);

  for (const issueId of [sentryIssueId, incident.issueId]) {
    const sparkline = rowOf(issueId).getByTestId('sparkline');
    await sparkline.locator('canvas').waitFor();
    assert.equal(await sparkline.getAttribute('aria-label'), '1 event in the last 24 hours');
  }
  await screenshot(page, 'dashboard-real-issues');
  await readmeImage(page, 'dashboard-issues');
});

test('the @sentry/node issue: its in-app frame shows the line from the source file', async () => {
  await rowOf(sentryIssueId).getByTestId('issue-link').click();
  await page.waitForURL(new RegExp(`/issues/${sentryIssueId}$`));
  // The frame of priceCart itself (the caller's frame quotes the call in its context too).
  const frame = page
    .getByTestId('frame-in-app')
    .filter({ has: page.locator('summary .fn', { hasText: /^priceCart$/ }) });
  await frame.waitFor();
  assert.equal(await frame.getAttribute('open'), '', 'in-app frames are expanded');
  const line = frame.getByTestId('context-line');
  assert.ok(await line.isVisible());
  assert.equal(await line.textContent(), sourceLine(SENTRY_SCRIPT, PRICE_LINE_CODE));
  // The title is the grouping's (quoted values parameterized); the event keeps the message.
  assert.match((await page.getByTestId('issue-title').textContent()) ?? '', /^TypeError: Cannot read/);
  assert.match(
    (await page.getByTestId('exception').textContent()) ?? '',
    /TypeError:\s+Cannot read properties of undefined \(reading 'reduce'\)/,
  );
  assert.equal(await page.getByTestId('fact-release').textContent(), SENTRY_RELEASE);
  await screenshot(page, 'dashboard-real-sentry-issue');
  await readmeImage(page, 'dashboard-issue');
});

test('the middleware issue: "copy as curl", run by curl, reproduces the 500', async () => {
  await page.getByTestId('nav-issues').click();
  await rowOf(incident.issueId).getByTestId('issue-link').click();
  await page.waitForURL(new RegExp(`/issues/${incident.issueId}$`));
  const frame = page.getByTestId('frame-in-app').filter({ hasText: 'failures.mjs' }).first();
  await frame.waitFor();
  assert.equal(
    await frame.getByTestId('context-line').textContent(),
    sourceLine(FAILURES_FILE, 'throw new Error(SECRET_MESSAGE);'),
  );
  assert.match((await page.getByTestId('request-headers').textContent()) ?? '', /authorization\s*redacted/i);

  await page.getByTestId('copy-curl').click();
  const command = (await page.getByTestId('curl').textContent()) ?? '';
  assert.ok(command.startsWith(`curl -X 'GET' '${app.url}${FAILING_PATH}'`), command);
  assert.match(command, /-H 'authorization: <redacted:authorization>'/);
  assert.ok(!command.includes(CALLER_SECRET), 'no secret in the command');
  await screenshot(page, 'dashboard-real-middleware-issue');

  // The route needs no credentials: any value fills the placeholders. The command runs as
  // pasted into a shell, with the real curl binary.
  assert.ok(existsSync(CURL), `${CURL} not found: install Debian's curl (apt-get install -y curl)`);
  const filled = command.replaceAll(/<redacted:[a-z0-9_.-]+>/g, 'filled-in').replace(/^curl /, `${CURL} `);
  const { stdout } = await run('sh', ['-c', `${filled} -s -o /dev/null -w "%{http_code}"`]);
  assert.equal(stdout, '500', 'curl reproduced the 500');
  // The reproduction is the same bug again: a second event in the same issue.
  await app.faultline.flush();
  await waitForApi<Issue>(server, `/api/v1/issues/${incident.issueId}`, (issue) => issue.count === 2);
});

test('incident lookup with the instance from the 500 body lands on that event', async () => {
  await page.getByLabel('Request id or event id').fill(incident.instance);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.waitForURL(new RegExp(`/issues/${incident.issueId}\\?event=${incident.eventId}$`));
  const event = page.getByTestId('event');
  await event.waitFor();
  assert.equal(await event.getAttribute('data-event-id'), incident.eventId);
  assert.equal(await page.getByTestId('fact-request-id').textContent(), incident.instance);
});

test("filtering by the middleware's route and category tags: its issue; another route: none", async () => {
  const listed = async () =>
    page.getByTestId('issue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-issue-id')));
  await page.getByTestId('nav-issues').click();
  await rowOf(sentryIssueId).waitFor();
  await page.getByLabel('Route').fill(FAILING_ROUTE);
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/\/issues\?route=%2Fitems%2F%3Aid%2Ffail(&|$)/);
  await rowOf(incident.issueId).waitFor();
  assert.deepEqual(await listed(), [String(incident.issueId)], 'only the issue of that route');

  await page.getByLabel('Category').selectOption(incident.category);
  await page.waitForURL(new RegExp(`route=%2Fitems%2F%3Aid%2Ffail&category=${incident.category}(&|$)`));
  await rowOf(incident.issueId).waitFor();
  assert.deepEqual(await listed(), [String(incident.issueId)]);
  assert.equal(await page.getByLabel('Route').inputValue(), FAILING_ROUTE, 'the form shows the URL');

  const other = incident.category === 'timeout' ? 'overload' : 'timeout';
  await page.getByLabel('Category').selectOption(other);
  await page.getByText('No issues match these filters.').waitFor();
  await page.getByLabel('Category').selectOption('any');
  await rowOf(incident.issueId).waitFor();
  await page.getByLabel('Route').fill('/items/:id');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/\/issues\?route=%2Fitems%2F%3Aid(&|$)/);
  await page.getByText('No issues match these filters.').waitFor();
  assert.equal(await page.getByTestId('issue-row').count(), 0, 'a route is matched whole, not as a prefix');

  // A shared link holds the filters: opened afresh, it shows the same list.
  await page.goto(
    `${server.url}/issues?route=${encodeURIComponent(FAILING_ROUTE)}&category=${incident.category}`,
  );
  await rowOf(incident.issueId).waitFor();
  assert.deepEqual(await listed(), [String(incident.issueId)]);
  assert.equal(await page.getByLabel('Category').inputValue(), incident.category);
  await screenshot(page, 'dashboard-real-filtered');
});

test('no CSP violation (sparklines draw through the CSSOM) and no page error', () => {
  assert.deepEqual(problems, []);
});
