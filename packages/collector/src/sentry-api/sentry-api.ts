/**
 * Sentry's web API at `/api/0/`, the part release tools call (sentry-cli, and CI pipelines
 * written for Sentry): a token from `Authorization: Bearer`, JSON bodies, and errors as JSON
 * with a `detail` that sentry-cli prints (it shows nothing of `application/problem+json`).
 * It is served at the host root whatever the public URL's path: sentry-cli refuses a base URL
 * with a path.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  methodNotAllowed,
  notFound,
  type RouteScope,
  scopesAllow,
  TOKEN_SCOPES,
  type TokenScope,
  unauthorized,
} from '@faultline/core';
import { requireScope } from '../api/access.js';
import { bearerToken, type TokenVerifier } from '../api/auth.js';
import { callerAccess, noteCaller } from '../api/request-caller.js';
import { sendJson } from '../http/json.js';
import { Router } from '../http/router.js';
import type { Store } from '../store/index.js';
import { releaseRoutes } from './release-routes.js';
import { uploadRoutes } from './upload-routes.js';

/** The prefix of every route here. */
export const SENTRY_API_PREFIX = '/api/0/';
/**
 * An error as Sentry's API answers one: `{"detail": …}` as application/json, the only shape
 * sentry-cli prints (it dumps anything else, and reads nothing of application/problem+json).
 * @example sendProblem(res, error, sentryError)
 */
export function sentryError(problem: Record<string, unknown>) {
  return {
    body: { detail: problem.detail ?? problem.title },
    contentType: 'application/json; charset=utf-8',
  };
}

/** A token's scopes as Sentry names them for `GET /api/0/` (`sentry-cli info`): Faultline's
 * are Sentry's, and `admin` holds the project scopes and org:read. */
function sentryScopes(scopes: readonly TokenScope[]): string[] {
  const named = TOKEN_SCOPES.filter((s) => s !== 'admin' && scopesAllow(scopes, s));
  return scopes.includes('admin') ? ['org:read', ...named] : named;
}

export interface SentryApiDeps {
  store: Store;
  verify: TokenVerifier;
  now?: () => number;
}

/** Answers one request under SENTRY_API_PREFIX; throws what the collector answers as an error. */
export type SentryApi = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/**
 * The routes, each with the scope it needs (the scope matrix test walks them).
 * @example sentryApiRouter(store, Date.now).routes().length
 */
export function sentryApiRouter(store: Store, now: () => number): Router<RouteScope> {
  const router = new Router<RouteScope>();
  // sentry-cli's `info` shows what the token may do, in Sentry's words.
  router.on('GET', '/api/0', 'authenticated', (req, res) =>
    sendJson(res, 200, {
      version: '0',
      user: null,
      auth: { scopes: sentryScopes(callerAccess(req).scopes) },
    }),
  );
  releaseRoutes(router, store, now);
  uploadRoutes(router, store, now);
  return router;
}

/**
 * @example const sentryApi = createSentryApi({ store, verify }); if (url.pathname.startsWith(SENTRY_API_PREFIX)) await sentryApi(req, res, url);
 */
export function createSentryApi(deps: SentryApiDeps): SentryApi {
  const router = sentryApiRouter(deps.store, deps.now ?? Date.now);
  // Errors take the collector's one error path, answered in Sentry's shape (sentryError).
  return async (req, res, url) => {
    const token = bearerToken(req);
    const verified = token === undefined ? undefined : await deps.verify(token);
    if (verified === undefined)
      throw unauthorized(
        'send Authorization: Bearer <token> with a Faultline API token (sentry-cli: --auth-token)',
        {
          headers: { 'www-authenticate': 'Bearer' },
        },
      );
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match === 'method') throw methodNotAllowed();
    if (!match) throw notFound(`Faultline does not serve ${url.pathname}`);
    requireScope(verified.access, match.scope);
    noteCaller(req, { kind: 'token', access: verified.access });
    await match.handler(req, res, match.params, url);
  };
}
