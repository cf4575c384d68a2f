/**
 * The pages beyond the issue list in Debian's chromium (issue 7 §1): keyboard navigation with
 * a visible cursor, bulk resolve, the pager through an issue's events, the trace tree with the
 * origin highlighted (reached from the issue page's trace link), and the settings page (DSN
 * copy, allowed origins, rate limit, scrub keys, inbound filters and their counts, new project,
 * new key). The strict CSP stays
 * intact throughout: chromium reports no refused style or script.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN_TOKEN, startTestCollector, type TestCollector } from './support/collector.js';
import { CASCADE_TRACE_ID, cascadeEvents, distinctBug } from './support/events.js';
import { openIssueList, screenshot } from './support/page-checks.js';
import { waitForApi } from './support/read-api.js';
import { sendEvent } from './support/send-event.js';

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
/** Event ids per bug number, oldest first. */
const bugEvents = new Map<number, string[]>();

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
  });
  assert.ok(res.ok, `${path}: ${res.status}`);
  return (await res.json()) as T;
}

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  // Bug 1 three times (the pager), bugs 2-4 once each (the list); sent oldest first.
  for (const n of [1, 1, 1, 2, 3, 4]) {
    const id = await sendEvent(server.dsn, distinctBug(n));
    bugEvents.set(n, [...(bugEvents.get(n) ?? []), id]);
  }
  for (const event of cascadeEvents()) await sendEvent(server.dsn, event);
  ({ page, problems } = await openIssueList(browser.context, server.url));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const rowTitles = (p: Page) => p.getByTestId('issue-link').allTextContents();

test('keyboard: j/k move a visible cursor with focus; Enter opens the issue', async () => {
  const titles = await rowTitles(page);
  assert.equal(titles.length, 7);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await page.keyboard.press('j');
  const cursor = page.locator('[data-testid="issue-row"].cursor');
  assert.equal(await cursor.count(), 1);
  assert.equal(await cursor.getAttribute('data-index'), '1');
  const focused = await page.evaluate(() => ({
    text: document.activeElement?.textContent,
    row: document.activeElement?.closest('tr')?.getAttribute('data-index'),
    outline: getComputedStyle(document.activeElement as Element).outlineStyle,
  }));
  assert.deepEqual(
    focused,
    { text: titles[1], row: '1', outline: 'solid' },
    'focus is on the row and visible',
  );
  await screenshot(page, 'dashboard-keyboard');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/issues\/\d+$/);
  assert.equal(await page.getByTestId('issue-title').textContent(), titles[1]);
  await page.goBack();
  await page.getByTestId('issue-row').first().waitFor();
  // Typing in the search box is typing, not navigation.
  await page.getByLabel('Search').press('j');
  assert.equal(await page.getByLabel('Search').inputValue(), 'j');
  assert.equal(await page.locator('[data-testid="issue-row"].cursor').count(), 0);
  await page.getByLabel('Search').fill('');
});

test('bulk: tick with x and a click, resolve the selection in one go', async () => {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const rows = page.getByTestId('issue-row');
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-issue-id'))));
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await rows.nth(2).getByTestId('issue-tick').check();
  assert.match((await page.getByTestId('bulk-bar').textContent()) ?? '', /2 selected/);
  await page.getByTestId('bulk-resolve').click();
  await page.getByTestId('flash').filter({ hasText: '2 issues set to resolved' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="issue-row"]').length === 5);
  for (const id of [ids[0], ids[2]])
    assert.equal((await api<{ status: string }>(`/api/v1/issues/${id}`)).status, 'resolved');
  assert.equal((await api<{ status: string }>(`/api/v1/issues/${ids[1]}`)).status, 'unresolved');
  assert.equal(await page.getByTestId('bulk-resolve').isDisabled(), true, 'nothing selected after');
  // Select all, then ignore: every row leaves the unresolved list.
  await page.getByTestId('tick-all').check();
  assert.match((await page.getByTestId('bulk-bar').textContent()) ?? '', /5 selected/);
  await page.getByTestId('bulk-ignore').click();
  await page.getByTestId('empty-state').or(page.getByText('No issues match')).first().waitFor();
  await page.goto(`${server.url}/issues?status=all`);
  await page.getByTestId('issue-row').first().waitFor();
});

test("the pager walks an issue's events, newest first, and back", async () => {
  const [first, second, third] = bugEvents.get(1) ?? [];
  const issue = await api<{ items: { id: number; title: string }[] }>(
    '/api/v1/projects/1/issues?query=Bug1Error',
  );
  const issueId = issue.items[0]?.id;
  await page.goto(`${server.url}/issues/${issueId}`);
  const position = page.getByTestId('pager-position');
  await position.filter({ hasText: 'Event 1 of 3' }).waitFor();
  assert.equal(await page.getByTestId('event').getAttribute('data-event-id'), third);
  assert.equal(await page.getByTestId('pager-newer').isDisabled(), true);
  await page.getByTestId('pager-older').click();
  await page.waitForURL(new RegExp(`event=${second}$`));
  await page.locator(`[data-testid="event"][data-event-id="${second}"]`).waitFor();
  assert.match((await position.textContent()) ?? '', /Event 2 of 3/);
  await page.getByTestId('pager-older').click();
  await page.locator(`[data-testid="event"][data-event-id="${first}"]`).waitFor();
  assert.equal(await page.getByTestId('pager-older').isDisabled(), true, 'the oldest event');
  await page.getByTestId('pager-newer').click();
  await page.locator(`[data-testid="event"][data-event-id="${second}"]`).waitFor();
});

test('the trace link opens the tree: services nested, the origin highlighted, nodes link to events', async () => {
  const found = await api<{ items: { id: number }[] }>('/api/v1/projects/1/issues?query=upstream%20orders');
  await page.goto(`${server.url}/issues/${found.items[0]?.id}`);
  await page.getByTestId('trace-link').click();
  await page.waitForURL(new RegExp(`/traces/${CASCADE_TRACE_ID}$`));
  const nodes = page.getByTestId('trace-node');
  await nodes.first().waitFor();
  assert.deepEqual(await page.getByTestId('trace-service').allTextContents(), [
    'gateway',
    'orders',
    'payments',
  ]);
  const depth = await nodes.evaluateAll((els) =>
    els.map((el) => {
      let d = 0;
      for (
        let p = el.parentElement?.closest('[data-testid="trace-node"]');
        p;
        p = p.parentElement?.closest('[data-testid="trace-node"]')
      )
        d++;
      return d;
    }),
  );
  assert.deepEqual(depth, [0, 1, 2], 'each service under its caller');
  const origin = page.locator('[data-testid="trace-node"][data-origin="true"]');
  assert.equal(await origin.count(), 1);
  assert.equal(await origin.getByTestId('trace-service').textContent(), 'payments');
  assert.equal(await origin.getByTestId('origin-badge').isVisible(), true);
  const background = await origin
    .locator('.node-head')
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(background, 'rgb(255, 255, 255)', 'the origin is highlighted');
  assert.match(
    (await page.getByTestId('trace-origin').textContent()) ?? '',
    /started in\s+payments\s+with\s+503/,
  );
  await screenshot(page, 'dashboard-trace');
  await origin.getByTestId('trace-event-link').first().click();
  await page.waitForURL(/\/issues\/\d+\?event=[0-9a-f]{32}$/);
  await page.getByTestId('event').waitFor();
  assert.match((await page.getByTestId('issue-title').textContent()) ?? '', /db connection refused/);
  assert.equal(await page.getByTestId('fact-service').textContent(), 'payments');
});

test('settings: DSN with a copy button; origins, rate limit and scrub keys saved; a new project and key', async () => {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.getByTestId('nav-settings').click();
  await page.waitForURL(/\/settings$/);
  const dsn = page.getByTestId('settings-dsn');
  await dsn.waitFor();
  assert.equal(await dsn.textContent(), server.dsn);
  await page.getByTestId('copy-dsn').click();
  await page.getByTestId('flash').filter({ hasText: 'DSN copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), server.dsn);

  await page.getByLabel(/Rate limit/).fill('often');
  await page.getByRole('button', { name: 'Save settings' }).click();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /rate limit/);
  await page.getByLabel(/Allowed origins/).fill('https://shop.example\n*.example.com\n');
  await page.getByLabel(/Rate limit/).fill('600');
  await page.getByLabel(/Scrub keys/).fill('ssn\ncard_number');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByTestId('flash').filter({ hasText: 'Settings saved' }).waitFor();
  const project = await api<{ allowedOrigins: string[]; rateLimitPerMinute: number; scrubKeys: string[] }>(
    '/api/v1/projects/1',
  );
  assert.deepEqual(
    [project.allowedOrigins, project.rateLimitPerMinute, project.scrubKeys],
    [['https://shop.example', '*.example.com'], 600, ['ssn', 'card_number']],
  );
  await page.reload();
  await page.getByTestId('settings-form').waitFor();
  assert.equal(await page.getByLabel(/Rate limit/).inputValue(), '600');
  await screenshot(page, 'dashboard-settings');

  // Inbound filters: saved from the form, applied by ingest, counted on the same page.
  await page.getByLabel(/^Environments/).fill('staging\n');
  await page.getByLabel(/Web crawlers/).check();
  await page.getByRole('button', { name: 'Save filters' }).click();
  await page.getByTestId('flash').filter({ hasText: 'Inbound filters saved' }).waitFor();
  const filtered = await api<{ inboundFilters: { environments: string[]; webCrawlers: boolean } }>(
    '/api/v1/projects/1',
  );
  assert.deepEqual(
    [filtered.inboundFilters.environments, filtered.inboundFilters.webCrawlers],
    [['staging'], true],
  );
  await sendEvent(server.dsn, { ...distinctBug(50), environment: 'staging' });
  await sendEvent(server.dsn, {
    ...distinctBug(51),
    request: {
      url: 'https://shop.example/',
      headers: { 'User-Agent': 'Mozilla/5.0 (compatible; bingbot/2.0)' },
    },
  });
  await page.reload();
  const counts = page.getByTestId('filtered-counts');
  await counts.waitFor();
  assert.deepEqual(
    (
      await counts
        .locator('tr')
        .evaluateAll((rows) =>
          rows.map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent).join(' ')),
        )
    ).sort(),
    ['environment 1', 'web crawler 1'],
  );
  assert.equal(await page.getByLabel(/Web crawlers/).isChecked(), true);
  await api('/api/v1/projects/1', { method: 'PATCH', body: JSON.stringify({ inboundFilters: {} }) });

  await page.getByLabel('New project name').fill('billing');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.waitForURL(/\/settings\?project=\d+$/);
  const projectId = Number(new URL(page.url()).searchParams.get('project'));
  assert.ok(projectId > 1);
  await page.locator(`[data-testid="project-settings"][data-project-id="${projectId}"]`).waitFor();
  await page.getByTestId('settings-dsn').first().waitFor();
  assert.match((await page.getByTestId('settings-dsn').textContent()) ?? '', new RegExp(`/${projectId}$`));
  await page.getByTestId('new-key').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="settings-dsn"]').length === 2);
  const keys = await api<{ items: unknown[] }>(`/api/v1/projects/${projectId}/keys`);
  assert.equal(keys.items.length, 2);
});

test("project selector: a second project's issue and not the first's; kept in the URL and across pages", async () => {
  const mobile = await api<{ id: number; keys: { dsn: string }[] }>('/api/v1/projects', {
    method: 'POST',
    body: JSON.stringify({ name: 'mobile' }),
  });
  const eventId = await sendEvent(mobile.keys[0]?.dsn ?? '', distinctBug(99));
  const { issueId } = await waitForApi<{ issueId: number }>(server, `/api/v1/events/${eventId}`);
  const select = page.getByTestId('project-select');

  // Every status: the tests above resolved and ignored some of the first project's issues.
  await page.goto(`${server.url}/issues?status=all`);
  await page.getByTestId('issue-row').first().waitFor();
  assert.equal(await select.inputValue(), '1', 'the first project by default');
  const firstProject = await rowTitles(page);
  assert.equal(firstProject.length, 7);
  assert.ok(!firstProject.some((t) => t.includes('Bug99Error')));
  assert.deepEqual(await select.locator('option').allTextContents(), [
    'All projects',
    'default (#1)',
    'billing (#2)',
    `mobile (#${mobile.id})`,
  ]);

  // All projects: both projects' issues in one list, each row naming its project.
  await select.selectOption('0');
  await page.waitForURL(/\/issues\?project=all&status=all$/);
  await page.locator(`[data-testid="issue-row"][data-issue-id="${issueId}"]`).waitFor();
  assert.equal((await rowTitles(page)).length, 8);
  assert.equal(
    await page
      .locator(`[data-testid="issue-row"][data-issue-id="${issueId}"] [data-testid="issue-project"]`)
      .textContent(),
    'mobile',
  );
  await page.goBack();
  await page.waitForURL(/\/issues\?status=all$/);
  await page.getByTestId('issue-row').nth(6).waitFor();

  await select.selectOption(String(mobile.id));
  await page.waitForURL(new RegExp(`/issues\\?project=${mobile.id}&status=all$`));
  await page.locator(`[data-testid="issue-row"][data-issue-id="${issueId}"]`).waitFor();
  const second = await rowTitles(page);
  assert.equal(second.length, 1, "only the second project's issue");
  assert.match(second[0] ?? '', /^Bug99Error/);
  await screenshot(page, 'dashboard-project-selector');

  // The header's links keep the project; the releases page reads it.
  await page.getByTestId('nav-releases').click();
  await page.waitForURL(new RegExp(`/releases\\?project=${mobile.id}$`));
  assert.equal(await select.inputValue(), String(mobile.id));
  await page.goBack();
  await page.locator(`[data-testid="issue-row"][data-issue-id="${issueId}"]`).waitFor();
  await page.goBack();
  await page.waitForURL(/\/issues\?status=all$/);
  await page.getByTestId('issue-row').nth(6).waitFor();
  assert.deepEqual(await rowTitles(page), firstProject);
  assert.equal(await select.inputValue(), '1', 'back: the selector follows the URL');

  // A project without events: the empty state shows its own DSN.
  const billing = await api<{ items: { dsn: string }[] }>('/api/v1/projects/2/keys');
  await page.goto(`${server.url}/issues`);
  await select.selectOption('2');
  await page.waitForURL(/\/issues\?project=2$/);
  await page.getByTestId('empty-state').waitFor();
  assert.equal(await page.getByTestId('dsn').textContent(), billing.items[0]?.dsn);
  assert.notEqual(billing.items[0]?.dsn, server.dsn);

  // An issue page needs no project in its URL: the selector shows its issue's, and the list
  // link goes back to that project's issues.
  await page.goto(`${server.url}/issues/${issueId}`);
  await page.getByTestId('issue-title').waitFor();
  await page.waitForFunction(
    (id) =>
      (document.querySelector('[data-testid="project-select"]') as HTMLSelectElement | null)?.value === id,
    String(mobile.id),
  );
  await page.getByTestId('nav-issues').click();
  await page.waitForURL(new RegExp(`/issues\\?project=${mobile.id}$`));
  await page.locator(`[data-testid="issue-row"][data-issue-id="${issueId}"]`).waitFor();

  // A project that does not exist is named, not shown as an empty project.
  await page.goto(`${server.url}/issues?project=999`);
  await page.getByTestId('no-project').waitFor();
  assert.equal(await page.getByTestId('empty-state').count(), 0);
  assert.equal(await select.locator('option:checked').textContent(), '#999 (no such project)');
});

test('no CSP violation and no page error on any page', () => {
  assert.deepEqual(problems, []);
});
