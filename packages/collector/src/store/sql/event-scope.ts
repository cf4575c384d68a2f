/**
 * Where `events` keys lead with `project_id` (PostgreSQL's partitioned table), a read that knows
 * only an issue, an event id or a trace id still names the project, so the index's leading
 * column is bound: the issue's project, or each project in turn (a handful of probes per
 * partition, where an unbound leading column would scan). Elsewhere nothing is added.
 */

import type { Dialect } from './executor.js';

/**
 * A predicate (with its trailing AND) binding `project_id` to the project of issue `?`, and the
 * parameters it adds before the caller's.
 * @example const scope = issueProjectScope(d, issueId); `WHERE ${scope.sql}issue_id = ?`, [...scope.params, issueId]
 */
export function issueProjectScope(d: Dialect, issueId: number): { sql: string; params: unknown[] } {
  return d.partitionedEvents
    ? { sql: 'project_id = (SELECT project_id FROM issues WHERE id = ?) AND ', params: [issueId] }
    : { sql: '', params: [] };
}

/**
 * A predicate (with its trailing AND) binding `project_id` to every project, for a read across
 * projects; no parameters.
 * @example `WHERE ${anyProjectScope(d)}trace_id = ?`
 */
export function anyProjectScope(d: Dialect): string {
  return d.partitionedEvents ? 'project_id IN (SELECT id FROM projects) AND ' : '';
}
