/**
 * Accessibility of every page, in the light and the dark theme: axe-core (from node_modules,
 * injected with playwright's addScriptTag, never downloaded) finds no serious or critical
 * violation on the issue list, an issue with a real @sentry/node event's story, rates, releases,
 * a release, alerts and a rule's logs, silences (with the form open), settings, API tokens, the
 * incident lookup's list, a trace and the login page. A failure lists each violation: the rule,
 * its impact, what it means and the first elements it found.
 */

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startTestCollector, type TestCollector } from './support/collector.js';
import { type DesignPage, seedDesignWorld, visit } from './support/design-world.js';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** The impacts this test refuses; minor and moderate ones are left to review. */
const REFUSED_IMPACTS = new Set(['serious', 'critical']);
/** Elements named per violation in a failure message: enough to find them, short enough to read. */
const NODES_SHOWN = 3;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

let server: TestCollector;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let pages: DesignPage[];

before(async () => {
  // bypassCSP: the collector's CSP would refuse the injected axe-core script.
  [server, browser] = await Promise.all([startTestCollector(), launchChromium({ bypassCSP: true })]);
  pages = await seedDesignWorld(server);
  page = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function violations(): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return axe.run();
  });
  return (result.violations as Violation[]).filter((v) => REFUSED_IMPACTS.has(v.impact ?? ''));
}

function readable(found: Violation[]): string {
  return found
    .map((v) => {
      const nodes = v.nodes
        .slice(0, NODES_SHOWN)
        .map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`);
      const more = v.nodes.length > NODES_SHOWN ? [`    …and ${v.nodes.length - NODES_SHOWN} more`] : [];
      return [`  ${v.impact} ${v.id}: ${v.help}`, ...nodes, ...more].join('\n');
    })
    .join('\n');
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious or critical axe-core violation on any page, ${colorScheme} theme`, async () => {
    await page.emulateMedia({ colorScheme });
    const failures: string[] = [];
    for (const p of pages) {
      if (p.signedOut) await browser.context.clearCookies();
      await visit(page, server.url, p);
      const found = await violations();
      if (found.length > 0) failures.push(`${p.name} (${p.path}):\n${readable(found)}`);
    }
    assert.equal(failures.length, 0, `axe-core, ${colorScheme}:\n${failures.join('\n')}`);
  });
}
