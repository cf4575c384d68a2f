/** Shared browser-test helpers: login through the form, screenshots, and "nothing was injected". */

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_TOKEN } from './collector.js';

/** test-results/ at the repository root (gitignored; CI keeps it as an artifact). */
export const RESULTS_DIR = new URL('../../../../../test-results/', import.meta.url);

/** A page holding a 1 MB string can take chromium seconds to lay out on a loaded 2-core machine. */
const SCREENSHOT_TIMEOUT_MS = 30_000;

/** Saves an artifact; `fullPage: false` for pages too tall to capture whole (hostile data). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({
    path: new URL(`${name}.png`, RESULTS_DIR).pathname,
    fullPage,
    timeout: SCREENSHOT_TIMEOUT_MS,
  });
}

/** docs/images/ at the repository root: the screenshots the root README shows. */
export const README_IMAGES_DIR = new URL('../../../../../docs/images/', import.meta.url);

/** Space kept under the page's content in a README screenshot. */
const README_IMAGE_MARGIN_PX = 16;

/**
 * With FAULTLINE_README_SCREENSHOTS=1, also saves the top of the page as
 * docs/images/<name>.png: the viewport, cut under the content when the page is shorter (an
 * image stays a few hundred KB at most). Otherwise does nothing, so a test run never changes
 * committed files.
 */
export async function readmeImage(page: Page, name: string): Promise<void> {
  if (process.env.FAULTLINE_README_SCREENSHOTS !== '1') return;
  mkdirSync(README_IMAGES_DIR, { recursive: true });
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  const content = await page.locator('#app').boundingBox();
  const bottom = content ? Math.ceil(content.y + content.height) + README_IMAGE_MARGIN_PX : viewport.height;
  await page.screenshot({
    path: new URL(`${name}.png`, README_IMAGES_DIR).pathname,
    clip: { x: 0, y: 0, width: viewport.width, height: Math.min(bottom, viewport.height) },
    timeout: SCREENSHOT_TIMEOUT_MS,
  });
}

export async function logIn(page: Page, token = ADMIN_TOKEN): Promise<void> {
  await page.getByLabel('Admin token or API token').fill(token);
  await page.getByRole('button', { name: 'Log in with token' }).click();
}

export async function logInWithPassword(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

/** No element or attribute that event data could have smuggled in made it into the DOM. */
export async function assertNothingInjected(page: Page): Promise<void> {
  const found = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    foreign: document.querySelectorAll('img, svg, iframe, object, embed, b').length,
    handlers: [...document.querySelectorAll('*')].filter((el) =>
      [...el.attributes].some((a) => a.name.startsWith('on') || a.name === 'autofocus'),
    ).length,
    jsLinks: document.querySelectorAll('a[href^="javascript" i]').length,
  }));
  assert.deepEqual(found, { scripts: 1, foreign: 0, handlers: 0, jsLinks: 0 });
}

/**
 * Collects what would show the strict CSP being broken or the page failing: console messages
 * about the Content Security Policy (chromium logs every refused inline style or script) and
 * uncaught page errors. Assert the list is empty at the end.
 */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/**
 * A new page, watched for CSP refusals and page errors, logged in with the admin token and
 * showing the issue list's first row.
 * @example const { page, problems } = await openIssueList(browser.context, server.url)
 */
export async function openIssueList(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = watchPageProblems(page);
  await page.goto(`${url}/`);
  await logIn(page);
  await page.getByTestId('issue-row').first().waitFor();
  return { page, problems };
}
