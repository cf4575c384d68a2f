// Alerts bench (issue 14 §7): one evaluation pass of the rate rules, 1,000 rules over 500 routes.
// One project with 500 route templates (one release, one environment) and MINUTES minutes of
// per-minute counts (100 requests a minute; 0.05 % 5xx, 10 routes at 20 %); 800 route-5xx-rate
// rules (thresholds 1-50 %, windows 5/15/60 min, minRequests 50) and 200 slo-burn rules
// (99.9 %, 99 %), none filtered by route, so a pass decides 500,000 (rule, route) pairs. Times
// the first pass (it logs every first decision and opens the incidents of the failing routes)
// and then PASSES passes over unchanged counts (the steady state: nothing to write), through
// Store.withRateAlertLease as the collector's evaluator runs it (counts prefetched on SQLite),
// with the part of a steady pass inside the transaction (on SQLite, how long it holds the writer). SQLite always; PostgreSQL too
// when FAULTLINE_BENCH_PG_URL (or FAULTLINE_TEST_PG_URL) is set.
//
// Environment: MINUTES (360: the 6 h window slo-burn reads), PASSES (5); RULES (1000) and ROUTES
// (500) for a smaller setup (4/5 of the rules are route-5xx-rate).
// Run alone: npm run build && node bench/alerts/rate-pass.mjs

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const MINUTES = Number(process.env.MINUTES ?? 360);
const PASSES = Number(process.env.PASSES ?? 5);
const ROUTES = Number(process.env.ROUTES ?? 500);
const FAILING = Math.min(10, ROUTES);
const RULES = Number(process.env.RULES ?? 1000);
const MINUTE_MS = 60_000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function seed(store, now) {
  const { project } = await store.ensureDefaultProject();
  const first = Math.floor(now / MINUTE_MS) * MINUTE_MS - (MINUTES - 1) * MINUTE_MS;
  for (let m = 0; m < MINUTES; m += 30) {
    const rows = [];
    for (let k = m; k < Math.min(MINUTES, m + 30); k++)
      for (let r = 0; r < ROUTES; r++)
        rows.push({
          projectId: project.id,
          minute: first + k * MINUTE_MS,
          release: 'shop@1.0.0',
          environment: 'production',
          service: 'shop',
          method: 'GET',
          route: `/r/${r}/:id`,
          requests: 100,
          errors4xx: 0,
          errors5xx: r < FAILING ? 20 : k % 20 === 0 ? 1 : 0,
          dependency5xx: 0,
          overload5xx: 0,
          shed: 0,
        });
    await store.write((tx) => tx.addRouteCounts(rows));
  }
  const { parseAlertRule } = await import('@faultline/collector');
  const windows = [5, 15, 60];
  for (let i = 0; i < RULES; i++) {
    const trigger =
      i < RULES * 0.8
        ? {
            type: 'route-5xx-rate',
            threshold: 0.01 + (i % 50) / 100,
            windowMinutes: windows[i % 3],
            minRequests: 50,
          }
        : { type: 'slo-burn', objective: i % 2 === 0 ? 0.999 : 0.99 };
    await store.createAlertRule(
      project.id,
      parseAlertRule({
        name: `rule ${i}`,
        trigger,
        channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }],
      }),
    );
  }
}

async function measure(name, store) {
  const { evaluateRateAlerts } = await import('@faultline/collector');
  const now = Date.now();
  await seed(store, now);
  const pass = async () => {
    const started = performance.now();
    let inside = 0;
    const done = await store.withRateAlertLease(
      async (tx) => {
        const entered = performance.now();
        const result = await evaluateRateAlerts(tx, now);
        inside = performance.now() - entered;
        return result;
      },
      { prefetchAt: now },
    );
    return { ms: performance.now() - started, inside, result: done?.value };
  };
  const scan = async () => {
    const started = performance.now();
    await store.withRateAlertLease((tx) => tx.routeWindowCounts(1, [5, 15, 30, 60, 360], now));
    return performance.now() - started;
  };
  const first = await pass();
  const steady = [];
  const held = [];
  const scans = [];
  let last;
  for (let i = 0; i < PASSES; i++) {
    last = await pass();
    steady.push(last.ms);
    held.push(last.inside);
    scans.push(await scan());
  }
  const r = first.result;
  console.log(
    `${name}: one rate pass, ${RULES} rules over ${ROUTES} routes (${r.evaluated} decisions, ${MINUTES} min of counts): ` +
      `first ${first.ms.toFixed(0)} ms (${r.fired} incidents opened, ${r.notifications} notifications), ` +
      `steady median of ${PASSES} ${median(steady).toFixed(0)} ms (${last.result.notifications} notifications), ` +
      `of which the counts' scan ${median(scans).toFixed(0)} ms; inside the transaction ${median(held).toFixed(0)} ms`,
  );
}

/** The figure run.mjs prints. */
export async function ratePass() {
  const { createPostgresStore, createSqliteStore } = await import('@faultline/collector');
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-rates-'));
  const sqlite = createSqliteStore({ dataDir });
  try {
    await sqlite.migrate();
    await measure('SQLite', sqlite);
  } finally {
    await sqlite.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const url = process.env.FAULTLINE_BENCH_PG_URL ?? process.env.FAULTLINE_TEST_PG_URL;
  if (!url) return;
  const schema = `faultline_bench_${randomBytes(6).toString('hex')}`;
  const pg = createPostgresStore({ connectionString: url, schema });
  try {
    await pg.migrate();
    await measure('PostgreSQL', pg);
  } finally {
    await pg.close();
    const { default: pgDriver } = await import('pg');
    const client = new pgDriver.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await ratePass();
