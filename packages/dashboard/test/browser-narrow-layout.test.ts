/**
 * Every page at 400 px wide (a phone) in Debian's chromium: nothing makes the page scroll
 * sideways (only stack traces, raw JSON and wide admin tables scroll, inside their own box),
 * and the issue list keeps each issue's title on screen, cut with an ellipsis, its full text in
 * `title`.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { type DesignPage, seedDesignWorld, visit } from './support/design-world.js';
import { watchPageProblems } from './support/page-checks.js';

const NARROW = { width: 400, height: 800 };
/** A title narrower than this shows a letter or two: not readable. */
const MIN_TITLE_WIDTH_PX = 120;

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let pages: DesignPage[];
let problems: string[];

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  pages = await seedDesignWorld(server);
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
  await page.setViewportSize(NARROW);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('no page scrolls sideways at 400 px', async () => {
  const wide: string[] = [];
  for (const p of pages) {
    if (p.signedOut) await browser.context.clearCookies();
    await visit(page, server.url, p);
    const { scroll, client, culprits } = await page.evaluate(() => {
      const client = document.documentElement.clientWidth;
      // The outermost elements that end past the window: what to fix.
      const past = [...document.querySelectorAll('#app *')].filter(
        (el) => el.getBoundingClientRect().right > client + 0.5,
      );
      const culprits = past
        .filter((el) => !past.includes(el.parentElement as Element))
        .slice(0, 5)
        .map((el) => {
          const named = (e: Element | null) =>
            e ? `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}` : '';
          return `${named(el)} in ${named(el.parentElement)}`;
        });
      return {
        scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
        client,
        culprits,
      };
    });
    if (scroll > client)
      wide.push(`${p.name} (${p.path}): ${scroll} px wide in ${client} px: ${culprits.join(', ')}`);
  }
  assert.deepEqual(wide, []);
  assert.deepEqual(problems, []);
});

test('the issue list keeps every title readable at 400 px, the full text in its title attribute', async () => {
  await visit(page, server.url, pages.find((p) => p.name === 'issues')!);
  const links = page.getByTestId('issue-link');
  const count = await links.count();
  assert.ok(count >= 4, `${count} rows`);
  for (let i = 0; i < count; i++) {
    const link = links.nth(i);
    const box = await link.boundingBox();
    assert.ok(box && box.width >= MIN_TITLE_WIDTH_PX, `title ${i} is ${box?.width ?? 0} px wide`);
    assert.ok(box.x + box.width <= NARROW.width, `title ${i} ends at ${box.x + box.width} px`);
    const cell = link.locator('xpath=ancestor::td[1]');
    assert.equal(await cell.getAttribute('title'), await link.textContent());
  }
});
