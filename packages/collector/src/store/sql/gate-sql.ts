/**
 * The canary gate's reads: the two releases' per-minute counts per route template (the
 * route_counts_release index serves both), and when a release first served a request.
 */

import type { ProjectId } from '../ids.js';
import type { GateCountsQuery } from '../queries.js';
import type { GateCountRecord } from '../records.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

/** The gate reads of a SQL store. */
export function gateSql(ctx: SqlContext) {
  return {
    async gateCounts(q: GateCountsQuery): Promise<GateCountRecord[]> {
      const params: unknown[] = [q.projectId, q.canary, q.baseline, q.from, q.to];
      let environment = '';
      if (q.environment !== undefined) {
        environment = ' AND environment = ?';
        params.push(q.environment);
      }
      params.push(q.limit);
      const rows = await ctx.read.all<Row>(
        'SELECT minute, method, route, release, SUM(requests) AS requests, SUM(errors_5xx) AS e5 ' +
          `FROM route_counts WHERE project_id = ? AND release IN (?, ?) AND minute >= ? AND minute < ?${environment} ` +
          'GROUP BY minute, method, route, release ORDER BY minute LIMIT ?',
        params,
      );
      return rows.map((r) => ({
        minute: Number(r.minute),
        route: r.route === '' ? String(r.method) : `${String(r.method)} ${String(r.route)}`,
        release: String(r.release),
        requests: Number(r.requests ?? 0),
        errors5xx: Number(r.e5 ?? 0),
      }));
    },

    async firstRequestAt(
      projectId: ProjectId,
      release: string,
      environment?: string,
    ): Promise<number | undefined> {
      const params: unknown[] = [projectId, release];
      if (environment !== undefined) params.push(environment);
      const row = await ctx.read.get<Row>(
        `SELECT MIN(minute) AS first FROM route_counts WHERE project_id = ? AND release = ?${environment === undefined ? '' : ' AND environment = ?'}`,
        params,
      );
      return row?.first === null || row?.first === undefined ? undefined : Number(row.first);
    },
  };
}
