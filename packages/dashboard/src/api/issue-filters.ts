/**
 * The issue list's filters live in the page URL (`/issues?status=resolved&q=timeout`), so a
 * link can be shared; these functions map that query to filters and filters to the API query.
 */

import { ISSUES_PAGE_SIZE } from '../limits.js';
import { LIST_STATS_PERIOD } from './issue-stats.js';
import type { IssueStatus } from './types.js';

export const ISSUE_STATUSES: readonly IssueStatus[] = [
  'unresolved',
  'resolved',
  'resolved_in_next_release',
  'ignored',
];
export const ISSUE_SORTS = ['lastSeen', 'firstSeen', 'count'] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];

export interface IssueFilters {
  status?: IssueStatus;
  release?: string;
  environment?: string;
  text?: string;
  sort?: IssueSort;
}

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  list.find((v) => v === value);
const text = (value: string | null) => (value?.trim() ? value.trim() : undefined);

/**
 * A missing status means "unresolved", the list's default; `status=all` shows every status.
 * @example filtersFromQuery(new URLSearchParams('q=timeout&sort=count'))
 */
export function filtersFromQuery(query: URLSearchParams): IssueFilters {
  const filters: IssueFilters = {};
  const status = query.get('status');
  if (status !== 'all') filters.status = oneOf(ISSUE_STATUSES, status) ?? 'unresolved';
  const release = text(query.get('release'));
  if (release) filters.release = release;
  const environment = text(query.get('environment'));
  if (environment) filters.environment = environment;
  const q = text(query.get('q'));
  if (q) filters.text = q;
  const sort = oneOf(ISSUE_SORTS, query.get('sort'));
  if (sort) filters.sort = sort;
  return filters;
}

/** The page URL's query for these filters: the inverse of filtersFromQuery. */
export function filtersToQuery(filters: IssueFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.status === undefined) query.set('status', 'all');
  else if (filters.status !== 'unresolved') query.set('status', filters.status);
  if (filters.release) query.set('release', filters.release);
  if (filters.environment) query.set('environment', filters.environment);
  if (filters.text) query.set('q', filters.text);
  if (filters.sort) query.set('sort', filters.sort);
  return query;
}

/**
 * The read API's query (GET /api/v1/projects/{id}/issues) for these filters, with the event
 * counts the rows' sparklines draw (`statsPeriod`).
 */
export function filtersToApiQuery(filters: IssueFilters): URLSearchParams {
  const query = new URLSearchParams({ limit: String(ISSUES_PAGE_SIZE), statsPeriod: LIST_STATS_PERIOD });
  if (filters.status) query.set('status', filters.status);
  if (filters.release) query.set('release', filters.release);
  if (filters.environment) query.set('environment', filters.environment);
  if (filters.text) query.set('query', filters.text);
  if (filters.sort) query.set('sort', filters.sort);
  return query;
}
