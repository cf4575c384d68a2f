/**
 * What a caller may do (issue 17 §1): the scopes of the token it presented, or of the token its
 * dashboard session was made with, and the one project that token is limited to. A password
 * login and the configured admin token may do everything.
 */

import { forbidden, type RouteScope, scopesAllow, type TokenScope } from '@faultline/core';
import type { ProjectId } from '../store/index.js';

export interface Access {
  scopes: readonly TokenScope[];
  /** The one project the token is limited to; null for every project. */
  projectId: ProjectId | null;
}

/** A password login's, or the configured admin token's. */
export const FULL_ACCESS: Access = Object.freeze({
  scopes: Object.freeze(['admin'] as TokenScope[]),
  projectId: null,
});

/**
 * Throws 403 naming the scope a route needs when `access` lacks it.
 * @example requireScope(access, 'project:write') // throws forbidden(…) for a project:read token
 */
export function requireScope(access: Access, needed: RouteScope): void {
  if (scopesAllow(access.scopes, needed)) return;
  throw forbidden(
    `this token's scopes (${access.scopes.join(', ')}) do not include ${needed}, which this route needs`,
  );
}

/**
 * Throws 403 when a token limited to one project asks about another. `projectId` is undefined
 * when the request names no project: a limited token may not call it, as it would reach every
 * project's data.
 * @example requireProject(access, 2 as ProjectId)
 */
export function requireProject(access: Access, projectId: ProjectId | undefined): void {
  if (access.projectId === null || projectId === access.projectId) return;
  throw forbidden(
    projectId === undefined
      ? `this token is limited to project ${access.projectId}: name it (?project=${access.projectId}) or use a token for every project`
      : `this token is limited to project ${access.projectId}, not project ${projectId}`,
  );
}

/**
 * The projects a request may touch: those it names, when a limited token's project is all of
 * them (else 403); its project when it names none; for a token of every project, what it names
 * (undefined: every project).
 * @example await store.releaseMeta(version, limitProjects(access, undefined)) // [1] for a token of project 1
 */
export function limitProjects(access: Access, named: ProjectId[] | undefined): ProjectId[] | undefined {
  if (access.projectId === null || named === undefined)
    return access.projectId === null ? named : [access.projectId];
  for (const id of named) requireProject(access, id);
  return named;
}
