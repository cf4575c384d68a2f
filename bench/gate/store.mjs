// The gate over a full store (issue 15 §2: "within 1 s at 1M stored rate rows"): a SQLite store
// seeded with ~1M per-minute route rows (50 routes × 2 releases × 7 days, plus the canary), then
// GET /api/v1/gate over HTTP, timed: the canary's last hour (what a rollout asks) and the worst
// case the endpoint allows, a week of both releases (every row). `/health` is the anchor: the
// same collector's cheapest answer, timed the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommit, createSqliteStore, startCollector } from '@faultline/collector';

const ROUTES = 50;
const DAYS = 7;
const MINUTE = 60_000;
/** Minutes per commit: one item per release, ROUTES rows per minute. */
const MINUTES_PER_COMMIT = 120;
const TIMED_RUNS = 7;
const TOKEN = 'bench-gate-token';

const routes = (errors) =>
  Array.from({ length: ROUTES }, (_, r) => ({
    method: 'GET',
    route: `/r${r}`,
    requests: 100,
    errors4xx: 0,
    errors5xx: errors(r),
    shed: 0,
    dependency5xx: 0,
    overload5xx: 0,
  }));

const batch = (projectId, items) => ({
  projectId,
  receivedAt: Date.now(),
  events: [],
  transactions: [],
  sessions: [],
  sessionAggregates: [],
  clientReports: [],
  routeRates: items,
  attachments: [],
  dropped: {},
});

async function timed(fn) {
  const ms = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], max: ms.at(-1) };
}

/**
 * @example const rows = await gateStoreBench(); // prints its lines, returns the figures
 */
export async function gateStoreBench() {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-gate-'));
  const store = createSqliteStore({ dataDir });
  try {
    await store.migrate();
    const { key } = await store.ensureDefaultProject();
    const commit = createCommit(store);
    const end = Math.floor(Date.now() / MINUTE) * MINUTE;
    const start = end - DAYS * 24 * 60 * MINUTE;
    const t0 = performance.now();
    let rows = 0;
    for (let from = start; from < end; from += MINUTES_PER_COMMIT * MINUTE) {
      const minutes = Array.from(
        { length: Math.min(MINUTES_PER_COMMIT, (end - from) / MINUTE) },
        (_, i) => from + i * MINUTE,
      );
      const item = (release, errors) => ({
        release,
        environment: 'production',
        buckets: minutes.map((m) => ({ minute: new Date(m).toISOString(), routes: routes(errors) })),
      });
      const items = [item('shop@1', () => 1), item('shop@2', (r) => (r === 7 ? 3 : 1))];
      rows += items.length * minutes.length * ROUTES;
      await commit([batch(key.projectId, items)]);
    }
    const seedS = (performance.now() - t0) / 1000;
    const collector = await startCollector({ store, adminToken: TOKEN, log: () => undefined });
    const get = async (path) => {
      const res = await fetch(`${collector.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const q = `/api/v1/gate?project=${key.projectId}&canary=shop@2&baseline=shop@1&environment=production`;
    const hour = await timed(() => get(`${q}&since=1h`));
    const week = await timed(() => get(q));
    const health = await timed(() => fetch(`${collector.url}/health`).then((r) => r.arrayBuffer()));
    const verdict = await get(q);
    await collector.close();
    return { rows, seedS, hour, week, health, verdict: verdict.verdict, reason: verdict.reason };
  } finally {
    await store.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await gateStoreBench();
  console.log(JSON.stringify(r, null, 2));
}
