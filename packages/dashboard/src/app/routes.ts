/**
 * The dashboard's pages as a tagged union, parsed from the page URL. Real paths (not #hash)
 * so links can be shared; the collector answers every extension-less path with index.html.
 */

import { filtersFromQuery, type IssueFilters } from '../api/issue-filters.js';
import { type RatesView, ratesFromQuery, ratesToQuery } from '../api/rates-query.js';

export type Route =
  | { name: 'issues'; filters: IssueFilters }
  | { name: 'issue'; issueId: number; eventId: string | undefined }
  | { name: 'rates'; view: RatesView }
  | { name: 'releases' }
  | { name: 'trace'; traceId: string }
  /** `projectId` undefined: the first project. */
  | { name: 'settings'; projectId: number | undefined }
  | { name: 'not-found'; path: string };

/** The project the issue pages show; the settings page lists and edits every project. */
export const PROJECT_ID = 1;

const TRACE_ID = /^[0-9a-f]{32}$/;
const ID = /^\d{1,15}$/;

/** @example parseRoute('/issues/12', '?event=abc') // { name: 'issue', issueId: 12, eventId: 'abc' } */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const path = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  if (path === '/' || path === '/issues') return { name: 'issues', filters: filtersFromQuery(query) };
  const issue = /^\/issues\/(\d{1,15})$/.exec(path);
  if (issue) return { name: 'issue', issueId: Number(issue[1]), eventId: query.get('event') ?? undefined };
  if (path === '/rates') return { name: 'rates', view: ratesFromQuery(query) };
  if (path === '/releases') return { name: 'releases' };
  const trace = /^\/traces\/([0-9a-fA-F]+)$/.exec(path);
  if (trace && TRACE_ID.test((trace[1] as string).toLowerCase()))
    return { name: 'trace', traceId: (trace[1] as string).toLowerCase() };
  if (path === '/settings') {
    const project = query.get('project');
    return { name: 'settings', projectId: project && ID.test(project) ? Number(project) : undefined };
  }
  return { name: 'not-found', path: pathname };
}

export function issueHref(issueId: number, eventId?: string): string {
  return `/issues/${issueId}${eventId ? `?event=${encodeURIComponent(eventId)}` : ''}`;
}

export function ratesHref(view: RatesView): string {
  const query = ratesToQuery(view).toString();
  return `/rates${query ? `?${query}` : ''}`;
}

/** The trace page, or undefined for anything that is not a 32-hex trace id (event data). */
export function traceHref(traceId: string): string | undefined {
  const id = traceId.toLowerCase();
  return TRACE_ID.test(id) ? `/traces/${id}` : undefined;
}

export function settingsHref(projectId?: number): string {
  return projectId === undefined ? '/settings' : `/settings?project=${projectId}`;
}

/** The issue list filtered to one release (from the releases and rates pages). */
export function releaseIssuesHref(release: string): string {
  return `/issues?${new URLSearchParams({ status: 'all', release })}`;
}
