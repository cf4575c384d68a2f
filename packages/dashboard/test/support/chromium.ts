/**
 * Debian's chromium driven by playwright-core: never a downloaded browser (issue 7 §3). CI
 * installs it with apt (`chromium`); FAULTLINE_CHROMIUM points elsewhere if needed.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium';
/** A page that takes longer than this to show something is a failure, not a slow machine. */
export const ACTION_TIMEOUT_MS = 10_000;
const VIEWPORT = { width: 1280, height: 900 };

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface LaunchOptions {
  /** Lets a test inject a script tag (axe-core from node_modules) past the collector's CSP. */
  bypassCSP?: boolean;
}

export async function launchChromium(
  options: LaunchOptions = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'faultline-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: VIEWPORT,
    bypassCSP: options.bypassCSP ?? false,
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
