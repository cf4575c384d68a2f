/**
 * The upload routes of Sentry's API that `sentry-cli sourcemaps upload` calls: the chunk
 * upload's options and POSTs, and the artifact bundle's assemble. Debug files (native
 * symbols) are answered with a clear refusal: Faultline has no native symbolicator.
 */

import { badRequest, type RouteScope } from '@faultline/core';
import { limitProjects } from '../api/access.js';
import { callerAccess } from '../api/request-caller.js';
import { readJson } from '../http/json.js';
import type { Router } from '../http/router.js';
import type { Store } from '../store/index.js';
import { assembleBundle, parseAssemble } from './bundle-assemble.js';
import { chunkUploadOptions, readChunks } from './chunk-upload.js';
import { resolveProjects } from './resolve-projects.js';
import { sentryJson } from './sentry-json.js';
import { BODY, ORG } from './sentry-paths.js';

/**
 * Adds the routes to `router`.
 * @example uploadRoutes(router, store, Date.now)
 */
export function uploadRoutes(router: Router<RouteScope>, store: Store, now: () => number): void {
  router.on(
    'GET',
    `${ORG}/chunk-upload`,
    'project:releases',
    sentryJson(async (p) => [200, chunkUploadOptions(p.org as string)]),
  );
  router.on(
    'POST',
    `${ORG}/chunk-upload`,
    'project:releases',
    sentryJson(async (_p, req) => {
      await store.putUploadChunks(await readChunks(req), now());
      return [200, {}];
    }),
  );
  router.on(
    'POST',
    `${ORG}/artifactbundle/assemble`,
    'project:releases',
    sentryJson(async (_p, req) => {
      const request = parseAssemble(await readJson(req, BODY));
      const named = resolveProjects(request.projects, await store.listProjects());
      const projectIds = limitProjects(callerAccess(req), named) ?? named;
      return [200, await assembleBundle(store, request, projectIds, now())];
    }),
  );
  router.on(
    'POST',
    '/api/0/projects/:org/:project/files/difs/assemble',
    'project:releases',
    sentryJson(async () => {
      throw badRequest(
        'Faultline stores no debug information files (native symbols); it maps JavaScript frames with source maps (sentry-cli sourcemaps upload)',
      );
    }),
  );
}
