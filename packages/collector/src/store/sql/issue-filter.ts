/**
 * The WHERE clause of an issue listing. Release, environment and tag filters read
 * `issue_tags` (digest records `release` and `environment` there too, as Sentry treats them as
 * tags), so they keep working after retention deleted the events.
 */

import { LimitExceededError } from '@faultline/core';
import { MAX_TAG_FILTERS } from '../../limits.js';
import type { IssueQuery, IssueSort } from '../queries.js';
import type { Dialect } from './executor.js';

/** Sort key → column; every listing is descending with `id` as the tiebreak. */
export const SORT_COLUMNS: Record<IssueSort, string> = {
  lastSeen: 'last_seen',
  firstSeen: 'first_seen',
  count: 'times_seen',
};

const HAS_TAG =
  'EXISTS (SELECT 1 FROM issue_tags t WHERE t.issue_id = issues.id AND t.key = ? AND t.value = ?)';

/**
 * SQL conditions (joined by AND) and their parameters for `query`, cursor excluded.
 * @example issueFilter(dialect, { projectId, status: 'unresolved', sort: 'count', limit: 50 })
 */
export function issueFilter(dialect: Dialect, query: IssueQuery): { where: string[]; params: unknown[] } {
  const where = ['project_id = ?'];
  const params: unknown[] = [query.projectId];
  if (query.status !== undefined) {
    where.push('status = ?');
    params.push(query.status);
  }
  const tags = [...(query.tag ?? [])];
  if (query.release !== undefined) tags.push({ key: 'release', value: query.release });
  if (query.environment !== undefined) tags.push({ key: 'environment', value: query.environment });
  if (tags.length > MAX_TAG_FILTERS) {
    throw new LimitExceededError('MAX_TAG_FILTERS', MAX_TAG_FILTERS, tags.length, 'issue query tag filters');
  }
  for (const tag of tags) {
    where.push(HAS_TAG);
    params.push(tag.key, tag.value);
  }
  if (query.text !== undefined && query.text !== '') {
    where.push(`(${dialect.contains('title')} OR ${dialect.contains('culprit')})`);
    params.push(query.text, query.text);
  }
  return { where, params };
}
