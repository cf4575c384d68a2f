/**
 * Reads over per-route request counts: series per route or per release, summed into time
 * buckets by the database, and release health (requests and 5xx from the counts, new issues
 * from the release facet of each issue's first event, regressions from issue_regressions,
 * sessions and how they ended from session_counts).
 */

import { MINUTE_MS } from '@faultline/core';
import { compositeKey } from '../../composite-key.js';
import type { ProjectId } from '../ids.js';
import type { RatesQuery } from '../queries.js';
import type { RatePointRecord, ReleaseHealthRecord } from '../records.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

/** `minute` rounded down to a bucket of `bucketMs` (a whole number of minutes), as SQL text. */
export function bucketExpression(bucketMs: number): string {
  // Inlined, not a parameter: PostgreSQL only matches a GROUP BY expression to the select
  // list when both are the same text, and two parameters are two expressions.
  if (!Number.isInteger(bucketMs) || bucketMs < MINUTE_MS || bucketMs % MINUTE_MS !== 0)
    throw new RangeError(`bucketMs must be a positive whole number of minutes (got ${bucketMs})`);
  return `(minute / ${bucketMs}) * ${bucketMs}`;
}

function where(
  q: { projectId?: ProjectId; environment?: string; release?: string },
  params: unknown[],
): string {
  let sql = '';
  if (q.projectId !== undefined) {
    sql += ' AND project_id = ?';
    params.push(q.projectId);
  }
  if (q.environment !== undefined) {
    sql += ' AND environment = ?';
    params.push(q.environment);
  }
  if (q.release !== undefined) {
    sql += ' AND release = ?';
    params.push(q.release);
  }
  return sql;
}

const num = (v: unknown) => Number(v ?? 0);

/** The rate reads of a SQL store. */
export function ratesSql(ctx: SqlContext) {
  return {
    async routeRates(q: RatesQuery): Promise<RatePointRecord[]> {
      const bucket = bucketExpression(q.bucketMs);
      const params: unknown[] = [q.from, q.to];
      const filter = where(q, params);
      const keys = q.by === 'route' ? 'method, route' : 'release';
      const rows = await ctx.read.all<Row>(
        `SELECT ${keys}, ${bucket} AS bucket, SUM(requests) AS requests, SUM(errors_4xx) AS e4, ` +
          `SUM(errors_5xx) AS e5, SUM(shed) AS shed FROM route_counts WHERE minute >= ? AND minute < ?${filter} ` +
          `GROUP BY ${keys}, ${bucket} ORDER BY bucket, ${keys}`,
        params,
      );
      return rows.map((r) => ({
        key:
          q.by === 'route'
            ? r.route === ''
              ? String(r.method)
              : `${String(r.method)} ${String(r.route)}`
            : String(r.release),
        bucket: num(r.bucket),
        requests: num(r.requests),
        errors4xx: num(r.e4),
        errors5xx: num(r.e5),
        shed: num(r.shed),
      }));
    },

    async releaseHealth(projectId?: ProjectId, now = Date.now()): Promise<ReleaseHealthRecord[]> {
      const only = (column: string) => (projectId === undefined ? '' : ` AND ${column} = ?`);
      const p = projectId === undefined ? [] : [projectId];
      const [releases, counts, created, regressed, sessions] = await Promise.all([
        ctx.read.all<Row>(`SELECT * FROM releases WHERE 1 = 1${only('project_id')}`, p),
        ctx.read.all<Row>(
          'SELECT project_id, release, MIN(minute) AS first, MAX(minute) AS last, SUM(requests) AS requests, ' +
            `SUM(errors_5xx) AS e5 FROM route_counts WHERE release <> ''${only('project_id')} GROUP BY project_id, release`,
          p,
        ),
        ctx.read.all<Row>(
          'SELECT i.project_id, t.value AS release, COUNT(*) AS n FROM issue_tags t JOIN issues i ON i.id = t.issue_id ' +
            `WHERE t.key = 'release' AND t.first_seen = i.first_seen${only('i.project_id')} GROUP BY i.project_id, t.value`,
          p,
        ),
        ctx.read.all<Row>(
          'SELECT project_id, release, COUNT(DISTINCT issue_id) AS n FROM issue_regressions ' +
            `WHERE release <> ''${only('project_id')} GROUP BY project_id, release`,
          p,
        ),
        ctx.read.all<Row>(
          'SELECT project_id, release, MIN(minute) AS first, MAX(minute) AS last, SUM(started) AS started, ' +
            'SUM(crashed) AS crashed, SUM(errored) AS errored, SUM(abnormal) AS abnormal FROM session_counts ' +
            `WHERE release <> ''${only('project_id')} GROUP BY project_id, release`,
          p,
        ),
      ]);
      const byKey = new Map<string, ReleaseHealthRecord>();
      const entry = (r: Row, first: number, last: number) => {
        const key = compositeKey(num(r.project_id), String(r.release ?? r.version));
        let e = byKey.get(key);
        if (e === undefined) {
          e = {
            projectId: num(r.project_id) as ProjectId,
            version: String(r.release ?? r.version),
            firstSeen: first,
            lastSeen: last,
            eventCount: 0,
            requests: 0,
            errors5xx: 0,
            newIssues: 0,
            regressedIssues: 0,
            sessions: 0,
            crashedSessions: 0,
            erroredSessions: 0,
            abnormalSessions: 0,
          };
          byKey.set(key, e);
        }
        e.firstSeen = Math.min(e.firstSeen, first);
        e.lastSeen = Math.max(e.lastSeen, last);
        return e;
      };
      for (const r of releases) entry(r, num(r.first_seen), num(r.last_seen)).eventCount = num(r.event_count);
      // A count's time is the start of its minute: the end of the current minute is in the
      // future. The minute is the sender's clock, which may run ahead: never past `now`.
      for (const r of counts) {
        const e = entry(r, Math.min(num(r.first), now), Math.min(num(r.last), now));
        e.requests = num(r.requests);
        e.errors5xx = num(r.e5);
      }
      for (const r of sessions) {
        const e = entry(r, Math.min(num(r.first), now), Math.min(num(r.last), now));
        e.sessions = num(r.started);
        e.crashedSessions = num(r.crashed);
        e.erroredSessions = num(r.errored);
        e.abnormalSessions = num(r.abnormal);
      }
      for (const r of created) {
        const e = byKey.get(compositeKey(num(r.project_id), String(r.release)));
        if (e) e.newIssues = num(r.n);
      }
      for (const r of regressed) {
        const e = byKey.get(compositeKey(num(r.project_id), String(r.release)));
        if (e) e.regressedIssues = num(r.n);
      }
      return [...byKey.values()].sort(
        (a, b) => b.firstSeen - a.firstSeen || (a.version < b.version ? -1 : 1),
      );
    },
  };
}
