/**
 * The dark theme in Debian's chromium: when the system asks for it (`prefers-color-scheme:
 * dark`, emulated) the page is dark from its first paint — before the app's script has run — and
 * its text keeps a WCAG AA contrast (≥ 4.5:1, computed here from the computed colours), as in
 * the light theme.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { distinctBug } from './support/events.js';
import { logIn, watchPageProblems } from './support/page-checks.js';
import { sendEvent } from './support/send-event.js';

/** WCAG 2 AA for body text. */
const MIN_TEXT_CONTRAST = 4.5;

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let problems: string[];

before(async () => {
  [server, browser] = await Promise.all([startTestCollector(), launchChromium()]);
  await sendEvent(server.dsn, distinctBug(1));
  page = await browser.context.newPage();
  problems = watchPageProblems(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** `rgb(r, g, b)` as sRGB channels 0–255. */
function channels(css: string): [number, number, number] {
  const m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  assert.ok(m, `not an opaque rgb colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** WCAG 2 relative luminance. */
function luminance(css: string): number {
  const [r, g, b] = channels(css).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const bodyColours = () =>
  page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return { background: s.backgroundColor, text: s.color };
  });

test('the dark theme follows the system setting from the first paint, its text at AA contrast', async () => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${server.url}/issues`, { waitUntil: 'domcontentloaded' });
  const light = await bodyColours();
  await logIn(page);
  await page.getByTestId('issue-row').first().waitFor();

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${server.url}/issues`, { waitUntil: 'domcontentloaded' });
  const firstPaint = await bodyColours();
  await page.getByTestId('issue-row').first().waitFor();
  const dark = await bodyColours();

  assert.notEqual(dark.background, light.background, 'the body is not the light one');
  assert.ok(
    luminance(dark.background) < luminance(light.background),
    `dark ${dark.background}, light ${light.background}`,
  );
  assert.deepEqual(firstPaint, dark, 'dark before the app rendered: no flash of the light theme');
  for (const [name, c] of Object.entries({ light, dark })) {
    const ratio = contrast(c.text, c.background);
    assert.ok(ratio >= MIN_TEXT_CONTRAST, `${name}: ${c.text} on ${c.background} is ${ratio.toFixed(2)}:1`);
  }
  const muted = await page
    .locator('.culprit')
    .first()
    .evaluate((el) => getComputedStyle(el).color);
  const mutedRatio = contrast(muted, dark.background);
  assert.ok(mutedRatio >= MIN_TEXT_CONTRAST, `dark muted text ${muted}: ${mutedRatio.toFixed(2)}:1`);
  assert.deepEqual(problems, []);
});
