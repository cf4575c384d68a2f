/**
 * Which project a read-API request is about, for tokens limited to one (issue 17 §1): the
 * `:projectId` in its path, the project of the `:issueId` in its path, or, on the routes whose
 * handlers narrow to it, the `?project=` query parameter. The project list answers a limited
 * token with its one project. Any other request about no project in particular (an alert rule by
 * its id, a trace) reaches every project's data, so a limited token may not make it.
 */

import type { Params } from '../http/router.js';
import type { IssueId, ProjectId, Store } from '../store/index.js';
import { type Access, requireProject } from './access.js';

/** Routes whose handlers read only the project of `?project=` when it is given. */
export const PROJECT_QUERY_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/events/:eventId',
  '/api/v1/events/:eventId/attachments',
  '/api/v1/events/:eventId/attachments/:attachmentId',
  '/api/v1/incidents/:id',
  '/api/v1/releases',
  '/api/v1/rates',
  '/api/v1/gate',
  '/api/v1/gate/verdicts',
]);

/** Routes whose handlers narrow what they answer to the caller's project themselves (the list
 * of projects, and the issue list across projects, show a limited token its one project), or
 * answer nothing of any project (the users' emails). */
export const SELF_NARROWED_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/projects',
  '/api/v1/issues',
  // The users an issue can be assigned to: no project's data, the same emails for every caller.
  '/api/v1/users',
]);

const asId = (raw: string | null | undefined): number | undefined =>
  raw !== null && raw !== undefined && /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : undefined;

/**
 * Throws 403 unless `access` may touch the project the request is about. A malformed or unknown
 * id passes here: the route answers it with its own 400 or 404, as for any caller.
 * @example await requireRouteProject(access, match.pattern, match.params, url, store)
 */
export async function requireRouteProject(
  access: Access,
  pattern: string,
  params: Params,
  url: URL,
  store: Pick<Store, 'getIssue'>,
): Promise<void> {
  if (access.projectId === null) return;
  if (params.projectId !== undefined) {
    const id = asId(params.projectId);
    if (id !== undefined) requireProject(access, id as ProjectId);
    return;
  }
  if (params.issueId !== undefined) {
    const id = asId(params.issueId);
    const issue = id === undefined ? undefined : await store.getIssue(id as IssueId);
    if (issue !== undefined) requireProject(access, issue.projectId);
    return;
  }
  if (SELF_NARROWED_ROUTES.has(pattern) && params.projectId === undefined) return;
  const named = PROJECT_QUERY_ROUTES.has(pattern) ? asId(url.searchParams.get('project')) : undefined;
  requireProject(access, named as ProjectId | undefined);
}
