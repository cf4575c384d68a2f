/** An issue's events since a time, counted up to a bound: a frequency rule's window, read by the
 * digest commit (alert-write-tx.ts) and by the read API's explanation of a pair (alert-history-sql.ts). */

import type { IssueId } from '../ids.js';
import { issueProjectScope } from './event-scope.js';
import type { SqlExecutor } from './executor.js';
import type { Row } from './rows.js';

// LIMIT inside: the count stops at `limit` index entries of events_issue (issue_id, timestamp, id;
// led by project_id where events are partitioned).
const COUNT = (scope: string) =>
  `SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE ${scope}issue_id = ? AND timestamp >= ? LIMIT ?) recent`;

/**
 * Events of the issue with a time at or after `since` (ms), counted up to `limit`.
 * @example await countIssueEvents(exec, issueId, now - 5 * MINUTE_MS, 200) // 37
 */
export async function countIssueEvents(
  exec: SqlExecutor,
  issueId: IssueId,
  since: number,
  limit: number,
): Promise<number> {
  const scope = issueProjectScope(exec.dialect, issueId);
  const row = await exec.get<Row>(COUNT(scope.sql), [...scope.params, issueId, since, limit]);
  return Number(row?.n ?? 0);
}
