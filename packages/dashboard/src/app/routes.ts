/**
 * The dashboard's pages as a tagged union, parsed from the page URL. Real paths (not #hash)
 * so links can be shared; the collector answers every extension-less path with index.html.
 */

import { type EventTag, tagFromParam, tagParam } from '../api/event-tag.js';
import { filtersFromQuery, filtersToQuery, type IssueFilters } from '../api/issue-filters.js';
import { type RatesView, ratesFromQuery, ratesToQuery } from '../api/rates-query.js';
import { type MutePreset, mutePresetOf } from '../api/silence-form.js';

/**
 * `projectId` is the URL's `project=`; undefined means the first project (current-project.ts).
 * An issue's page needs none: issue ids are global.
 */
export type Route =
  | { name: 'issues'; projectId: number | undefined; filters: IssueFilters }
  /** `mute`: a notification's mute link (`?mute=1h`), asked to be confirmed before anything is muted.
   * `tag`: the pager walks only the events carrying it (`?tag=key:value`, a facet clicked). */
  | { name: 'issue'; issueId: number; eventId: string | undefined; mute?: MutePreset; tag?: EventTag }
  | { name: 'rates'; projectId: number | undefined; view: RatesView }
  /** `release`: the release whose canary verdicts are shown below the list. */
  | { name: 'releases'; projectId: number | undefined; release?: string }
  /** `ruleId`: the rule whose delivery log and decisions are shown below the list. */
  | { name: 'alerts'; projectId: number | undefined; ruleId: number | undefined }
  | { name: 'trace'; traceId: string }
  | { name: 'settings'; projectId: number | undefined }
  | { name: 'not-found'; path: string };

const TRACE_ID = /^[0-9a-f]{32}$/;
const ID = /^\d{1,15}$/;

/** The issue list of every project (`?project=all`), as a project id no project has. */
export const ALL_PROJECTS = 0;
const ALL_PROJECTS_PARAM = 'all';

/** @example parseRoute('/issues/12', '?event=abc') // { name: 'issue', issueId: 12, eventId: 'abc' } */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const path = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  const project = query.get('project');
  const projectId = project && ID.test(project) && Number(project) > 0 ? Number(project) : undefined;
  if (path === '/' || path === '/issues')
    return {
      name: 'issues',
      projectId: project === ALL_PROJECTS_PARAM ? ALL_PROJECTS : projectId,
      filters: filtersFromQuery(query),
    };
  const issue = /^\/issues\/(\d{1,15})$/.exec(path);
  if (issue) {
    const mute = mutePresetOf(query.get('mute'));
    const tag = tagFromParam(query.get('tag'));
    return {
      name: 'issue',
      issueId: Number(issue[1]),
      eventId: query.get('event') ?? undefined,
      ...(mute ? { mute } : {}),
      ...(tag ? { tag } : {}),
    };
  }
  if (path === '/rates') return { name: 'rates', projectId, view: ratesFromQuery(query) };
  if (path === '/releases') {
    const release = query.get('release');
    return { name: 'releases', projectId, ...(release ? { release } : {}) };
  }
  const trace = /^\/traces\/([0-9a-fA-F]+)$/.exec(path);
  if (trace && TRACE_ID.test((trace[1] as string).toLowerCase()))
    return { name: 'trace', traceId: (trace[1] as string).toLowerCase() };
  if (path === '/settings') return { name: 'settings', projectId };
  if (path === '/alerts') {
    const rule = query.get('rule');
    const ruleId = rule && ID.test(rule) && Number(rule) > 0 ? Number(rule) : undefined;
    return { name: 'alerts', projectId, ruleId };
  }
  return { name: 'not-found', path: pathname };
}

/** `path?project=…&query`, the project first and left out when undefined (the first project). */
function withProject(path: string, projectId: number | undefined, query = new URLSearchParams()): string {
  const project = projectId === ALL_PROJECTS ? ALL_PROJECTS_PARAM : String(projectId);
  const all = new URLSearchParams(projectId === undefined ? {} : { project });
  for (const [name, value] of query) all.append(name, value);
  const qs = all.toString();
  return qs ? `${path}?${qs}` : path;
}

/** @example issuesHref({ status: 'unresolved', route: '/a' }, 2) // '/issues?project=2&route=%2Fa' */
export function issuesHref(filters: IssueFilters, projectId?: number): string {
  return withProject('/issues', projectId, filtersToQuery(filters));
}

/** @example issueHref(3, 'abc', { key: 'os', value: 'Linux' }) // '/issues/3?event=abc&tag=os%3ALinux' */
export function issueHref(issueId: number, eventId?: string, tag?: EventTag): string {
  const query = new URLSearchParams();
  if (eventId) query.set('event', eventId);
  if (tag) query.set('tag', tagParam(tag));
  const qs = query.toString();
  return `/issues/${issueId}${qs ? `?${qs}` : ''}`;
}

/** The event filter of the issue page `route` is, if any. */
export const eventTagOf = (route: Route): EventTag | undefined =>
  route.name === 'issue' ? route.tag : undefined;

export function ratesHref(view: RatesView, projectId?: number): string {
  return withProject('/rates', projectId, ratesToQuery(view));
}

/** @example releasesHref(2, 'shop@1.5') // '/releases?project=2&release=shop%401.5' */
export function releasesHref(projectId?: number, release?: string): string {
  return withProject('/releases', projectId, new URLSearchParams(release ? { release } : {}));
}

/** The trace page, or undefined for anything that is not a 32-hex trace id (event data). */
export function traceHref(traceId: string): string | undefined {
  const id = traceId.toLowerCase();
  return TRACE_ID.test(id) ? `/traces/${id}` : undefined;
}

export function settingsHref(projectId?: number): string {
  return withProject('/settings', projectId);
}

/** The issue list filtered to one release (from the releases and rates pages). */
export function releaseIssuesHref(release: string, projectId?: number): string {
  return issuesHref({ release }, projectId);
}

/** @example alertsHref(2, 7) // '/alerts?project=2&rule=7' */
export function alertsHref(projectId?: number, ruleId?: number): string {
  return withProject(
    '/alerts',
    projectId,
    new URLSearchParams(ruleId === undefined ? {} : { rule: String(ruleId) }),
  );
}
