// Every bound and knob of `npm run bench:dashboard` in one place, read once from the
// environment. Issue 7 §3: 1,000,000 events in 50,000 issues in SQLite; the issue list API
// answers p95 < 50 ms; the issues page shows its first rows in < 1 s in headless chromium.

import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = process.env;
const int = (name, fallback) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return n;
};

/**
 * Bump when the seeded data changes shape (the generator in seed-world.mjs, the statuses, the
 * write path's batching): a cached folder of another version is never reused.
 */
export const SEED_VERSION = 1;
/** The PRNG seed of the world: same seed, same events, same fingerprints. */
export const WORLD_SEED = 0x5eed_0007;

/** The issue's figures: 1,000,000 events in 50,000 issues. */
export const EVENTS = int('EVENTS', 1_000_000);
export const ISSUES = int('ISSUES', 50_000);
/** Days of history the events span, ending when the seed ran. */
export const DAYS = int('DAYS', 30);
/** Releases deployed at even intervals over those days. */
export const RELEASES = 12;

/** Events per `store.write` (one transaction, as a large group commit would make). */
export const EVENTS_PER_WRITE = int('EVENTS_PER_WRITE', 2000);

/** The seeded folder is cached here, keyed by version and size; RESEED=1 rebuilds it. */
export const SEED_DIR =
  env.SEED_DIR ?? join(tmpdir(), `faultline-bench-dashboard-seed-v${SEED_VERSION}-${EVENTS}x${ISSUES}`);
export const RESEED = env.RESEED === '1';
/** Written last by the seed: a folder without it was interrupted and is rebuilt. */
export const SEED_META_FILE = 'seed-meta.json';

/** Timed requests per API scenario (the brief asks for at least 200). */
export const REQUESTS = int('REQUESTS', 300);
/** Untimed requests per scenario first (JIT, prepared statements, page cache). */
export const WARMUP_REQUESTS = int('WARMUP_REQUESTS', 20);
/** Timed in-process `store.listIssues` calls per scenario (the SQL anchor). */
export const STORE_CALLS = int('STORE_CALLS', 200);
/** Issues skipped before the "deep cursor" page (400 pages of 50 into the default list). */
export const DEEP_OFFSET = int('DEEP_OFFSET', 20_000);
/** Issues per page: the dashboard's ISSUES_PAGE_SIZE (and the API's default). */
export const PAGE_SIZE = 50;

/** Browser launches; each gives one cold load (fresh profile) and WARM_LOADS warm ones. */
export const COLD_LOADS = int('COLD_LOADS', 5);
export const WARM_LOADS = int('WARM_LOADS', 3);
/** Waiting longer than this for the first row is a failure, not a figure. */
export const PAGE_TIMEOUT_MS = 30_000;

/** The targets of issue 7 §3. */
export const TARGET_API_P95_MS = 50;
export const TARGET_FIRST_ROWS_MS = 1000;

/** The collector's admin token in the bench (the data folder is private to the bench). */
export const ADMIN_TOKEN = 'bench-dashboard-admin-token';
