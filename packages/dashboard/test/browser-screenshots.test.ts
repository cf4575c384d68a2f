/**
 * Screenshots of every page (the design world: a real @sentry/node story, rates, releases,
 * alerts, silences, settings, tokens, the lookup, a trace, the login) in the light and the dark
 * theme, 1280 and 400 px wide, under test-results/design/ (gitignored; CI keeps them as an
 * artifact). With FAULTLINE_README_SCREENSHOTS=1 it also writes the few the READMEs show,
 * docs/screenshots/*.png, each cut to the window so it stays well under 200 kB:
 * `FAULTLINE_README_SCREENSHOTS=1 node scripts/run-tests.mjs browser-screenshots`.
 */

import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { type DesignPage, seedDesignWorld, visit } from './support/design-world.js';
import { RESULTS_DIR, watchPageProblems } from './support/page-checks.js';

const DESIGN_DIR = new URL('design/', RESULTS_DIR);
const README_DIR = new URL('../../../../docs/screenshots/', import.meta.url);
const WIDTHS = [1280, 400] as const;
const HEIGHT = { 1280: 800, 400: 860 } as const;
/** A chromium screenshot of a long page can take seconds on a loaded 2-core machine. */
const SCREENSHOT_TIMEOUT_MS = 30_000;
/** The README images: page, theme, width, and the file name they are committed under. */
const README_SHOTS = [
  { page: 'issue', scheme: 'light', width: 1280, file: 'issue-light' },
  { page: 'issue', scheme: 'dark', width: 1280, file: 'issue-dark' },
  { page: 'issues', scheme: 'light', width: 1280, file: 'issues-light' },
  { page: 'issues', scheme: 'dark', width: 400, file: 'issues-400' },
] as const;
/** A committed screenshot stays small enough for a README (the brief's bound). */
const MAX_README_IMAGE_BYTES = 200_000;

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
  mkdirSync(DESIGN_DIR, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const scheme of ['light', 'dark'] as const) {
  for (const width of WIDTHS) {
    test(`every page, ${scheme} theme, ${width} px wide`, async () => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.setViewportSize({ width, height: HEIGHT[width] });
      for (const p of pages) {
        if (p.signedOut) await browser.context.clearCookies();
        await visit(page, server.url, p);
        const path = new URL(`${p.name}-${scheme}-${width}.png`, DESIGN_DIR).pathname;
        await page.screenshot({ path, fullPage: true, timeout: SCREENSHOT_TIMEOUT_MS });
        assert.ok(statSync(path).size > 0, path);
        const shot = README_SHOTS.find((s) => s.page === p.name && s.scheme === scheme && s.width === width);
        if (shot && process.env.FAULTLINE_README_SCREENSHOTS === '1') {
          mkdirSync(README_DIR, { recursive: true });
          const readme = new URL(`${shot.file}.png`, README_DIR).pathname;
          await page.screenshot({ path: readme, timeout: SCREENSHOT_TIMEOUT_MS });
          const size = statSync(readme).size;
          assert.ok(size < MAX_README_IMAGE_BYTES, `${readme}: ${size} bytes`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
}
