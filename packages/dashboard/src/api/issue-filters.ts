/**
 * The issue list's filters live in the page URL (`/issues?status=resolved&q=timeout`), so a
 * link can be shared; these functions map that query to filters and filters to the API query.
 * Route and category are tags the issues carry (`issue_tags`), sent as `tag=key:value`.
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

/**
 * The `category` tag Faultline's server puts on its events: core's classification
 * (`ErrorCategory` in packages/core/src/classify.ts; issue-filters.test.ts fails to compile if
 * one is missing here) and `crash`, which the process guards send for an error no request owned.
 */
export const ISSUE_CATEGORIES = [
  'client',
  'bug',
  'dependency',
  'timeout',
  'overload',
  'missing-resource',
  'config',
  'unknown',
  'crash',
] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

export interface IssueFilters {
  status?: IssueStatus;
  release?: string;
  environment?: string;
  /** The `route` tag, matched exactly: the route template (`/items/:id`), not a URL. */
  route?: string;
  category?: IssueCategory;
  text?: string;
  sort?: IssueSort;
  /** Only the issues assigned to the signed-in user (`assigned=me`). */
  assignedToMe?: boolean;
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
  const route = text(query.get('route'));
  if (route) filters.route = route;
  const category = oneOf(ISSUE_CATEGORIES, query.get('category'));
  if (category) filters.category = category;
  const q = text(query.get('q'));
  if (q) filters.text = q;
  const sort = oneOf(ISSUE_SORTS, query.get('sort'));
  if (sort) filters.sort = sort;
  if (query.get('assigned') === 'me') filters.assignedToMe = true;
  return filters;
}

/** The page URL's query for these filters: the inverse of filtersFromQuery. */
export function filtersToQuery(filters: IssueFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.status === undefined) query.set('status', 'all');
  else if (filters.status !== 'unresolved') query.set('status', filters.status);
  if (filters.release) query.set('release', filters.release);
  if (filters.environment) query.set('environment', filters.environment);
  if (filters.route) query.set('route', filters.route);
  if (filters.category) query.set('category', filters.category);
  if (filters.text) query.set('q', filters.text);
  if (filters.sort) query.set('sort', filters.sort);
  if (filters.assignedToMe) query.set('assigned', 'me');
  return query;
}

/**
 * The read API's query (GET /api/v1/projects/{id}/issues) for these filters, with the event
 * counts the rows' sparklines draw (`statsPeriod`).
 * @example filtersToApiQuery({ route: '/items/:id' }).getAll('tag') // ['route:/items/:id']
 */
export function filtersToApiQuery(filters: IssueFilters): URLSearchParams {
  const query = new URLSearchParams({ limit: String(ISSUES_PAGE_SIZE), statsPeriod: LIST_STATS_PERIOD });
  if (filters.status) query.set('status', filters.status);
  if (filters.release) query.set('release', filters.release);
  if (filters.environment) query.set('environment', filters.environment);
  // The collector takes several `tag` parameters and matches all of them.
  if (filters.route) query.append('tag', `route:${filters.route}`);
  if (filters.category) query.append('tag', `category:${filters.category}`);
  if (filters.text) query.set('query', filters.text);
  if (filters.sort) query.set('sort', filters.sort);
  if (filters.assignedToMe) query.set('assigned', 'me');
  return query;
}

/**
 * Whether the filters leave out issues beyond the status: then an empty list means "nothing
 * matches", not "nothing arrived yet" (the empty state with the DSN).
 */
export function narrowsList(filters: IssueFilters): boolean {
  return Boolean(
    filters.release ||
      filters.environment ||
      filters.route ||
      filters.category ||
      filters.text ||
      filters.assignedToMe,
  );
}
