/**
 * Which project the issue list, rates and releases show, and which one the links the dashboard
 * builds carry. The URL says it (`project=<id>`, or for the issue list `project=all`: every
 * project, ALL_PROJECTS); without it, the first project.
 */

import type { IssueWithEvent } from '../api/types.js';
import {
  ALL_PROJECTS,
  alertsHref,
  issuesHref,
  type Route,
  ratesHref,
  releasesHref,
  settingsHref,
} from './routes.js';

/**
 * The first project: the collector creates its default project with id 1 on first start
 * (`ensureDefaultProject`) and lists projects by id, so 1 is always the first of
 * GET /api/v1/projects, and the issue list can be asked for before that list has answered.
 * test/openapi-contract.test.ts checks it against a real collector.
 */
export const DEFAULT_PROJECT_ID = 1;

/** The project a page of the route reads; undefined for pages without one (issue, trace). */
export function routeProject(route: Route): number | undefined {
  switch (route.name) {
    case 'issues':
    case 'rates':
    case 'releases':
    case 'settings':
    case 'alerts':
      return route.projectId ?? DEFAULT_PROJECT_ID;
    default:
      return undefined;
  }
}

/**
 * The project shown now (the header's selector): the route's; on an issue page the issue's,
 * once it has loaded; elsewhere (a trace) the one shown before.
 */
export function shownProject(route: Route, issue: IssueWithEvent | undefined, previous: number): number {
  const fromRoute = routeProject(route);
  if (fromRoute !== undefined) return fromRoute;
  if (route.name === 'issue' && issue?.id === route.issueId) return issue.projectId;
  return previous;
}

/** The project a link carries: none for the first one, so the usual URLs stay as they were. */
export function linkProject(projectId: number): number | undefined {
  return projectId === DEFAULT_PROJECT_ID ? undefined : projectId;
}

/**
 * The page to show when another project is picked: the same page (filters and range kept) for
 * that project; from an issue or a trace, that project's issue list.
 */
export function projectHref(route: Route, projectId: number): string {
  const project = linkProject(projectId);
  // Only the issue list reads every project at once: elsewhere "all" opens it.
  if (projectId === ALL_PROJECTS)
    return issuesHref(route.name === 'issues' ? route.filters : { status: 'unresolved' }, ALL_PROJECTS);
  switch (route.name) {
    case 'issues':
      return issuesHref(route.filters, project);
    case 'rates':
      return ratesHref(route.view, project);
    case 'releases':
      return releasesHref(project);
    case 'settings':
      return settingsHref(project);
    case 'alerts':
      return alertsHref(project);
    default:
      return issuesHref({ status: 'unresolved' }, project);
  }
}
