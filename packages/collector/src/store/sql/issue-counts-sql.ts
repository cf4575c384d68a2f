/** Per-issue event counts per time bucket (the issue list's sparklines), from `issue_hourly_counts`. */

import type { IssueId } from '../ids.js';
import type { IssueCountsQuery } from '../queries.js';
import type { IssueBucketCount } from '../records.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

/** The SQL of both engines: bucket k holds the hours in [from + k·width, from + (k+1)·width). */
const COUNTS = (issueIsOneOf: string) =>
  'SELECT issue_id, CAST((hour - ?) / ? AS INTEGER) AS bucket, SUM(count) AS n FROM issue_hourly_counts ' +
  `WHERE ${issueIsOneOf} AND hour >= ? AND hour < ? GROUP BY issue_id, bucket`;

/** The issue-count read of a SQL store. */
export function issueCountsSql(ctx: SqlContext) {
  const d = ctx.read.dialect;
  const sql = COUNTS(d.anyOf('issue_id'));
  return {
    async issueEventCounts(query: IssueCountsQuery): Promise<IssueBucketCount[]> {
      if (query.issueIds.length === 0) return [];
      const rows = await ctx.read.all<Row>(sql, [
        query.from,
        query.bucketMs,
        d.listParam(query.issueIds),
        query.from,
        query.to,
      ]);
      return rows.map((r) => ({
        issueId: Number(r.issue_id) as IssueId,
        start: query.from + Number(r.bucket) * query.bucketMs,
        count: Number(r.n),
      }));
    },
  };
}
