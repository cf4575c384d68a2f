/**
 * Working on an issue as a team (issue 19 §4): its comments (plain text: stored as sent, NULs
 * aside, and shown as text by every client), its activity history, and the users an issue can
 * be assigned to (emails only). Assigning itself is PATCH /api/v1/issues/:issueId
 * (issue-status-routes.ts).
 */

import { badRequest, forbidden, notFound, type RouteScope, scopesAllow } from '@faultline/core';
import { storableText } from '../digest/storable-batch.js';
import { readJson } from '../http/json.js';
import type { Params, Router } from '../http/router.js';
import { DEFAULT_TIMELINE_PAGE_SIZE, MAX_COMMENT_BYTES, MAX_TIMELINE_PAGE_SIZE } from '../limits.js';
import type { IssueId, Store } from '../store/index.js';
import { found, jsonRoute, objectBody } from './json-route.js';
import { presentActivity, presentComment } from './present-team.js';
import { filterText, pageSize, positiveInt } from './query-params.js';
import { callerAccess, callerName } from './request-caller.js';

const issueId = (p: Params) => positiveInt(p.issueId, 'issue id') as IssueId;

/** The comment's text, checked: a non-empty string of at most MAX_COMMENT_BYTES. */
function commentText(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badRequest('text must be a non-empty string');
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_COMMENT_BYTES)
    throw badRequest(
      `text must be at most ${MAX_COMMENT_BYTES} bytes of UTF-8 (MAX_COMMENT_BYTES); got ${bytes}`,
    );
  // PostgreSQL's text holds no NUL: it becomes U+FFFD on both engines, as in events.
  return storableText(value);
}

const timeline = (url: URL, p: Params) => {
  const cursor = filterText(url.searchParams, 'cursor');
  return {
    issueId: issueId(p),
    limit: pageSize(url.searchParams, MAX_TIMELINE_PAGE_SIZE, DEFAULT_TIMELINE_PAGE_SIZE),
    ...(cursor === undefined ? {} : { cursor }),
  };
};

/**
 * Mounts the comments, activity and users routes.
 * @example teamRoutes(router, store)
 */
export function teamRoutes(router: Router<RouteScope>, store: Store): void {
  router.on(
    'GET',
    '/api/v1/issues/:issueId/comments',
    'project:read',
    jsonRoute(200, async (p, url) => {
      const page = found(await store.listIssueComments(timeline(url, p)), 'issue');
      return { items: page.items.map(presentComment), nextCursor: page.nextCursor };
    }),
  );
  router.on(
    'POST',
    '/api/v1/issues/:issueId/comments',
    'project:write',
    jsonRoute(201, async (p, _u, req) => {
      const id = issueId(p);
      const text = commentText(objectBody(await readJson(req)).text);
      const author = callerName(req) ?? 'unknown';
      return presentComment(found(await store.addIssueComment(id, author, text, Date.now()), 'issue'));
    }),
  );
  router.on('DELETE', '/api/v1/issues/:issueId/comments/:commentId', 'project:write', async (req, res, p) => {
    const id = issueId(p);
    const commentId = positiveInt(p.commentId, 'comment id');
    const actor = { name: callerName(req), admin: scopesAllow(callerAccess(req).scopes, 'admin') };
    const outcome = await store.deleteIssueComment(id, commentId, actor, Date.now());
    if (outcome === 'no-comment') throw notFound('comment not found');
    if (outcome === 'forbidden') throw forbidden("only the comment's author or an admin may delete it");
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
  });
  router.on(
    'GET',
    '/api/v1/issues/:issueId/activity',
    'project:read',
    jsonRoute(200, async (p, url) => {
      const page = found(await store.listIssueActivity(timeline(url, p)), 'issue');
      return { items: page.items.map(presentActivity), nextCursor: page.nextCursor };
    }),
  );
  // Whom an issue can be assigned to: emails only, never a hash or an id to guess with.
  router.on(
    'GET',
    '/api/v1/users',
    'project:read',
    jsonRoute(200, async () => ({ items: (await store.listUsers()).map((u) => ({ email: u.email })) })),
  );
}
