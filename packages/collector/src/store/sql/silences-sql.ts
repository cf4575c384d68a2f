/** Silences (issue 14 §4): create, list, expire; every change invalidates the evaluator's cache. */

import { LimitExceededError } from '@faultline/core';
import type { Silence, SilenceInput } from '../../alerts/silences/silence-types.js';
import { MAX_ACTIVE_SILENCES_PER_PROJECT, MAX_SILENCES_LISTED } from '../../limits.js';
import type { SilenceQuery } from '../alert-records.js';
import type { IssueId, ProjectId } from '../ids.js';
import type { SqlContext, SqlExecutor } from './executor.js';
import type { Row } from './rows.js';
import { toSilence } from './silence-rows.js';
import type { SilencesCache } from './silences-cache.js';

/** Not over at `?`: neither ended early nor past its end. */
const OPEN = 'ended_at IS NULL AND (ends_at IS NULL OR ends_at > ?)';

/**
 * Ends the until-resolved silences of an issue, inside the transaction that resolves it: the
 * issue's next event (a regression) is then notified.
 * @example await endUntilResolvedSilences(exec, issueId, now)
 */
export function endUntilResolvedSilences(exec: SqlExecutor, issueId: IssueId, now: number): Promise<number> {
  return exec.run(
    'UPDATE alert_silences SET ended_at = ? WHERE issue_id = ? AND until_resolved = ? AND ended_at IS NULL',
    [now, issueId, true],
  );
}

/**
 * The silence operations of a SQL store.
 * @example const store = { ...silencesSql(ctx, new SilencesCache()) }
 */
export function silencesSql(ctx: SqlContext, cache: SilencesCache) {
  const changed = <T>(result: T): T => {
    cache.invalidate();
    return result;
  };
  return {
    async createSilence(
      projectId: ProjectId,
      silence: SilenceInput,
      createdBy: string | null,
      now = Date.now(),
    ): Promise<Silence | undefined> {
      const row = await ctx.transaction(async (exec) => {
        // Locking the project row keeps two concurrent creates from both passing the count.
        const project = await exec.get<Row>(`SELECT id FROM projects WHERE id = ?${exec.dialect.forUpdate}`, [
          projectId,
        ]);
        if (project === undefined) return undefined;
        const counted = await exec.get<Row>(
          `SELECT count(*) AS n FROM alert_silences WHERE project_id = ? AND ${OPEN}`,
          [projectId, now],
        );
        const count = Number(counted?.n ?? 0);
        if (count >= MAX_ACTIVE_SILENCES_PER_PROJECT)
          throw new LimitExceededError(
            'MAX_ACTIVE_SILENCES_PER_PROJECT',
            MAX_ACTIVE_SILENCES_PER_PROJECT,
            count + 1,
            'active silences of a project',
          );
        const m = silence.matchers;
        return exec.get<Row>(
          'INSERT INTO alert_silences (project_id, rule_id, issue_id, route, release, environment, starts_at, ' +
            'ends_at, until_resolved, comment, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
          [
            projectId,
            m.ruleId ?? null,
            m.issueId ?? null,
            m.route ?? null,
            m.release ?? null,
            m.environment ?? null,
            now,
            silence.endsAt,
            silence.untilResolved,
            silence.comment,
            createdBy,
          ],
        );
      });
      return changed(row === undefined ? undefined : toSilence(row));
    },
    async listSilences(q: SilenceQuery): Promise<Silence[]> {
      const open = q.all ? '' : ` AND ${OPEN}`;
      const rows = await ctx.read.all<Row>(
        `SELECT * FROM alert_silences WHERE project_id = ?${open} ORDER BY id DESC LIMIT ?`,
        [q.projectId, ...(q.all ? [] : [q.now ?? Date.now()]), Math.min(q.limit, MAX_SILENCES_LISTED)],
      );
      return rows.map(toSilence);
    },
    async getSilence(id: number): Promise<Silence | undefined> {
      if (!Number.isSafeInteger(id)) return undefined;
      const row = await ctx.read.get<Row>('SELECT * FROM alert_silences WHERE id = ?', [id]);
      return row === undefined ? undefined : toSilence(row);
    },
    async expireSilence(id: number, now = Date.now()): Promise<Silence | undefined> {
      if (!Number.isSafeInteger(id)) return undefined;
      const row = await ctx.transaction(async (exec) => {
        await exec.run(`UPDATE alert_silences SET ended_at = ? WHERE id = ? AND ${OPEN}`, [now, id, now]);
        return exec.get<Row>('SELECT * FROM alert_silences WHERE id = ?', [id]);
      });
      return changed(row === undefined ? undefined : toSilence(row));
    },
  };
}
