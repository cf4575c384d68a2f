// `npm run bench:dashboard` (issue 7 §3): with 1,000,000 events in 50,000 issues in SQLite,
// does the issue list API answer p95 < 50 ms, and does the issues page show its first rows in
// < 1 s in headless chromium?
//
//  1. seed (or reuse) the data folder (seed.mjs), printing the seeding rate;
//  2. start the collector on it in a child process, as `faultline serve` does;
//  3. for each query of scenarios.mjs: REQUESTS timed GETs over HTTP with the dashboard's
//     session cookie, interleaved round by round with the other queries, a GET /health (the
//     HTTP floor) and an in-process `store.listIssues` of the same query (the SQL floor);
//     EXPLAIN QUERY PLAN of each query's exact SQL;
//  4. COLD_LOADS × (1 cold + WARM_LOADS warm) loads of the issues page in chromium;
//  5. the tables, the plans of the queries that missed, and the verdict.
//
// Environment: see config.mjs (EVENTS, ISSUES, REQUESTS, COLD_LOADS, WARM_LOADS, RESEED=1…).

import { fork } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore, SQLITE_FILE_NAME } from '@faultline/collector';
import { pageLoads } from './browser-load.mjs';
import {
  ADMIN_TOKEN,
  COLD_LOADS,
  DEEP_OFFSET,
  REQUESTS,
  STORE_CALLS,
  TARGET_API_P95_MS,
  WARM_LOADS,
  WARMUP_REQUESTS,
} from './config.mjs';
import { cpuSample, othersCores } from './cpu-noise.mjs';
import { httpClient, summary } from './http-latency.mjs';
import { captureIssueQuery, explain, inline } from './query-plans.mjs';
import { apiTable, pageTable, verdict } from './report.mjs';
import { issueQuery, scenarios } from './scenarios.mjs';
import { describeSeed, ensureSeeded } from './seed.mjs';

/** The project the dashboard's issue pages show (its PROJECT_ID), which the seed fills. */
const PROJECT_ID = 1;
/** The store's largest page, used to walk to the deep cursor quickly. */
const WALK_PAGE = 500;
const log = (line) => console.log(`# ${line}`);

const seeded = await ensureSeeded(log);
for (const line of describeSeed(seeded)) console.log(line);
const { dataDir, meta } = seeded;

const child = fork(new URL('./collector-process.mjs', import.meta.url), [
  JSON.stringify({ dataDir, adminToken: ADMIN_TOKEN }),
]);
const [{ url }] = await once(child, 'message');
try {
  const login = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: ADMIN_TOKEN }),
  });
  const session = /faultline_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  if (!login.ok || !session) throw new Error(`login answered ${login.status}`);
  const get = httpClient(url, { cookie: `faultline_session=${session}`, accept: 'application/json' });

  // The SQL floor: the same store code, in this process, on the same file (reads only).
  const store = createSqliteStore({ dataDir });
  let deepCursor;
  for (let skipped = 0; skipped < DEEP_OFFSET; skipped += WALK_PAGE) {
    const page = await store.listIssues({
      projectId: PROJECT_ID,
      status: 'unresolved',
      sort: 'lastSeen',
      limit: WALK_PAGE,
      cursor: deepCursor,
    });
    deepCursor = page.nextCursor ?? undefined;
  }
  const list = scenarios(meta, deepCursor).map((s) => ({
    ...s,
    storeQuery: issueQuery(PROJECT_ID, s.query),
    api: [],
    store: [],
  }));

  // The exact SQL of each query and its plan; the API must answer what the store answers.
  for (const s of list) {
    const { sql, params, result } = await captureIssueQuery(() => store.listIssues(s.storeQuery));
    s.sql = inline(sql, params);
    s.plan = explain(join(dataDir, SQLITE_FILE_NAME), sql, params);
    const res = await get(`/api/v1/projects/${PROJECT_ID}/issues?${s.query}`);
    if (res.status !== 200) throw new Error(`${s.name}: ${res.status} ${res.body}`);
    const body = JSON.parse(res.body.toString('utf8'));
    s.rows = body.items.length;
    s.bytes = res.body.length;
    const ids = (items) => items.map((i) => i.id).join(',');
    if (ids(body.items) !== ids(result.items)) throw new Error(`${s.name}: the API and the store disagree`);
    if (body.items.some((i) => i.stats?.['24h']?.length !== 24))
      throw new Error(`${s.name}: an issue came without its 24 hourly counts`);
  }

  log(
    `timing ${list.length} queries × ${REQUESTS} requests (after ${WARMUP_REQUESTS} untimed), interleaved; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  const health = [];
  const before = cpuSample();
  for (let round = -WARMUP_REQUESTS; round < REQUESTS; round++) {
    const h = await get('/health');
    if (round >= 0) health.push(h.ms);
    for (const s of list) {
      if (round < STORE_CALLS) {
        const t0 = performance.now();
        await store.listIssues(s.storeQuery);
        if (round >= 0) s.store.push(performance.now() - t0);
      }
      const res = await get(`/api/v1/projects/${PROJECT_ID}/issues?${s.query}`);
      if (res.status !== 200) throw new Error(`${s.name}: ${res.status}`);
      if (round >= 0) s.api.push(res.ms);
    }
    if (round > 0 && round % 100 === 0) log(`  round ${round} of ${REQUESTS}`);
  }
  const after = cpuSample();
  await store.close();
  get.close();
  const apiNoise = othersCores(before, after);
  const results = list.map((s) => ({ ...s, api: summary(s.api), store: summary(s.store) }));

  log(`page loads: ${COLD_LOADS} cold × (1 + ${WARM_LOADS} warm)`);
  const beforePages = cpuSample();
  const loads = await pageLoads({ url, session, cold: COLD_LOADS, warm: WARM_LOADS, log });
  const pageNoise = othersCores(beforePages, cpuSample());

  console.log(
    `\n## Issue list API (${REQUESTS} requests per query, one keep-alive connection, session cookie)\n`,
  );
  console.log(apiTable(results, summary(health)));
  console.log(
    `\n## Issues page (${COLD_LOADS} cold, ${COLD_LOADS * WARM_LOADS} warm loads; ms from navigation start)\n`,
  );
  console.log(pageTable(loads));
  console.log('\n## Query plans (EXPLAIN QUERY PLAN of the exact SQL)\n');
  for (const r of results) {
    const slow = r.api.p95 >= TARGET_API_P95_MS;
    console.log(`${slow ? '✗' : '-'} ${r.name}${slow ? `\n    ${r.sql}` : ''}`);
    for (const line of r.plan) console.log(`    ${line}`);
  }
  console.log(
    `\nmachine: ${cpus().length} CPUs, other processes kept ${apiNoise.toFixed(2)} cores busy during the API timing, ` +
      `${pageNoise.toFixed(2)} during the page loads; load average now ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
  );
  console.log(`\n${verdict(results, loads)}`);
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
}
