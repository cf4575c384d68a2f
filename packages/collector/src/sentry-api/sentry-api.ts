/**
 * Sentry's web API at `/api/0/`, the part release tools call (sentry-cli, and CI pipelines
 * written for Sentry): a token from `Authorization: Bearer`, JSON bodies, and errors as JSON
 * with a `detail` that sentry-cli prints (it shows nothing of `application/problem+json`).
 * It is served at the host root whatever the public URL's path: sentry-cli refuses a base URL
 * with a path.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, notFound, unauthorized } from '@faultline/core';
import { bearerToken, type TokenVerifier } from '../api/auth.js';
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

/** What a token may do here, as `GET /api/0/` tells sentry-cli (`sentry-cli info`). */
const SCOPES = ['org:read', 'project:read', 'project:write', 'project:releases'];

export interface SentryApiDeps {
  store: Store;
  verify: TokenVerifier;
  now?: () => number;
}

/** Answers one request under SENTRY_API_PREFIX; throws what the collector answers as an error. */
export type SentryApi = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/**
 * @example const sentryApi = createSentryApi({ store, verify }); if (url.pathname.startsWith(SENTRY_API_PREFIX)) await sentryApi(req, res, url);
 */
export function createSentryApi(deps: SentryApiDeps): SentryApi {
  const router = new Router();
  router.on('GET', '/api/0', (_req, res) =>
    sendJson(res, 200, { version: '0', user: null, auth: { scopes: SCOPES } }),
  );
  releaseRoutes(router, deps.store, deps.now ?? Date.now);
  uploadRoutes(router, deps.store, deps.now ?? Date.now);
  // Errors take the collector's one error path, answered in Sentry's shape (sentryError).
  return async (req, res, url) => {
    const token = bearerToken(req);
    if (token === undefined || (await deps.verify(token)) === undefined)
      throw unauthorized(
        'send Authorization: Bearer <token> with a Faultline API token (sentry-cli: --auth-token)',
        {
          headers: { 'www-authenticate': 'Bearer' },
        },
      );
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match === 'method') throw methodNotAllowed();
    if (!match) throw notFound(`Faultline does not serve ${url.pathname}`);
    await match.handler(req, res, match.params, url);
  };
}
