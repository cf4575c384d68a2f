/**
 * What a project's events lost before storage, summed by source, reason and category over a
 * time range: the SDKs' own client reports (source `client`: rate limits, sampling, queue
 * overflow…) and what the collector dropped (source `collector`: inbound filters as
 * `filtered:<reason>`, oversized attachments…). The dashboard's project settings show the
 * filtered ones beside the filters.
 */

import type { RouteScope } from '@faultline/core';
import type { Router } from '../http/router.js';
import type { Store } from '../store/index.js';
import { found, jsonRoute } from './json-route.js';
import { projectIdParam } from './query-params.js';
import { timeRange } from './time-range.js';

/**
 * @example discardRoutes(router, store) // GET /api/v1/projects/1/discards?since=30d
 */
export function discardRoutes(router: Router<RouteScope>, store: Store): void {
  router.on(
    'GET',
    '/api/v1/projects/:projectId/discards',
    'project:read',
    jsonRoute(200, async (p, url) => {
      const projectId = projectIdParam(p);
      const range = timeRange(url.searchParams, Date.now());
      found(await store.getProject(projectId), 'project');
      const items = await store.discardTotals({ projectId, ...range });
      return { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), items };
    }),
  );
}
