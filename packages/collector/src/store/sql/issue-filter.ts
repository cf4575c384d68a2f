/**
 * The WHERE clause of an issue listing. Release, environment and tag filters read
 * `issue_tags` (digest records `release` and `environment` there too, as Sentry treats them as
 * tags), so they keep working after retention deleted the events.
 */

import { MIN_INDEXED_SEARCH_CHARS, SPARSE_TAG_ISSUES } from '../../limits.js';
import type { IssueQuery, IssueSort } from '../queries.js';
import type { SqlExecutor } from './executor.js';
import { filterTags } from './filter-tags.js';
import type { Row } from './rows.js';

/** Sort key → column; every listing is descending with `id` as the tiebreak. */
export const SORT_COLUMNS: Record<IssueSort, string> = {
  lastSeen: 'last_seen',
  firstSeen: 'first_seen',
  count: 'times_seen',
};

// A common tag (a recent release) matches most rows of the walk in sort order: probing each
// row costs little and the walk stops after a page. A rare one would make that walk read
// thousands of rows, so its few issues are listed first instead.
const HAS_TAG =
  'EXISTS (SELECT 1 FROM issue_tags t WHERE t.issue_id = issues.id AND t.key = ? AND t.value = ?)';
const IN_TAG = 'id IN (SELECT issue_id FROM issue_tags WHERE key = ? AND value = ?)';
/** A covering read of `issue_tags_lookup` that stops at SPARSE_TAG_ISSUES entries. */
const TAG_ISSUES_UP_TO =
  'SELECT count(*) AS n FROM (SELECT 1 FROM issue_tags WHERE key = ? AND value = ? LIMIT ?) probe';

async function tagPredicate(exec: SqlExecutor, key: string, value: string): Promise<string> {
  const probe = await exec.get<Row>(TAG_ISSUES_UP_TO, [key, value, SPARSE_TAG_ISSUES]);
  return Number(probe?.n ?? 0) < SPARSE_TAG_ISSUES ? IN_TAG : HAS_TAG;
}

/** Characters, not UTF-16 units: "a😀" is two, and a trigram index reads code points. */
const characters = (text: string) => [...text].length;

/**
 * SQL conditions (joined by AND) and their parameters for `query`, cursor excluded. Each tag
 * filter costs one bounded count on `exec` first, which picks its form.
 * @example await issueFilter(ctx.read, { projectId, status: 'unresolved', sort: 'count', limit: 50 })
 */
export async function issueFilter(
  exec: SqlExecutor,
  query: IssueQuery,
): Promise<{ where: string[]; params: unknown[] }> {
  const dialect = exec.dialect;
  const where = ['project_id = ?'];
  const params: unknown[] = [query.projectId];
  if (query.status !== undefined) {
    where.push('status = ?');
    params.push(query.status);
  }
  if (query.assigneeUserId === null) where.push('assignee_user_id IS NULL');
  else if (query.assigneeUserId !== undefined) {
    where.push('assignee_user_id = ?');
    params.push(query.assigneeUserId);
  }
  const tags = filterTags(query, 'issue query tag filters');
  const predicates = await Promise.all(tags.map((tag) => tagPredicate(exec, tag.key, tag.value)));
  tags.forEach((tag, i) => {
    where.push(predicates[i] ?? HAS_TAG);
    params.push(tag.key, tag.value);
  });
  if (query.text !== undefined && query.text !== '') {
    // The index filter narrows the rows (first, so it is tested first); the substring test
    // after it defines the result, exactly as without the index.
    if (characters(query.text) >= MIN_INDEXED_SEARCH_CHARS) {
      const indexed = dialect.indexedTextFilter(query.text);
      where.push(indexed.sql);
      params.push(...indexed.params);
    }
    where.push(`(${dialect.contains('title')} OR ${dialect.contains('culprit')})`);
    params.push(query.text, query.text);
  }
  return { where, params };
}
