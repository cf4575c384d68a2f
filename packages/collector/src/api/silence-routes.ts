/**
 * The silences API (issue 14 §4): create and list a project's silences, read one, expire one.
 * Validation is `parseSilence` (a SilenceError is a 400 naming the field); a rule or issue a
 * matcher names must be the project's, and an until-resolved silence's issue not resolved yet.
 * Mounted with the alert routes, behind the same authentication.
 */

import { conflict, LimitExceededError, type RouteScope } from '@faultline/core';
import { parseSilence } from '../alerts/silences/parse-silence.js';
import { SilenceError } from '../alerts/silences/silence-error.js';
import type { SilenceInput } from '../alerts/silences/silence-types.js';
import { readJson } from '../http/json.js';
import type { Params, Router } from '../http/router.js';
import { MAX_SILENCES_LISTED } from '../limits.js';
import type { IssueId, ProjectId, Store } from '../store/index.js';
import { found, jsonRoute } from './json-route.js';
import { presentSilence } from './present-silences.js';
import { pageSize, positiveInt, projectIdParam } from './query-params.js';
import { callerName } from './request-caller.js';

const RESOLVED = new Set(['resolved', 'resolved_in_next_release']);

/** The rule and issue a silence names belong to its project (else it could never match). */
async function checkMatchers(store: Store, projectId: ProjectId, input: SilenceInput): Promise<void> {
  const { ruleId, issueId } = input.matchers;
  if (ruleId !== undefined) {
    const rule = await store.getAlertRule(ruleId);
    if (rule === undefined || rule.projectId !== projectId)
      throw new SilenceError('matchers.ruleId', `project ${projectId} has no alert rule ${ruleId}`);
  }
  if (issueId !== undefined) {
    const issue = await store.getIssue(issueId as IssueId);
    if (issue === undefined || issue.projectId !== projectId)
      throw new SilenceError('matchers.issueId', `project ${projectId} has no issue ${issueId}`);
    if (input.untilResolved && RESOLVED.has(issue.status))
      throw new SilenceError(
        'untilResolved',
        `issue ${issueId} is ${issue.status} already: an untilResolved silence would be over at once; give endsAt`,
      );
  }
}

/** `all=1` (or `true`) lists expired silences too. */
function allFlag(q: URLSearchParams): boolean {
  const v = q.get('all');
  if (v === null || v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw new SilenceError('all', 'all is 1 or 0 (true or false)');
}

/**
 * Mounts the silence routes on the read API's router (authentication and CSRF are the caller's).
 * @example silenceRoutes(router, store)
 */
export function silenceRoutes(router: Router<RouteScope>, store: Store): void {
  const silenceId = (p: Params) => positiveInt(p.silenceId, 'silence id');

  router.on(
    'POST',
    '/api/v1/projects/:projectId/silences',
    'project:write',
    jsonRoute(201, async (p, _u, req) => {
      const now = Date.now();
      const input = parseSilence(await readJson(req), now);
      const project = projectIdParam(p);
      found(await store.getProject(project), 'project');
      await checkMatchers(store, project, input);
      const created = await store
        .createSilence(project, input, callerName(req), now)
        .catch((error: unknown) => {
          if (error instanceof LimitExceededError && error.limit === 'MAX_ACTIVE_SILENCES_PER_PROJECT')
            throw conflict(
              `the project has ${error.max} active silences, the most it may have; expire one first`,
            );
          throw error;
        });
      return presentSilence(found(created, 'project'), now);
    }),
  );
  router.on(
    'GET',
    '/api/v1/projects/:projectId/silences',
    'project:read',
    jsonRoute(200, async (p, url) => {
      const q = url.searchParams;
      const now = Date.now();
      const all = allFlag(q);
      const limit = pageSize(q, MAX_SILENCES_LISTED, MAX_SILENCES_LISTED);
      found(await store.getProject(projectIdParam(p)), 'project');
      const rows = await store.listSilences({ projectId: projectIdParam(p), all, now, limit });
      return { items: rows.map((s) => presentSilence(s, now)) };
    }),
  );
  router.on(
    'GET',
    '/api/v1/silences/:silenceId',
    'project:read',
    jsonRoute(200, async (p) =>
      presentSilence(found(await store.getSilence(silenceId(p)), 'silence'), Date.now()),
    ),
  );
  router.on(
    'POST',
    '/api/v1/silences/:silenceId/expire',
    'project:write',
    jsonRoute(200, async (p) => {
      const now = Date.now();
      return presentSilence(found(await store.expireSilence(silenceId(p), now), 'silence'), now);
    }),
  );
}
