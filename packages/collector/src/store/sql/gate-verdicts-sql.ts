/** The canary gate's stored verdicts: one row per verdict asked for, listed per release. */

import type { GateVerdictsQuery } from '../queries.js';
import type { GateVerdictRecord } from '../records.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

function toVerdict(r: Row): GateVerdictRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id) as GateVerdictRecord['projectId'],
    at: Number(r.at),
    canary: String(r.canary),
    baseline: String(r.baseline),
    environment: r.environment === null || r.environment === undefined ? null : String(r.environment),
    verdict: String(r.verdict) as GateVerdictRecord['verdict'],
    reason: String(r.reason),
    answer: JSON.parse(String(r.answer)),
  };
}

/** The verdict operations of a SQL store. */
export function gateVerdictsSql(ctx: SqlContext) {
  return {
    async recordGateVerdict(v: Omit<GateVerdictRecord, 'id'>): Promise<number> {
      const row = await ctx.transaction((exec) =>
        exec.get<Row>(
          'INSERT INTO gate_verdicts (project_id, at, canary, baseline, environment, verdict, reason, answer) ' +
            'VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
          [
            v.projectId,
            v.at,
            v.canary,
            v.baseline,
            v.environment,
            v.verdict,
            v.reason,
            JSON.stringify(v.answer),
          ],
        ),
      );
      return Number(row?.id);
    },

    async listGateVerdicts(q: GateVerdictsQuery): Promise<GateVerdictRecord[]> {
      // Two index ranges (canary, baseline) rather than one OR over both columns.
      const rows =
        q.release === undefined
          ? await ctx.read.all<Row>(
              'SELECT * FROM gate_verdicts WHERE project_id = ? ORDER BY at DESC, id DESC LIMIT ?',
              [q.projectId, q.limit],
            )
          : await ctx.read.all<Row>(
              'SELECT * FROM (SELECT * FROM gate_verdicts WHERE project_id = ? AND canary = ? ' +
                'UNION SELECT * FROM gate_verdicts WHERE project_id = ? AND baseline = ?) v ORDER BY at DESC, id DESC LIMIT ?',
              [q.projectId, q.release, q.projectId, q.release, q.limit],
            );
      return rows.map(toVerdict);
    },
  };
}
