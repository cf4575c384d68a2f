/**
 * The rate evaluation pass's transaction (store/alert-incidents.ts `RateAlertTx`) over any
 * SqlExecutor, and the lease that lets one process run it at a time.
 *
 * The lease is PostgreSQL's transaction-scoped advisory lock, tried, not waited for
 * (`pg_try_advisory_xact_lock`), keyed by the schema so collectors of other schemas in the same
 * database do not exclude each other. Road not taken: a session lock on a dedicated connection
 * (a leader that keeps the lease) needs a connection outside the pool, held and watched for as
 * long as the process runs, and a lease row needs an expiry to tune against the pass's length.
 * The transaction lock is held exactly as long as the pass's transaction and is released by its
 * commit, its rollback or the death of its connection; a collector that does not get it skips
 * its pass, and the one that runs next reads the incidents the last one committed, so two
 * collectors never open the same incident twice (and the unique index of open incidents would
 * refuse it). SQLite has one process, its single writer is the lease.
 */

import { MINUTE_MS } from '@faultline/core';
import { triggerWindows } from '../../alerts/rates/route-series.js';
import { RATE_ALERT_CLOCK_SKEW_MS } from '../../limits.js';
import type { AlertIncident, NewAlertIncident, RateAlertTx, RouteWindowCounts } from '../alert-incidents.js';
import type { ProjectId } from '../ids.js';
import { toAlertSubjectState } from './alert-rows.js';
import type { AlertRulesCache } from './alert-rules-cache.js';
import { AlertStateMemo } from './alert-state-memo.js';
import { createAlertWriteTx } from './alert-write-tx.js';
import type { SqlContext, SqlExecutor } from './executor.js';
import { insertRowsReturning, type MultiRowInsert } from './multi-row.js';
import type { Row } from './rows.js';
import type { SilencesCache } from './silences-cache.js';

/**
 * The advisory lock's first key: 'FLRA' (Faultline rate alerts); the second is the schema's hash.
 * @example exec.dialect.tryAdvisoryLock(RATE_LEASE_KEY)
 */
export const RATE_LEASE_KEY = 0x464c5241;

const RATE_TYPES = new Set(['route-5xx-rate', 'slo-burn']);

const OPEN_INCIDENTS: MultiRowInsert & { returning: string } = {
  head: 'INSERT INTO alert_incidents (rule_id, project_id, method, route, release, environment, state, opened_at) VALUES ',
  columns: 8,
  tail: '',
  returning: ' RETURNING *',
};

const incidentKey = (i: Omit<NewAlertIncident, 'openedAt' | 'projectId'>) =>
  JSON.stringify([i.ruleId, i.method, i.route, i.release, i.environment]);
const num = (v: unknown) => Number(v ?? 0);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * An `alert_incidents` row as a record.
 * @example const open = rows.map(toAlertIncident)
 */
export function toAlertIncident(r: Row): AlertIncident {
  return {
    id: Number(r.id),
    ruleId: Number(r.rule_id),
    projectId: Number(r.project_id) as ProjectId,
    method: String(r.method),
    route: String(r.route),
    release: String(r.release),
    environment: String(r.environment),
    state: r.state === 'resolved' ? 'resolved' : 'firing',
    openedAt: Number(r.opened_at),
    resolvedAt: numOrNull(r.resolved_at),
    belowSince: numOrNull(r.below_since),
  };
}

/** Requests and 5xx of each window in one scan of the longest: a sum per window of the rows at or
 * after its start. The starts are parameters: the statement's text (and its prepared statement)
 * depends only on how many windows there are. */
async function windowCounts(
  exec: SqlExecutor,
  projectId: ProjectId,
  windowsMinutes: readonly number[],
  now: number,
): Promise<RouteWindowCounts[]> {
  const windows = [...new Set(windowsMinutes.map((m) => Math.trunc(m)))].filter((m) => m > 0);
  if (windows.length === 0) return [];
  const sums = windows
    .map(
      (_, i) =>
        `SUM(CASE WHEN minute >= ? THEN requests ELSE 0 END) AS r${i}, ` +
        `SUM(CASE WHEN minute >= ? THEN errors_5xx ELSE 0 END) AS e${i}`,
    )
    .join(', ');
  const starts = windows.flatMap((m) => [now - m * MINUTE_MS, now - m * MINUTE_MS]);
  const rows = await exec.all<Row>(
    `SELECT method, route, release, environment, ${sums} FROM route_counts ` +
      'WHERE project_id = ? AND minute >= ? AND minute <= ? GROUP BY method, route, release, environment',
    [...starts, projectId, now - Math.max(...windows) * MINUTE_MS, now + RATE_ALERT_CLOCK_SKEW_MS],
  );
  return rows.map((r) => ({
    method: String(r.method),
    route: String(r.route),
    release: String(r.release),
    environment: String(r.environment),
    windows: new Map(windows.map((m, i) => [m, { requests: num(r[`r${i}`]), errors: num(r[`e${i}`]) }])),
  }));
}

/**
 * @example const tx = createRateAlertTx(exec, { rules, silences }); const rateRules = await tx.rateAlertRules()
 */
export function createRateAlertTx(
  exec: SqlExecutor,
  caches: { rules: AlertRulesCache; silences: SilencesCache },
  prefetched: ReadonlyMap<string, RouteWindowCounts[]> = new Map(),
): RateAlertTx {
  const { rules, silences } = caches;
  const d = exec.dialect;
  // The rate pass reads its states from the store every time (no memo: another collector may
  // have run the last pass), so what it writes is not remembered either.
  const alerts = createAlertWriteTx(exec, { rules, silences, memo: new AlertStateMemo(0), written: [] });
  return {
    rateAlertRules: async () => (await rules.all(exec)).filter((r) => RATE_TYPES.has(r.trigger.type)),
    silences: (projectIds) => alerts.silences(projectIds),
    routeWindowCounts: async (projectId, windowsMinutes, now) =>
      prefetched.get(countsKey(projectId, windowsMinutes, now)) ??
      windowCounts(exec, projectId, windowsMinutes, now),
    async rateSubjectStates(ruleIds) {
      if (ruleIds.length === 0) return [];
      const rows = await exec.all<Row>(`SELECT * FROM alert_throttle WHERE ${d.anyOf('rule_id')}`, [
        d.listParam(ruleIds),
      ]);
      return rows.map(toAlertSubjectState);
    },
    async firingAlertIncidents(ruleIds) {
      if (ruleIds.length === 0) return [];
      const rows = await exec.all<Row>(
        `SELECT * FROM alert_incidents WHERE state = 'firing' AND ${d.anyOf('rule_id')} ORDER BY id`,
        [d.listParam(ruleIds)],
      );
      return rows.map(toAlertIncident);
    },
    async openAlertIncidents(incidents) {
      const rows = await insertRowsReturning<Row>(
        exec,
        OPEN_INCIDENTS,
        incidents.map((i) => [
          i.ruleId,
          i.projectId,
          i.method,
          i.route,
          i.release,
          i.environment,
          'firing',
          i.openedAt,
        ]),
      );
      // RETURNING's order is not promised: the ids go back by what identifies an open incident.
      const ids = new Map(rows.map((r) => [incidentKey(toAlertIncident(r)), Number(r.id)]));
      return incidents.map((i) => ids.get(incidentKey(i)) as number);
    },
    async setIncidentBelowSince(rows) {
      await Promise.all(
        rows.map((r) =>
          exec.run('UPDATE alert_incidents SET below_since = ? WHERE id = ?', [r.belowSince, r.id]),
        ),
      );
    },
    async resolveAlertIncidents(ids, at) {
      if (ids.length === 0) return;
      await exec.run(
        `UPDATE alert_incidents SET state = 'resolved', resolved_at = ? WHERE ${d.anyOf('id')}`,
        [at, d.listParam(ids)],
      );
    },
    setAlertSubjectStates: (rows) => alerts.setAlertSubjectStates(rows),
    recordAlertEvaluations: (rows) => alerts.recordAlertEvaluations(rows),
    enqueueAlertNotifications: (rows) => alerts.enqueueAlertNotifications(rows),
  };
}

/** The key of one project's counts over a set of windows at one time. */
const countsKey = (projectId: ProjectId, windowsMinutes: readonly number[], now: number) =>
  JSON.stringify([projectId, [...new Set(windowsMinutes)].sort((a, b) => a - b), now]);

/** The counts every project with rate rules needs at `now`, read on `read` (committed data). */
async function prefetchCounts(read: SqlExecutor, rules: AlertRulesCache, now: number) {
  const windows = new Map<ProjectId, Set<number>>();
  for (const r of await rules.all(read)) {
    const set = windows.get(r.projectId) ?? new Set<number>();
    for (const m of triggerWindows(r.trigger)) set.add(m);
    windows.set(r.projectId, set);
  }
  const counted = await Promise.all(
    [...windows]
      .filter(([, set]) => set.size > 0)
      .map(
        async ([projectId, set]) =>
          [countsKey(projectId, [...set], now), await windowCounts(read, projectId, [...set], now)] as const,
      ),
  );
  return new Map(counted);
}

/**
 * Runs `fn` in one transaction if this process gets the rate lease; undefined when another holds it.
 * With `prefetchAt` and a single-process store (SQLite: no lease to take), the route counts of
 * that time are read before the transaction, on the reader: the longest read of a pass then
 * holds no writer, and ingest's commits do not wait for it. On PostgreSQL they are read inside,
 * by the lease's holder only.
 * @example const result = await withRateLease(ctx, { rules, silences }, (tx) => evaluateRateAlerts(tx, now), now)
 */
export async function withRateLease<T>(
  ctx: SqlContext,
  caches: { rules: AlertRulesCache; silences: SilencesCache },
  fn: (tx: RateAlertTx) => Promise<T>,
  prefetchAt?: number,
): Promise<{ value: T } | undefined> {
  const single = ctx.read.dialect.tryAdvisoryLock(RATE_LEASE_KEY) === null;
  const prefetched =
    single && prefetchAt !== undefined ? await prefetchCounts(ctx.read, caches.rules, prefetchAt) : new Map();
  return ctx.transaction(async (exec) => {
    const lock = exec.dialect.tryAdvisoryLock(RATE_LEASE_KEY);
    if (lock !== null) {
      const row = await exec.get<Row>(lock);
      if (row?.locked !== true && row?.locked !== 1) return undefined;
    }
    return { value: await fn(createRateAlertTx(exec, caches, prefetched)) };
  });
}
