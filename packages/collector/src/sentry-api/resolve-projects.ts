/** sentry-cli names projects by slug; Faultline's have an id and a name: either is accepted. */

import { badRequest } from '@faultline/core';
import type { ProjectId, ProjectRecord } from '../store/index.js';
import type { ProjectRef } from './release-body.js';

/**
 * The projects named, each by its numeric id (`42` or `"42"`) or its name.
 * @throws HttpError 400 naming the first one that is neither
 * @example resolveProjects(['api', 3], await store.listProjects()) // [1, 3]
 */
export function resolveProjects(
  refs: readonly ProjectRef[],
  projects: readonly ProjectRecord[],
): ProjectId[] {
  const ids = refs.map((ref) => {
    const byId = /^[1-9][0-9]{0,9}$/.test(String(ref))
      ? projects.find((p) => p.id === Number(ref))
      : undefined;
    const project = byId ?? projects.find((p) => p.name === String(ref));
    if (project === undefined)
      throw badRequest(`project ${JSON.stringify(ref)} not found (give its id or its name)`);
    return project.id;
  });
  return [...new Set(ids)];
}
