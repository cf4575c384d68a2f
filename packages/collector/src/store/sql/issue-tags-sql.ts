/**
 * An issue's tag facets (GET /api/v1/issues/<id>/tags) from `issue_tags`, which digest keeps per
 * (issue, key, value): a read of the issue's rows of its primary key, no event read.
 */

import type { IssueTagsQuery } from '../queries.js';
import type { IssueTagFacet } from '../records.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

/** The keys a reader looks for first, in this order (Sentry's tag sidebar leads with the same);
 * the others follow by total. */
export const PREFERRED_TAG_KEYS: readonly string[] = [
  'release',
  'environment',
  'route',
  'browser',
  'os',
  'user',
  'server_name',
  'host',
];

const rank = (key: string) => {
  const at = PREFERRED_TAG_KEYS.indexOf(key);
  return at === -1 ? PREFERRED_TAG_KEYS.length : at;
};

/** Code-unit order, the same on both engines whatever PostgreSQL's collation. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The tag-facet read of a SQL store.
 * @example await issueTagsSql(ctx).issueTags({ issueId, maxKeys: 20, maxValues: 10 })
 */
export function issueTagsSql(ctx: SqlContext) {
  return {
    async issueTags(query: IssueTagsQuery): Promise<IssueTagFacet[]> {
      const only = query.key === undefined ? '' : ' AND key = ?';
      const keyRows = await ctx.read.all<Row>(
        `SELECT key, sum(times_seen) AS total FROM issue_tags WHERE issue_id = ?${only} GROUP BY key`,
        query.key === undefined ? [query.issueId] : [query.issueId, query.key],
      );
      const keys = keyRows
        .map((r) => ({ key: String(r.key), total: Number(r.total) }))
        .sort((a, b) => rank(a.key) - rank(b.key) || b.total - a.total || byText(a.key, b.key))
        .slice(0, query.maxKeys);
      if (keys.length === 0) return [];
      const d = ctx.read.dialect;
      // Each key's top values by count; ties at the cut fall to the lower value on both engines
      // as long as values compare alike, and the order within a key is fixed below in any case.
      const valueRows = await ctx.read.all<Row>(
        'SELECT key, value, times_seen, first_seen, last_seen FROM (' +
          'SELECT key, value, times_seen, first_seen, last_seen, row_number() OVER ' +
          '(PARTITION BY key ORDER BY times_seen DESC, value) AS position ' +
          `FROM issue_tags WHERE issue_id = ? AND ${d.anyOf('key')}) ranked WHERE position <= ?`,
        [query.issueId, d.listParam(keys.map((k) => k.key)), query.maxValues],
      );
      return keys.map(({ key, total }) => ({
        key,
        total,
        values: valueRows
          .filter((r) => r.key === key)
          .map((r) => ({
            value: String(r.value),
            count: Number(r.times_seen),
            firstSeen: Number(r.first_seen),
            lastSeen: Number(r.last_seen),
          }))
          .sort((a, b) => b.count - a.count || byText(a.value, b.value)),
      }));
    },
  };
}
