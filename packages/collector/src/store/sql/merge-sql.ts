/**
 * Merging issues and moving a fingerprint back out (issue 19 §3). A merge is one transaction
 * over the issues' own rows (counts, tags, users, hourly counts, regressions, sampled
 * occurrences, alert state, silences, the fingerprint map) and leaves the others as `merged`
 * tombstones; their events are repointed afterwards in slices of MERGE_EVENT_SLICE_ROWS, each
 * its own transaction, so millions of events never hold the writer or an issue row for long.
 * Counts are right from the first commit; only an event page may still show a tombstone's
 * events under it until the slices are done (the call waits for them).
 */

import { HOUR_MS } from '@faultline/core';
import { MERGE_EVENT_SLICE_ROWS } from '../../limits.js';
import type { IssueId, ProjectId } from '../ids.js';
import type { MergeOutcome, UnmergeOutcome } from '../merge-records.js';
import type { IssueRecord } from '../records.js';
import type { AlertStateMemo } from './alert-state-memo.js';
import type { SqlContext, SqlExecutor } from './executor.js';
import { addActivity, moveTimeline } from './issue-activity-sql.js';
import { ISSUE_COLUMNS, type Row, toIssue } from './rows.js';
import type { SilencesCache } from './silences-cache.js';

const subject = (id: number) => `issue:${id}`;
const earlier = (a: string, b: string) => `CASE WHEN ${a} < ${b} THEN ${a} ELSE ${b} END`;
const later = (a: string, b: string) => `CASE WHEN ${a} > ${b} THEN ${a} ELSE ${b} END`;

/** Target: the issue with the most events; on a tie the oldest (lowest id). */
function pickTarget(issues: readonly IssueRecord[]): IssueRecord {
  return issues.reduce((best, i) =>
    i.count > best.count || (i.count === best.count && i.id < best.id) ? i : best,
  );
}

/** Moves every row keyed by the sources' ids to the target, summing where both have one. */
async function foldRows(exec: SqlExecutor, projectId: ProjectId, target: number, sources: number[]) {
  const d = exec.dialect;
  const ids = d.listParam(sources);
  await exec.run(
    `INSERT INTO issue_tags AS t (issue_id, key, value, times_seen, first_seen, last_seen)
     SELECT CAST(? AS INTEGER), key, value, sum(times_seen), min(first_seen), max(last_seen) FROM issue_tags
     WHERE ${d.anyOf('issue_id')} GROUP BY key, value
     ON CONFLICT (issue_id, key, value) DO UPDATE SET times_seen = t.times_seen + excluded.times_seen,
       first_seen = ${earlier('excluded.first_seen', 't.first_seen')}, last_seen = ${later('excluded.last_seen', 't.last_seen')}`,
    [target, ids],
  );
  await exec.run(`DELETE FROM issue_tags WHERE ${d.anyOf('issue_id')}`, [ids]);
  await exec.run(
    `INSERT INTO issue_users (issue_id, user_key) SELECT DISTINCT CAST(? AS INTEGER), user_key FROM issue_users
     WHERE ${d.anyOf('issue_id')} ON CONFLICT DO NOTHING`,
    [target, ids],
  );
  await exec.run(`DELETE FROM issue_users WHERE ${d.anyOf('issue_id')}`, [ids]);
  await exec.run(
    `INSERT INTO issue_hourly_counts AS h (issue_id, hour, count)
     SELECT CAST(? AS INTEGER), hour, sum(count) FROM issue_hourly_counts WHERE ${d.anyOf('issue_id')} GROUP BY hour
     ON CONFLICT (issue_id, hour) DO UPDATE SET count = h.count + excluded.count`,
    [target, ids],
  );
  await exec.run(`DELETE FROM issue_hourly_counts WHERE ${d.anyOf('issue_id')}`, [ids]);
  await exec.run(
    `INSERT INTO issue_regressions (project_id, issue_id, release, at)
     SELECT project_id, CAST(? AS INTEGER), release, at FROM issue_regressions WHERE project_id = ? AND ${d.anyOf('issue_id')}
     ON CONFLICT DO NOTHING`,
    [target, projectId, ids],
  );
  await exec.run(`DELETE FROM issue_regressions WHERE project_id = ? AND ${d.anyOf('issue_id')}`, [
    projectId,
    ids,
  ]);
  await exec.run(
    `UPDATE sampled_occurrences SET issue_id = ? WHERE project_id = ? AND ${d.anyOf('issue_id')}`,
    [target, projectId, ids],
  );
  await exec.run(`UPDATE alert_silences SET issue_id = ? WHERE project_id = ? AND ${d.anyOf('issue_id')}`, [
    target,
    projectId,
    ids,
  ]);
  // Alert state is the union: per rule, the latest notification of any of them throttles the target.
  const subjects = d.listParam(sources.map(subject));
  await exec.run(
    `INSERT INTO alert_throttle AS s (rule_id, subject, last_notified_at, last_reason, last_at)
     SELECT rule_id, CAST(? AS TEXT), max(last_notified_at), max(last_reason), max(last_at) FROM alert_throttle
     WHERE ${d.anyOf('subject')} GROUP BY rule_id
     ON CONFLICT (rule_id, subject) DO UPDATE SET
       last_notified_at = CASE WHEN s.last_notified_at IS NULL THEN excluded.last_notified_at
         WHEN excluded.last_notified_at IS NULL THEN s.last_notified_at
         ELSE ${later('excluded.last_notified_at', 's.last_notified_at')} END,
       last_at = ${later('excluded.last_at', 's.last_at')}`,
    [subject(target), subjects],
  );
  await exec.run(`DELETE FROM alert_throttle WHERE ${d.anyOf('subject')}`, [subjects]);
}

/** Points the sources' fingerprints (and those merged into them before) at the target. */
async function mapFingerprints(
  exec: SqlExecutor,
  projectId: ProjectId,
  target: number,
  sources: readonly IssueRecord[],
  now: number,
) {
  const d = exec.dialect;
  const ids = d.listParam(sources.map((s) => s.id));
  await exec.run(
    `UPDATE issue_fingerprints SET issue_id = ? WHERE project_id = ? AND ${d.anyOf('issue_id')}`,
    [target, projectId, ids],
  );
  await exec.run(`UPDATE issues SET merged_into = ? WHERE project_id = ? AND ${d.anyOf('merged_into')}`, [
    target,
    projectId,
    ids,
  ]);
  for (const s of sources)
    await exec.run(
      `INSERT INTO issue_fingerprints (project_id, fingerprint, issue_id, merged_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (project_id, fingerprint) DO UPDATE SET issue_id = excluded.issue_id, merged_at = excluded.merged_at`,
      [projectId, s.fingerprint, target, now],
    );
}

/** Repoints events from `from` to `to` (those of `fingerprint` only, when given) in slices,
 * each its own transaction; an event stored before version 20 keeps `fallback` as its
 * fingerprint. Resolves to the events moved. */
async function moveEvents(
  ctx: SqlContext,
  projectId: ProjectId,
  move: { from: number; to: number; fingerprint?: string; fallback?: string },
): Promise<number> {
  const only = move.fingerprint === undefined ? '' : ' AND fingerprint = ?';
  const sql =
    'UPDATE events SET issue_id = ?, fingerprint = COALESCE(fingerprint, ?) WHERE project_id = ? AND id IN ' +
    `(SELECT id FROM events WHERE project_id = ? AND issue_id = ?${only} LIMIT ?)`;
  const params = [
    move.to,
    move.fallback ?? null,
    projectId,
    projectId,
    move.from,
    ...(move.fingerprint === undefined ? [] : [move.fingerprint]),
    MERGE_EVENT_SLICE_ROWS,
  ];
  let total = 0;
  for (;;) {
    const n = await ctx.transaction((exec) => exec.run(sql, params), { background: true });
    total += n;
    if (n < MERGE_EVENT_SLICE_ROWS) return total;
  }
}

/** Counts of a revived issue from its events; the issue it left loses the moved events. */
async function recount(
  exec: SqlExecutor,
  projectId: ProjectId,
  revived: number,
  left: number,
  since: number,
) {
  const own = 'FROM events WHERE project_id = ? AND issue_id = ?';
  await exec.run(
    `UPDATE issue_hourly_counts SET count = count - (SELECT count(*) ${own} AND received_at < ?
       AND timestamp >= issue_hourly_counts.hour AND timestamp < issue_hourly_counts.hour + ${HOUR_MS})
     WHERE issue_id = ?`,
    [projectId, revived, since, left],
  );
  await exec.run('DELETE FROM issue_hourly_counts WHERE issue_id = ? AND count <= 0', [left]);
  await exec.run('DELETE FROM issue_hourly_counts WHERE issue_id = ?', [revived]);
  await exec.run(
    `INSERT INTO issue_hourly_counts (issue_id, hour, count)
     SELECT CAST(? AS INTEGER), timestamp - timestamp % ${HOUR_MS}, count(*) ${own} GROUP BY timestamp - timestamp % ${HOUR_MS}`,
    [revived, projectId, revived],
  );
  await exec.run(
    `INSERT INTO issue_users (issue_id, user_key) SELECT DISTINCT CAST(? AS INTEGER), user_key ${own} AND user_key IS NOT NULL
     ON CONFLICT DO NOTHING`,
    [revived, projectId, revived],
  );
  for (const column of ['release', 'environment'])
    await exec.run(
      `INSERT INTO issue_tags AS t (issue_id, key, value, times_seen, first_seen, last_seen)
       SELECT CAST(? AS INTEGER), CAST(? AS TEXT), ${column}, count(*), min(timestamp), max(timestamp) ${own} AND ${column} IS NOT NULL GROUP BY ${column}
       ON CONFLICT (issue_id, key, value) DO UPDATE SET times_seen = excluded.times_seen,
         first_seen = excluded.first_seen, last_seen = excluded.last_seen`,
      [revived, column, projectId, revived],
    );
  const moved = await exec.get<Row>(`SELECT count(*) AS n ${own} AND received_at < ?`, [
    projectId,
    revived,
    since,
  ]);
  await exec.run(
    `UPDATE issues SET times_seen = (SELECT count(*) ${own}),
       first_seen = COALESCE((SELECT min(timestamp) ${own}), first_seen),
       last_seen = COALESCE((SELECT max(timestamp) ${own}), last_seen),
       users_count = (SELECT count(*) FROM issue_users WHERE issue_id = ?) WHERE id = ?`,
    [projectId, revived, projectId, revived, projectId, revived, revived, revived],
  );
  await exec.run(
    'UPDATE issues SET times_seen = CASE WHEN times_seen > ? THEN times_seen - ? ELSE 0 END WHERE id = ?',
    [Number(moved?.n ?? 0), Number(moved?.n ?? 0), left],
  );
}

/**
 * The merge and unmerge operations of a SQL store; both forget the alert state memo and the
 * silences cache, whose rows they rewrite.
 * @example const { mergeIssues } = mergeSql(ctx, memo, silences); await mergeIssues(1, [7, 9], Date.now())
 */
export function mergeSql(ctx: SqlContext, memo: AlertStateMemo, silences: SilencesCache) {
  return {
    async mergeIssues(
      projectId: ProjectId,
      issueIds: readonly IssueId[],
      now: number,
      actor: string | null = null,
    ): Promise<MergeOutcome> {
      const outcome = await ctx.transaction(async (exec): Promise<MergeOutcome> => {
        const d = exec.dialect;
        const rows = await exec.all<Row>(
          `SELECT * FROM issues WHERE ${d.anyOf('id')} ORDER BY id${d.forUpdate}`,
          [d.listParam([...issueIds])],
        );
        const issues = rows.map(toIssue);
        const unknown = issueIds.filter((id) => !issues.some((i) => i.id === id));
        if (unknown.length > 0) return { kind: 'unknown', ids: unknown };
        const other = issues.filter((i) => i.projectId !== projectId).map((i) => i.id);
        if (other.length > 0) return { kind: 'other-project', ids: other };
        const dead = issues.filter((i) => i.mergedInto !== null).map((i) => i.id);
        if (dead.length > 0) return { kind: 'tombstone', ids: dead };
        const target = pickTarget(issues);
        const sources = issues.filter((i) => i.id !== target.id);
        const ids = sources.map((s) => s.id as number);
        await foldRows(exec, projectId, target.id, ids);
        // The target shows the merged issues' history and comments, and the merge itself.
        await moveTimeline(exec, projectId, target.id, ids);
        await addActivity(exec, [
          { projectId, issueId: target.id, kind: 'merged', actor, data: { issueIds: ids }, at: now },
        ]);
        await mapFingerprints(exec, projectId, target.id, sources, now);
        const sum = (f: (i: IssueRecord) => number) => issues.reduce((n, i) => n + f(i), 0);
        await exec.run(
          `UPDATE issues SET times_seen = ?, first_seen = ?, last_seen = ?, regressed = ?,
             users_count = (SELECT count(*) FROM issue_users WHERE issue_id = ?) WHERE id = ?`,
          [
            sum((i) => i.count),
            Math.min(...issues.map((i) => i.firstSeen)),
            Math.max(...issues.map((i) => i.lastSeen)),
            target.regressed,
            target.id,
            target.id,
          ],
        );
        await exec.run(
          `UPDATE issues SET status = 'merged', merged_into = ?, times_seen = 0, users_count = 0, regressed = ?
           WHERE ${d.anyOf('id')}`,
          [target.id, false, d.listParam(ids)],
        );
        const merged = await exec.get<Row>(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE id = ?`, [target.id]);
        return { kind: 'merged', target: toIssue(merged as Row), merged: sources.map((s) => s.id) };
      });
      if (outcome.kind !== 'merged') return outcome;
      memo.forget();
      silences.invalidate();
      for (const s of await ctx.read.all<Row>(
        'SELECT id, fingerprint FROM issues WHERE project_id = ? AND merged_into = ?',
        [projectId, outcome.target.id],
      ))
        await moveEvents(ctx, projectId, {
          from: Number(s.id),
          to: outcome.target.id,
          fallback: String(s.fingerprint),
        });
      return outcome;
    },

    async unmergeFingerprint(
      issueId: IssueId,
      fingerprint: string,
      now: number,
      actor: string | null = null,
    ): Promise<UnmergeOutcome> {
      const step = await ctx.transaction(async (exec) => {
        const d = exec.dialect;
        const row = await exec.get<Row>(`SELECT * FROM issues WHERE id = ?${d.forUpdate}`, [issueId]);
        if (row === undefined || row.merged_into !== null) return { kind: 'no-issue' as const };
        const issue = toIssue(row);
        if (issue.fingerprint === fingerprint) return { kind: 'own' as const };
        const removed = await exec.run(
          'DELETE FROM issue_fingerprints WHERE project_id = ? AND fingerprint = ? AND issue_id = ?',
          [issue.projectId, fingerprint, issue.id],
        );
        if (removed === 0) return { kind: 'not-merged' as const };
        // Every mapped fingerprint is a merged issue's own: its tombstone comes back to life.
        await exec.run(
          `UPDATE issues SET status = 'unresolved', merged_into = NULL, times_seen = 0, users_count = 0, regressed = ?
           WHERE project_id = ? AND fingerprint = ?`,
          [false, issue.projectId, fingerprint],
        );
        const revived = await exec.get<Row>('SELECT * FROM issues WHERE project_id = ? AND fingerprint = ?', [
          issue.projectId,
          fingerprint,
        ]);
        const back = toIssue(revived as Row);
        const data = { fingerprint, issueId: back.id, from: issue.id };
        await addActivity(exec, [
          { projectId: issue.projectId, issueId: issue.id, kind: 'unmerged', actor, data, at: now },
          { projectId: issue.projectId, issueId: back.id, kind: 'unmerged', actor, data, at: now },
        ]);
        return { kind: 'revived' as const, from: issue, revived: back };
      });
      if (step.kind !== 'revived') return step;
      const projectId = step.from.projectId;
      const movedEvents = await moveEvents(ctx, projectId, {
        from: step.from.id,
        to: step.revived.id,
        fingerprint,
      });
      const issue = await ctx.transaction(async (exec) => {
        const d = exec.dialect;
        await exec.all(`SELECT id FROM issues WHERE ${d.anyOf('id')} ORDER BY id${d.forUpdate}`, [
          d.listParam([step.from.id, step.revived.id]),
        ]);
        await recount(exec, projectId, step.revived.id, step.from.id, now);
        return toIssue(
          (await exec.get<Row>(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE id = ?`, [step.revived.id])) as Row,
        );
      });
      memo.forget();
      return { kind: 'unmerged', issue, movedEvents };
    },
  };
}
