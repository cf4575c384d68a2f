/**
 * Frames mapped through source maps, in Debian's chromium: the collector stored an event whose
 * frames a source map mapped back to `src/app.ts` (with `raw_stacktrace` beside them, as the
 * collector's ingest writes them); the issue page shows the mapped frames, marked, with their
 * source line, and the frames as sent fold under them until opened.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SentryEvent } from '@faultline/core';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { logIn, screenshot, watchPageProblems } from './support/page-checks.js';
import { sendEvent } from './support/send-event.js';

const SOURCE_LINE = "  if (cents > 100) throw new Error('card declined: ' + cents);";

function mappedEvent(): SentryEvent {
  return {
    level: 'error',
    platform: 'node',
    release: 'shop@2',
    exception: {
      values: [
        {
          type: 'Error',
          value: 'card declined: 500',
          stacktrace: {
            frames: [
              {
                filename: 'app.ts',
                abs_path: '/srv/shop/app.ts',
                function: 'checkout',
                lineno: 9,
                colno: 10,
                in_app: true,
                context_line: '  return charge(total);',
                data: { symbolicated: true, resolved_with: 'debug-id' },
              },
              {
                filename: 'app.ts',
                abs_path: '/srv/shop/app.ts',
                function: 'charge',
                lineno: 5,
                colno: 26,
                in_app: true,
                pre_context: ['export function charge(cents: number): number {'],
                context_line: SOURCE_LINE,
                post_context: ['  return cents;', '}'],
                data: { symbolicated: true, resolved_with: 'debug-id' },
              },
            ],
          },
          raw_stacktrace: {
            frames: [
              { filename: '/srv/shop/dist/app.js', function: 'b', lineno: 3, colno: 795, in_app: true },
              { filename: '/srv/shop/dist/app.js', function: 's', lineno: 3, colno: 734, in_app: true },
            ],
          },
        },
      ],
    },
  };
}

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('mapped frames show the source, marked; the frames as sent fold under them', async () => {
  await sendEvent(server.dsn, mappedEvent());
  await page.goto(`${server.url}/`);
  await logIn(page);
  await page.getByTestId('issue-link').first().click();
  const charge = page
    .getByTestId('frame-in-app')
    .filter({ has: page.locator('summary .fn', { hasText: /^charge$/ }) })
    .first();
  await charge.waitFor();
  assert.match((await charge.locator('summary').textContent()) ?? '', /app\.ts:5:26\s+source map/);
  assert.equal(await charge.getByTestId('context-line').textContent(), SOURCE_LINE);

  const raw = page.getByTestId('raw-frames');
  assert.equal(await raw.getAttribute('open'), null, 'the frames as sent are folded');
  assert.equal(await raw.locator('summary .fn', { hasText: /^s$/ }).isVisible(), false);
  await raw.locator('> summary').click();
  const minified = raw.locator('summary .file', { hasText: '/srv/shop/dist/app.js:3:734' });
  await minified.waitFor();
  assert.ok(await minified.isVisible());
  await screenshot(page, 'dashboard-source-maps');
  assert.deepEqual(problems, []);
});
