/**
 * What a user does to an issue (issue 4 §2, issue 19 §2, §4): PATCH sets its status, with a
 * snooze condition when ignoring it (`ignoreUntil`), and/or who it is assigned to (`assignee`: a
 * user's email, or null), each recorded in its activity history with who did it; DELETE removes it and everything recorded of it,
 * and with `?discard=true` counts its fingerprint's later events as discarded instead of storing
 * them.
 */

import { badRequest, notFound, type RouteScope } from '@faultline/core';
import { readJson } from '../http/json.js';
import type { Params, Router } from '../http/router.js';
import type { IssueId, Store } from '../store/index.js';
import { assigneeField } from './assignee-params.js';
import { ignoreUntil } from './ignore-until.js';
import { found, jsonRoute, objectBody } from './json-route.js';
import { presentIssue } from './present.js';
import { issueStatus, positiveInt } from './query-params.js';
import { callerName } from './request-caller.js';

const issueId = (p: Params) => positiveInt(p.issueId, 'issue id') as IssueId;

function discardParam(q: URLSearchParams): boolean {
  const raw = q.get('discard');
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  throw badRequest('discard must be true or false');
}

/**
 * Mounts PATCH and DELETE /api/v1/issues/:issueId.
 * @example issueStatusRoutes(router, store)
 */
export function issueStatusRoutes(router: Router<RouteScope>, store: Store): void {
  router.on(
    'PATCH',
    '/api/v1/issues/:issueId',
    'project:write',
    jsonRoute(200, async (p, _u, req) => {
      const body = objectBody(await readJson(req));
      const assignee = assigneeField(body.assignee);
      if (body.status === undefined && assignee === undefined)
        throw badRequest('body must have status, assignee or both');
      const status = body.status === undefined ? undefined : issueStatus(body.status);
      const inRelease = body.inRelease;
      if (inRelease !== undefined && typeof inRelease !== 'string')
        throw badRequest('inRelease must be a string');
      const until = ignoreUntil(body.ignoreUntil);
      if (until !== undefined && status !== 'ignored')
        throw badRequest('ignoreUntil is only accepted with status "ignored"');
      // Checked before anything is written: an unknown user changes nothing, status included.
      if (
        assignee !== undefined &&
        assignee !== null &&
        (await store.findUserByEmail(assignee)) === undefined
      )
        throw badRequest(
          `assignee names no user: ${JSON.stringify(assignee)} (users are added with faultline user add)`,
        );
      const actor = callerName(req);
      if (status !== undefined) {
        const ok = await store.updateIssueStatus(issueId(p), status, {
          ...(inRelease ? { inRelease } : {}),
          ...(until ? { ignoreUntil: until } : {}),
          actor,
        });
        if (!ok) throw notFound('issue not found');
      }
      if (assignee !== undefined) {
        const outcome = await store.assignIssue(issueId(p), assignee, actor, Date.now());
        if (outcome === 'no-issue') throw notFound('issue not found');
        if (outcome === 'no-user') throw badRequest(`assignee names no user: ${JSON.stringify(assignee)}`);
      }
      return presentIssue(found(await store.getIssue(issueId(p)), 'issue'));
    }),
  );
  router.on('DELETE', '/api/v1/issues/:issueId', 'project:write', async (_req, res, p, url) => {
    const discard = discardParam(url.searchParams);
    if (!(await store.deleteIssue(issueId(p), { discard }))) throw notFound('issue not found');
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
  });
}
