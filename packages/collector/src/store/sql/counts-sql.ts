/** Releases and per-minute counts: the raw material of release health and rate views. */

import { MINUTE_MS } from '@faultline/core';
import type { ProjectId } from '../ids.js';
import type { CountsQuery } from '../queries.js';
import type {
  DiscardCountRecord,
  DiscardTotalRecord,
  ReleaseRecord,
  SessionCountRecord,
} from '../records.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

const toSessionCount = (r: Row): SessionCountRecord => ({
  projectId: Number(r.project_id) as ProjectId,
  release: String(r.release),
  environment: String(r.environment),
  minute: Number(r.minute),
  started: Number(r.started),
  exited: Number(r.exited),
  errored: Number(r.errored),
  crashed: Number(r.crashed),
  abnormal: Number(r.abnormal),
});

const toDiscardCount = (r: Row): DiscardCountRecord => ({
  projectId: Number(r.project_id) as ProjectId,
  minute: Number(r.minute),
  source: String(r.source) === 'collector' ? 'collector' : 'client',
  reason: String(r.reason),
  category: String(r.category),
  quantity: Number(r.quantity),
});

/** The release and count reads of a SQL store. */
export function countsSql(ctx: SqlContext) {
  return {
    async listReleases(projectId: ProjectId): Promise<ReleaseRecord[]> {
      const rows = await ctx.read.all<Row>(
        'SELECT * FROM releases WHERE project_id = ? ORDER BY first_seen DESC, version',
        [projectId],
      );
      return rows.map((r) => ({
        projectId: Number(r.project_id) as ProjectId,
        version: String(r.version),
        firstSeen: Number(r.first_seen),
        lastSeen: Number(r.last_seen),
        eventCount: Number(r.event_count),
      }));
    },
    async sessionCounts(q: CountsQuery) {
      const release = q.release === undefined ? '' : ' AND release = ?';
      const rows = await ctx.read.all<Row>(
        `SELECT * FROM session_counts WHERE project_id = ? AND minute >= ? AND minute < ?${release} ` +
          'ORDER BY minute, release, environment',
        q.release === undefined ? [q.projectId, q.from, q.to] : [q.projectId, q.from, q.to, q.release],
      );
      return rows.map(toSessionCount);
    },
    async discardCounts(q: Omit<CountsQuery, 'release'>) {
      const rows = await ctx.read.all<Row>(
        'SELECT * FROM discard_counts WHERE project_id = ? AND minute >= ? AND minute < ? ' +
          'ORDER BY minute, source, reason, category',
        [q.projectId, q.from, q.to],
      );
      return rows.map(toDiscardCount);
    },
    async discardTotals(q: Omit<CountsQuery, 'release'>): Promise<DiscardTotalRecord[]> {
      const rows = await ctx.read.all<Row>(
        'SELECT source, reason, category, SUM(quantity) AS quantity FROM discard_counts ' +
          'WHERE project_id = ? AND minute >= ? AND minute < ? ' +
          'GROUP BY source, reason, category ORDER BY quantity DESC, source, reason, category',
        [q.projectId, q.from, q.to],
      );
      return rows.map((r) => {
        const { minute: _m, projectId: _p, ...total } = toDiscardCount({ ...r, minute: 0, project_id: 0 });
        return total;
      });
    },
    async errorCounts(q: CountsQuery) {
      const release = q.release === undefined ? '' : ' AND e.release = ?';
      const rows = await ctx.read.all<Row>(
        `SELECT e.release AS release, (e.timestamp / ${MINUTE_MS}) * ${MINUTE_MS} AS minute, COUNT(*) AS n ` +
          `FROM events e WHERE e.project_id = ? AND e.timestamp >= ? AND e.timestamp < ?${release} ` +
          `GROUP BY e.release, (e.timestamp / ${MINUTE_MS}) ORDER BY minute, release`,
        q.release === undefined ? [q.projectId, q.from, q.to] : [q.projectId, q.from, q.to, q.release],
      );
      return rows.map((r) => ({
        release: r.release === null ? null : String(r.release),
        minute: Number(r.minute),
        count: Number(r.n),
      }));
    },
  };
}
