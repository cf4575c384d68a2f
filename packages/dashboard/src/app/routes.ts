/**
 * The dashboard's pages as a tagged union, parsed from the page URL. Real paths (not #hash)
 * so links can be shared; the collector answers every extension-less path with index.html.
 */

import { filtersFromQuery, type IssueFilters } from '../api/issue-filters.js';

export type Route =
  | { name: 'issues'; filters: IssueFilters }
  | { name: 'issue'; issueId: number; eventId: string | undefined }
  | { name: 'not-found'; path: string };

/** The project the pages show; projects beyond the bootstrap one come with the settings pages. */
export const PROJECT_ID = 1;

/** @example parseRoute('/issues/12', '?event=abc') // { name: 'issue', issueId: 12, eventId: 'abc' } */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  if (pathname === '/' || pathname === '/issues' || pathname === '/issues/')
    return { name: 'issues', filters: filtersFromQuery(query) };
  const issue = /^\/issues\/(\d{1,15})\/?$/.exec(pathname);
  if (issue) return { name: 'issue', issueId: Number(issue[1]), eventId: query.get('event') ?? undefined };
  return { name: 'not-found', path: pathname };
}

export function issueHref(issueId: number, eventId?: string): string {
  return `/issues/${issueId}${eventId ? `?event=${encodeURIComponent(eventId)}` : ''}`;
}
