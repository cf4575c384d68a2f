// Time from navigation to the first issue rows on screen, in Debian's headless chromium driven
// by playwright-core, launched exactly as the dashboard's browser tests launch it
// (packages/dashboard/test/support/chromium.ts: /usr/bin/chromium, --no-sandbox, a fresh
// profile). Each launch gives one cold load (empty HTTP and code caches) and WARM_LOADS warm
// ones (same tab, assets cached; index.html is revalidated, the API is asked again).
//
// The time is taken inside the page: an init script watches the DOM, and when the first
// `[data-testid="issue-row"]` is inserted it records the timestamp of the next animation frame
// (the frame that paints it), relative to the navigation start. The wall time of playwright's
// goto → visible row is kept beside it.

import { launchChromium } from '../../packages/dashboard/dist/test/support/chromium.js';
import { PAGE_TIMEOUT_MS } from './config.mjs';

const ROW = '[data-testid="issue-row"]';

/** Runs in the page before its scripts (CSP does not apply to init scripts). */
function markFirstRow() {
  const found = () => {
    if (!document.querySelector('[data-testid="issue-row"]')) return false;
    requestAnimationFrame((t) => {
      window.__benchFirstRowMs = t;
    });
    return true;
  };
  const observer = new MutationObserver(() => {
    if (found()) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** Navigation timing of the load that just showed its rows. */
function readTimings() {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const resources = performance.getEntriesByType('resource');
  const api = resources.find((r) => /\/api\/v1\/projects\/\d+\/issues\?/.test(r.name));
  const session = resources.find((r) => /\/api\/v1\/session$/.test(r.name));
  const script = resources.find((r) => /\/assets\/[^/]+\.js$/.test(r.name));
  return {
    firstRow: window.__benchFirstRowMs,
    htmlDone: nav?.responseEnd,
    scriptDone: script?.responseEnd,
    fcp: fcp?.startTime,
    sessionStart: session?.startTime,
    sessionMs: session ? session.responseEnd - session.startTime : undefined,
    apiStart: api?.startTime,
    apiMs: api ? api.responseEnd - api.startTime : undefined,
    rows: document.querySelectorAll('[data-testid="issue-row"]').length,
  };
}

async function load(page, url) {
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'commit', timeout: PAGE_TIMEOUT_MS });
  await page.waitForSelector(ROW, { state: 'visible', timeout: PAGE_TIMEOUT_MS });
  const wall = performance.now() - t0;
  await page.waitForFunction(() => window.__benchFirstRowMs !== undefined, null, {
    timeout: PAGE_TIMEOUT_MS,
  });
  return { wall, ...(await page.evaluate(readTimings)) };
}

/**
 * @param session the `faultline_session` cookie value (the login the page would have made)
 * @example const { cold, warm } = await pageLoads({ url, session, cold: 5, warm: 3 })
 */
export async function pageLoads({ url, session, cold, warm, log = () => {} }) {
  const loads = { cold: [], warm: [] };
  const { hostname } = new URL(url);
  for (let i = 0; i < cold; i++) {
    const browser = await launchChromium();
    try {
      const { context } = browser;
      await context.addCookies([
        {
          name: 'faultline_session',
          value: session,
          domain: hostname,
          path: '/api/v1',
          httpOnly: true,
          sameSite: 'Lax',
        },
      ]);
      await context.addInitScript(markFirstRow);
      const page = context.pages()[0] ?? (await context.newPage());
      const first = await load(page, `${url}/`);
      loads.cold.push(first);
      log(`cold load ${i + 1}: first rows at ${first.firstRow.toFixed(0)} ms (${first.rows} rows)`);
      for (let j = 0; j < warm; j++) {
        const again = await load(page, `${url}/`);
        loads.warm.push(again);
        log(`  warm load: first rows at ${again.firstRow.toFixed(0)} ms`);
      }
    } finally {
      await browser.close();
    }
  }
  return loads;
}
