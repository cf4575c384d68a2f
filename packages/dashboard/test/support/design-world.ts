/**
 * One seeded collector with something on every page, and the list of those pages: what the
 * design tests (accessibility, narrow layout, screenshots) visit. Real senders only: a real
 * @sentry/node process for the issue page's story, envelopes over HTTP for the rest, and the
 * admin API for an alert rule, a silence and a token.
 */

import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, type TestCollector } from './collector.js';
import { CASCADE_TRACE_ID, cascadeEvents, GOLDEN_REQUEST_ID, goldenEvent, ratesItem } from './events.js';
import { logIn } from './page-checks.js';
import { waitForApi } from './read-api.js';
import { sendEvent, sendItems } from './send-event.js';
import { sendNodeStory } from './sentry-story.js';

export const DESIGN_RELEASE = 'shop@1.5.0';

/** A page of the dashboard: where it is and what shows once it has loaded. */
export interface DesignPage {
  name: string;
  path: string;
  /** Signed out: the login page (visited before logging in). */
  signedOut?: boolean;
  /** Waits until the page shows its data. */
  ready(page: Page): Promise<void>;
}

async function admin(server: TestCollector, method: string, path: string, body: unknown): Promise<any> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Seeds the collector and returns the pages to visit, in an order that needs one login.
 * @example const pages = await seedDesignWorld(server);
 */
export async function seedDesignWorld(server: TestCollector): Promise<DesignPage[]> {
  const storyId = await sendNodeStory(server.dsn);
  await sendEvent(server.dsn, { ...goldenEvent(), release: DESIGN_RELEASE });
  for (const event of cascadeEvents()) await sendEvent(server.dsn, event);
  await sendItems(server.dsn, [
    {
      type: 'faultline_rates',
      payload: ratesItem('shop@1.4.2', [
        { method: 'GET', route: '/users/:id', requests: 50, errors5xx: 5 },
        { method: 'POST', route: '/orders', requests: 30, errors5xx: 0 },
      ]),
    },
    {
      type: 'faultline_rates',
      payload: ratesItem(
        DESIGN_RELEASE,
        [{ method: 'GET', route: '/users/:id', requests: 40, errors5xx: 20 }],
        1,
      ),
    },
  ]);
  const story = await waitForApi<{ issueId: number }>(server, `/api/v1/events/${storyId}`);
  const rule = await admin(server, 'POST', '/api/v1/projects/1/alert-rules', {
    name: 'checkout errors',
    trigger: { type: 'new-issue' },
    channels: [{ type: 'email', to: ['ops@example.com'] }],
  });
  await admin(server, 'POST', '/api/v1/projects/1/silences', {
    matchers: { release: DESIGN_RELEASE },
    endsAt: Date.now() + 60 * 60_000,
    comment: 'deploy window',
  });
  await admin(server, 'POST', '/api/v1/tokens', { name: 'ci reader', scopes: ['project:read'] });
  // A second project's event carrying the same request id: the lookup lists both.
  const other = await admin(server, 'POST', '/api/v1/projects', { name: 'storefront' });
  await sendEvent(other.keys[0].dsn, {
    message: 'same request id elsewhere',
    tags: { request_id: GOLDEN_REQUEST_ID },
  });
  await waitForApi<{ items: unknown[] }>(server, '/api/v1/projects/1/issues', (b) => b.items.length >= 4);

  const shows = (selector: string) => async (page: Page) => {
    await page.locator(selector).first().waitFor();
  };
  return [
    { name: 'login', path: '/', signedOut: true, ready: shows('[data-testid="login-form"]') },
    { name: 'issues', path: '/issues', ready: shows('[data-testid="issue-row"]') },
    { name: 'issue', path: `/issues/${story.issueId}`, ready: shows('[data-testid="breadcrumbs"]') },
    { name: 'rates', path: '/rates?since=1h', ready: shows('table.rates') },
    { name: 'releases', path: '/releases', ready: shows('table.releases') },
    {
      name: 'release',
      path: `/releases?release=${encodeURIComponent(DESIGN_RELEASE)}`,
      ready: shows('.release-detail'),
    },
    { name: 'alerts', path: '/alerts', ready: shows('table.rules') },
    { name: 'alert-rule', path: `/alerts?rule=${rule.id}`, ready: shows('[data-testid="rule-detail"]') },
    {
      name: 'silences',
      path: '/alerts',
      async ready(page) {
        await page.locator('table.silences-list').first().waitFor();
        await page.getByTestId('new-silence').click();
        await page.locator('.silence-form').waitFor();
      },
    },
    { name: 'settings', path: '/settings', ready: shows('.settings-form') },
    { name: 'tokens', path: '/settings', ready: shows('table.tokens-list') },
    {
      name: 'lookup',
      path: '/issues',
      async ready(page) {
        await page.getByTestId('issue-row').first().waitFor();
        await page.getByLabel('Request id or event id').fill(GOLDEN_REQUEST_ID);
        await page.getByRole('button', { name: 'Find' }).click();
        await page.getByTestId('lookup-matches').waitFor();
      },
    },
    { name: 'trace', path: `/traces/${CASCADE_TRACE_ID}`, ready: shows('ul.trace-tree') },
  ];
}

/**
 * Opens `p` (logging in on the way when the login page shows) and waits for its data.
 * @example await visit(page, server.url, pages[1]);
 */
export async function visit(page: Page, base: string, p: DesignPage): Promise<void> {
  await page.goto(`${base}${p.path}`);
  if (!p.signedOut) {
    // One locator for either answer: no waiter is left behind to time out later.
    await page.locator('header.top, [data-testid="login-form"]').first().waitFor();
    if ((await page.locator('header.top').count()) === 0) await logIn(page);
  }
  await p.ready(page);
}
