/**
 * API tokens over HTTP (issue 17 §1), for admins: list them (never the token itself, only its
 * first characters), create one (the token is in that answer and nowhere else afterwards), and
 * revoke one (its dashboard sessions end with it, on every collector).
 */

import { badRequest, notFound, type RouteScope } from '@faultline/core';
import { readJson } from '../http/json.js';
import type { Router } from '../http/router.js';
import type { Store, TokenRecord } from '../store/index.js';
import { jsonRoute } from './json-route.js';
import { positiveInt } from './query-params.js';
import { TokenGrantError, tokenGrant } from './token-grant.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A token as the API shows it. */
export function presentToken(t: TokenRecord) {
  return {
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    projectId: t.projectId,
    prefix: t.prefix,
    createdAt: iso(t.createdAt),
    lastUsedAt: iso(t.lastUsedAt),
  };
}

/**
 * @example tokenRoutes(router, store)
 */
export function tokenRoutes(router: Router<RouteScope>, store: Store): void {
  router.on(
    'GET',
    '/api/v1/tokens',
    'admin',
    jsonRoute(200, async () => ({ items: (await store.listTokens()).map(presentToken) })),
  );
  router.on(
    'POST',
    '/api/v1/tokens',
    'admin',
    jsonRoute(201, async (_p, _u, req) => {
      const body = await readJson(req);
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        throw badRequest('send {"name", "scopes": [...], "projectId"?} as a JSON object');
      const fields = body as Record<string, unknown>;
      let made: ReturnType<typeof tokenGrant>;
      try {
        made = tokenGrant({ name: fields.name, scopes: fields.scopes, projectId: fields.projectId });
      } catch (error) {
        if (error instanceof TokenGrantError) throw badRequest(error.message);
        throw error;
      }
      const projectId = made.grant.projectId;
      if (projectId !== undefined && (await store.getProject(projectId)) === undefined)
        throw badRequest(`projectId: project ${projectId} not found`);
      const { token, record } = await store.createToken(made.name, made.grant);
      return { ...presentToken(record), token };
    }),
  );
  router.on('DELETE', '/api/v1/tokens/:tokenId', 'admin', async (_req, res, p) => {
    if (!(await store.deleteToken(positiveInt(p.tokenId, 'token id')))) throw notFound('token not found');
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
  });
}
