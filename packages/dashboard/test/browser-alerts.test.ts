/**
 * Issue 14's "done when" in Debian's chromium: a rule made in the dashboard and one thrown
 * error end as a signed webhook. The rule is made through the Alerts page's form (a refused URL
 * shows the collector's 400 beside its field first), its webhook secret is shown once, Test
 * sends a signed `alert.test` through the real delivery path to a real receiver on 127.0.0.1
 * (allowed by webhookAllow), then a real @sentry/node process throws, the receiver gets a signed
 * `alert.fired`, and the rule's delivery log, evaluation log and the issue's page show it.
 * Edit adds a second channel whose receiver is broken: Test shows its 500 and its answer (markup,
 * an RTL override) as text, and the delivery log lists that failure first. Redeliver sends the
 * alert again with the same webhook-id; Delete asks first. A hostile rule name renders as text,
 * and the strict CSP stays intact.
 */

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import {
  startWebhookReceiver,
  verifiedWebhook,
  type WebhookReceiver,
} from '@faultline/test-support/alert-peers';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { assertNothingInjected, logIn, screenshot, watchPageProblems } from './support/page-checks.js';
import { sendWithSentryNode } from './support/sentry-node.js';

/** Markup in a rule name must come out as text. */
const RULE_NAME = 'Checkout <b>500s</b> <img src=x onerror=alert(1)>';
/** What a broken receiver answers: markup and an RTL override, which must show as text. */
const HOSTILE_ANSWER = '<img src=x onerror=alert(1)><b>down</b> \u202Egnp.exe';
/** The worker sends within ALERT_BUSY_POLL_MS of the commit; a loaded 2-core machine gets margin. */
const ARRIVAL_TIMEOUT_MS = 20_000;
/** How long the page may take to show what the collector already recorded (it is re-asked). */
const UI_POLL_TIMEOUT_MS = 20_000;

let server: TestCollector;
let receiver: WebhookReceiver;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];
let secret: string;
/** A receiver that answers every request 500 with HOSTILE_ANSWER. */
let broken: http.Server;
let brokenUrl: string;

before(async () => {
  broken = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(500, { 'content-type': 'text/html' }).end(HOSTILE_ANSWER));
  });
  await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
  brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/hook`;
  [server, receiver, browser] = await Promise.all([
    startTestCollector({ webhookAllow: ['127.0.0.1'] }),
    startWebhookReceiver(),
    launchChromium(),
  ]);
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${server.url}/alerts`);
  await logIn(page);
  await page.getByTestId('alerts-empty').waitFor();
});

after(async () => {
  await browser?.close();
  await receiver?.close();
  await server?.close();
  broken?.closeAllConnections();
  await new Promise((resolve) => broken?.close(resolve));
});

/** Opens the rule, then presses Refresh (its logs are asked again) until `locator` shows, or fails. */
async function untilShown(what: string, show: () => ReturnType<Page['locator']>) {
  const deadline = Date.now() + UI_POLL_TIMEOUT_MS;
  for (;;) {
    const refresh = page.getByTestId('refresh-logs');
    if ((await refresh.count()) > 0) await refresh.click();
    else await page.getByTestId('rule-link').first().click();
    if ((await show().count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`the page did not show ${what} in ${UI_POLL_TIMEOUT_MS} ms`);
    await page.waitForTimeout(250);
  }
}

test('a rule made in the form: the 400 shows at its field, every control is labelled, the secret shows once', async () => {
  await page.getByTestId('nav-alerts').waitFor();
  // From the keyboard: Enter on "New alert rule" lands in the form's first field.
  await page.getByTestId('new-rule').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('alert-form').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'alert-name');
  await page.keyboard.type(RULE_NAME);
  assert.equal(await page.getByLabel('Trigger').inputValue(), 'new-issue');
  await page.getByLabel('Webhook URL').fill('gopher://127.0.0.1/hook');
  await page.getByRole('button', { name: 'Save rule' }).click();
  const error = page.locator('[data-testid="field-error"][data-field="channels[0].url"]');
  await error.waitFor();
  assert.match((await error.textContent()) ?? '', /channels\[0\]\.url/);
  assert.equal(await page.getByLabel('Webhook URL').getAttribute('aria-invalid'), 'true');
  // Every control of the form has a label a screen reader reads, and is reachable by Tab.
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="alert-form"] :is(input, select, textarea)')]
      .filter((el) => (el as HTMLInputElement).labels?.length === 0)
      .map((el) => el.outerHTML),
  );
  assert.deepEqual(unlabelled, []);
  await page.getByLabel('Name').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'alert-trigger-type');

  await page.getByLabel('Webhook URL').fill(receiver.url);
  await page.getByRole('button', { name: 'Save rule' }).click();
  const shownSecret = page.getByTestId('webhook-secret');
  await shownSecret.waitFor();
  secret = (await shownSecret.textContent()) ?? '';
  assert.match(secret, /^whsec_[A-Za-z0-9+/=]{32,}$/);
  // The list is asked again after the save: the secret can show before the row does.
  const row = page.getByTestId('rule-row');
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.equal(await page.getByTestId('rule-link').textContent(), RULE_NAME);
  assert.match(
    (await page.getByTestId('rule-trigger').textContent()) ?? '',
    /a new issue \(its first event\)/,
  );
  assert.match((await row.textContent()) ?? '', new RegExp(`webhook ${receiver.url}`));
  await assertNothingInjected(page);
  await screenshot(page, 'dashboard-alerts-created');
  // Shown once: after the page is loaded again, only the masked form is left.
  await page.reload();
  await page.getByTestId('rule-row').waitFor();
  assert.equal(await page.getByTestId('webhook-secret').count(), 0);
  await page.getByRole('button', { name: /^Edit/ }).click();
  assert.match((await page.getByTestId('alert-form').textContent()) ?? '', /whsec_\S{4}…/);
  await page.getByRole('button', { name: 'Cancel' }).click();
});

test('Test sends a signed alert.test through the real path and shows the outcome per channel', async () => {
  await page.getByTestId('test-rule').click();
  const result = page.getByTestId('test-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-outcome'), 'delivered');
  assert.match((await result.textContent()) ?? '', /HTTP 200/);
  const [got] = await receiver.waitFor(1, ARRIVAL_TIMEOUT_MS);
  const body = verifiedWebhook(got as NonNullable<typeof got>, secret) as {
    type: string;
    rule: { name: string };
  };
  assert.deepEqual([body.type, body.rule.name], ['alert.test', RULE_NAME]);
});

test("Edit adds a channel; Test shows a broken receiver's answer as text, and the log lists that failure first", async () => {
  await page.getByRole('button', { name: /^Edit/ }).click();
  await page.getByRole('button', { name: 'Add a channel' }).click();
  await page.locator('#alert-channels-1-url').fill(brokenUrl);
  await page.getByRole('button', { name: 'Save rule' }).click();
  // Only the new channel's secret is shown; the first keeps its own.
  await page.getByTestId('webhook-secret').waitFor();
  assert.equal(await page.getByTestId('webhook-secret').count(), 1);
  assert.match((await page.getByTestId('webhook-secrets').textContent()) ?? '', new RegExp(brokenUrl));

  await page.getByTestId('test-rule').click();
  await page.getByTestId('test-results').waitFor();
  const outcomes = await page
    .getByTestId('test-result')
    .evaluateAll((els) =>
      els.map((el) => [el.textContent?.includes('127.0.0.1') ?? false, el.getAttribute('data-outcome')]),
    );
  assert.equal(outcomes.length, 2);
  assert.equal(outcomes.filter(([, o]) => o === 'delivered').length, 1, 'the working receiver got its test');
  const failed = page.locator('[data-testid="test-result"]:not([data-outcome="delivered"])');
  assert.match((await failed.textContent()) ?? '', /HTTP 500/);
  const excerpt = (await failed.locator('pre').textContent()) ?? '';
  assert.ok(excerpt.includes('<b>down</b>'), `the answer as text: ${excerpt}`);
  assert.ok(excerpt.includes('\\u202E') && !excerpt.includes('\u202E'), 'the RTL override made visible');
  await receiver.waitFor(2, ARRIVAL_TIMEOUT_MS);

  // The rule's delivery log: the failed test first, then the delivered ones, newest first.
  await untilShown('the failed test delivery', () =>
    page.locator('[data-testid="delivery-row"]:not([data-state="delivered"])'),
  );
  const states = await page
    .getByTestId('delivery-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
  assert.notEqual(states[0], 'delivered', `failures first: ${states.join(', ')}`);
  assert.ok(
    states.slice(1).every((st) => st === 'delivered'),
    states.join(', '),
  );
  await assertNothingInjected(page);
});

test('one thrown error ends as a signed alert.fired; the delivery log, evaluations and the issue page show it', async () => {
  await sendWithSentryNode(server.dsn, randomUUID());
  const got = (await receiver.waitFor(3, ARRIVAL_TIMEOUT_MS))[2] as NonNullable<
    (typeof receiver.received)[number]
  >;
  const fired = verifiedWebhook(got, secret) as { type: string; issue: { id: number; title: string } };
  assert.equal(fired.type, 'alert.fired');
  assert.match(fired.issue.title, /TypeError/);

  const delivered = page.locator(
    '[data-testid="delivery-row"][data-type="alert.fired"][data-state="delivered"]',
  );
  await untilShown('the delivered alert.fired', () => delivered);
  assert.match(
    (await delivered.getByTestId('attempt').first().textContent()) ?? '',
    /HTTP 200 in \d+ ms: delivered/,
  );
  assert.match((await delivered.textContent()) ?? '', new RegExp(`issue ${fired.issue.id}`));
  await page.locator('[data-testid="evaluation"][data-decision="fired"]').first().waitFor();
  await page.getByTestId('rule-last-fired').filter({ hasNotText: '—' }).waitFor();
  await screenshot(page, 'dashboard-alerts-delivery-log');

  // Redeliver: the same notification again, with the same webhook-id.
  await delivered.getByTestId('redeliver').click();
  const again = (await receiver.waitFor(4, ARRIVAL_TIMEOUT_MS))[3] as typeof got;
  assert.equal(again.headers['webhook-id'], got.headers['webhook-id']);
  assert.equal((verifiedWebhook(again, secret) as { type: string }).type, 'alert.fired');

  await page.goto(`${server.url}/issues/${fired.issue.id}`);
  const alert = page.getByTestId('issue-alert').first();
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /alert\.fired by/);
  assert.equal(await alert.getByRole('link').textContent(), RULE_NAME);
  await assertNothingInjected(page);
});

test('Delete asks first: "Keep it" keeps the rule, "Yes, delete" removes it', async () => {
  await page.getByTestId('nav-alerts').click();
  await page.getByTestId('rule-row').waitFor();
  await page.getByRole('button', { name: /^Delete/ }).click();
  await page.getByTestId('confirm-delete').waitFor();
  // The confirmation takes focus on its safe answer: Enter keeps the rule.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Keep it');
  await page.keyboard.press('Enter');
  await page.getByTestId('confirm-delete').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('rule-row').count(), 1);
  await page.getByRole('button', { name: /^Delete/ }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByTestId('alerts-empty').waitFor();
  assert.equal((await server.api('/api/v1/projects/1/alert-rules')).items.length, 0);
  assert.deepEqual(problems, []);
});
