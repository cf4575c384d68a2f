/**
 * The read API (issue 4 §4), JSON under /api/v1/, described by /api/v1/openapi.json.
 * Handlers only translate HTTP to store calls and records to JSON.
 */

import type { IncomingMessage } from 'node:http';
import { badRequest, notFound, type RouteScope } from '@faultline/core';
import { fingerprintRulesParam } from '../fingerprint-rules/parse-rules.js';
import { readJson } from '../http/json.js';
import { type Params, Router } from '../http/router.js';
import { MAX_INCIDENT_MATCHES } from '../limits.js';
import type { IssueId, IssueRecord, Page, ProjectId, Store } from '../store/index.js';
import { type AlertRouteDeps, alertRoutes } from './alert-routes.js';
import { assignedFilter } from './assignee-params.js';
import { attachmentRoutes } from './attachment-routes.js';
import { discardRoutes } from './discard-routes.js';
import { fingerprintRuleRoutes } from './fingerprint-rule-routes.js';
import { gateRoutes } from './gate-routes.js';
import { inboundFiltersParam } from './inbound-filter-params.js';
import { presentIncident } from './incident-lookup.js';
import { issueDetailRoutes } from './issue-detail-routes.js';
import { issueStatusRoutes } from './issue-status-routes.js';
import { listIssuesAcross } from './issues-across.js';
import { found, jsonRoute, objectBody } from './json-route.js';
import { mergeRoutes } from './merge-routes.js';
import { OPENAPI } from './openapi.js';
import { withScopes } from './openapi-scopes.js';
import {
  issueStats,
  presentEvent,
  presentIssue,
  presentKey,
  presentProject,
  presentReleaseDetail,
  presentReleaseHealth,
} from './present.js';
import { previewRoute } from './preview-route.js';
import {
  filterText,
  issueSort,
  issueStatus,
  pageSize,
  positiveInt,
  projectIdParam,
  type StatsWindow,
  statsWindow,
  tagFilters,
} from './query-params.js';
import { bucketFor, rateSeries } from './rates-view.js';
import { callerAccess } from './request-caller.js';
import { presentSampled } from './sampled-lookup.js';
import { silenceRoutes } from './silence-routes.js';
import { teamRoutes } from './team-routes.js';
import { timeRange } from './time-range.js';
import { tokenRoutes } from './token-routes.js';
import { traceView } from './trace-view.js';

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw badRequest(`${name} must be a list of strings`);
  return value as string[];
}

function optionalProject(q: URLSearchParams): ProjectId | undefined {
  const raw = q.get('project');
  return raw === null || raw === '' ? undefined : (positiveInt(raw, 'project') as ProjectId);
}

/** `{ [name]: value }` when value is defined, else `{}` (exactOptionalPropertyTypes). */
function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

/** The routes of the read API, mounted by the collector after authentication; the alert routes
 * when their deps are given. */
export function apiRouter(
  store: Store,
  publicUrl: URL,
  alerts?: Omit<AlertRouteDeps, 'store'>,
): Router<RouteScope> {
  const router = new Router<RouteScope>();
  const json = jsonRoute;
  const issueId = (p: Params) => positiveInt(p.issueId, 'issue id') as IssueId;

  // Written once, on first request, when every route is on the router.
  let documented: typeof OPENAPI | undefined;
  router.on(
    'GET',
    '/api/v1/openapi.json',
    'authenticated',
    json(200, async () => {
      documented ??= withScopes(OPENAPI, router.routes());
      return documented;
    }),
  );

  router.on(
    'GET',
    '/api/v1/projects',
    'project:read',
    json(200, async (_p, _u, req) => {
      const only = callerAccess(req).projectId;
      const projects = await store.listProjects();
      return { items: projects.filter((p) => only === null || p.id === only).map(presentProject) };
    }),
  );
  router.on(
    'POST',
    '/api/v1/projects',
    'admin',
    json(201, async (_p, _u, req) => {
      const body = objectBody(await readJson(req));
      if (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > 100)
        throw badRequest('name must be a non-empty string of at most 100 characters');
      const project = await store.createProject(body.name.trim());
      const key = await store.createKey(project.id);
      return { ...presentProject(project), keys: [presentKey(key, publicUrl)] };
    }),
  );
  router.on(
    'GET',
    '/api/v1/projects/:projectId',
    'project:read',
    json(200, async (p) => presentProject(found(await store.getProject(projectIdParam(p)), 'project'))),
  );
  router.on(
    'PATCH',
    '/api/v1/projects/:projectId',
    'project:write',
    json(200, async (p, _u, req) => {
      const body = objectBody(await readJson(req));
      const settings: Parameters<Store['updateProjectSettings']>[1] = {};
      if ('allowedOrigins' in body)
        settings.allowedOrigins = stringList(body.allowedOrigins, 'allowedOrigins');
      if ('scrubKeys' in body) settings.scrubKeys = stringList(body.scrubKeys, 'scrubKeys');
      if ('inboundFilters' in body) settings.inboundFilters = inboundFiltersParam(body.inboundFilters);
      if ('fingerprintRules' in body)
        settings.fingerprintRules = fingerprintRulesParam(body.fingerprintRules, 'fingerprintRules');
      if ('rateLimitPerMinute' in body) {
        const r = body.rateLimitPerMinute;
        if (r !== null && !(typeof r === 'number' && Number.isInteger(r) && r > 0))
          throw badRequest('rateLimitPerMinute must be a positive integer or null');
        settings.rateLimitPerMinute = r;
      }
      return presentProject(found(await store.updateProjectSettings(projectIdParam(p), settings), 'project'));
    }),
  );
  router.on(
    'GET',
    '/api/v1/projects/:projectId/keys',
    'admin',
    json(200, async (p) => ({
      items: (await store.listKeys(projectIdParam(p))).map((k) => presentKey(k, publicUrl)),
    })),
  );
  router.on(
    'POST',
    '/api/v1/projects/:projectId/keys',
    'admin',
    json(201, async (p) => {
      found(await store.getProject(projectIdParam(p)), 'project');
      return presentKey(await store.createKey(projectIdParam(p)), publicUrl);
    }),
  );
  // Revoked, not deleted: the key stays listed, disabled, and ingest answers it 403 on every
  // collector (the change notice makes them forget it at once).
  router.on('DELETE', '/api/v1/projects/:projectId/keys/:publicKey', 'admin', async (_req, res, p) => {
    const keys = await store.listKeys(projectIdParam(p));
    const key = keys.find((k) => k.publicKey === p.publicKey);
    if (key === undefined || !(await store.disableKey(key.publicKey))) throw notFound('key not found');
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
  });

  /** The filters, sort and page of an issue list, checked; the sparkline window when asked. */
  const issueListQuery = async (q: URLSearchParams, req: IncomingMessage) => {
    const status = q.get('status');
    // Checked before the list is read: a bad period costs no query.
    const statsFor = statsWindow(q, Date.now());
    const query = {
      ...(status ? { status: issueStatus(status) } : {}),
      ...(await assignedFilter(store, q, req)),
      release: filterText(q, 'release'),
      environment: filterText(q, 'environment'),
      text: filterText(q, 'query'),
      tag: tagFilters(q),
      sort: issueSort(q),
      cursor: filterText(q, 'cursor'),
      limit: pageSize(q),
    };
    return { query, statsFor };
  };
  const withStats = async (page: Page<IssueRecord>, statsFor: StatsWindow | undefined) => {
    if (statsFor === undefined) return { items: page.items.map(presentIssue), nextCursor: page.nextCursor };
    const ids = page.items.map((i) => i.id);
    const counts = await store.issueEventCounts({
      issueIds: ids,
      from: statsFor.from,
      to: statsFor.to,
      bucketMs: statsFor.bucketMs,
    });
    const stats = issueStats(statsFor, ids, counts);
    return {
      items: page.items.map((i) => ({ ...presentIssue(i), stats: stats.get(i.id) })),
      nextCursor: page.nextCursor,
    };
  };
  router.on(
    'GET',
    '/api/v1/projects/:projectId/issues',
    'project:read',
    json(200, async (p, url, req) => {
      const { query, statsFor } = await issueListQuery(url.searchParams, req);
      return withStats(await store.listIssues({ ...query, projectId: projectIdParam(p) }), statsFor);
    }),
  );
  // Every project the caller may read (a token limited to one: that one), merged.
  router.on(
    'GET',
    '/api/v1/issues',
    'project:read',
    json(200, async (_p, url, req) => {
      const { query, statsFor } = await issueListQuery(url.searchParams, req);
      const only = callerAccess(req).projectId;
      const projects = only === null ? (await store.listProjects()).map((project) => project.id) : [only];
      return withStats(await listIssuesAcross(store, projects, query), statsFor);
    }),
  );
  router.on(
    'GET',
    '/api/v1/issues/:issueId',
    'project:read',
    json(200, async (p) => {
      const issue = found(await store.getIssue(issueId(p)), 'issue');
      const latest = await store.listEvents({ issueId: issue.id, limit: 1 });
      const event = latest.items[0];
      return { ...presentIssue(issue), latestEvent: event ? presentEvent(event) : null };
    }),
  );
  router.on(
    'GET',
    '/api/v1/events/:eventId',
    'project:read',
    json(200, async (p, url) =>
      presentEvent(found(await store.getEvent(p.eventId ?? '', optionalProject(url.searchParams)), 'event')),
    ),
  );
  attachmentRoutes(router, store, optionalProject);
  router.on(
    'GET',
    '/api/v1/incidents/:id',
    'project:read',
    json(200, async (p, url) => {
      const matches = await store.findIncidents({
        id: p.id ?? '',
        ...optional('projectId', optionalProject(url.searchParams)),
        limit: MAX_INCIDENT_MATCHES,
      });
      const sampled =
        matches.events.length > 0
          ? undefined
          : await store.findSampled({
              id: p.id ?? '',
              ...optional('projectId', optionalProject(url.searchParams)),
              limit: MAX_INCIDENT_MATCHES,
            });
      const projects =
        matches.events.length === 0 && sampled?.occurrences.length === 0 ? [] : await store.listProjects();
      const names = new Map(projects.map((project) => [project.id, project.name]));
      return found(
        sampled === undefined ? presentIncident(matches, names) : presentSampled(sampled, names),
        'no event with this request id or event id',
      );
    }),
  );
  router.on(
    'GET',
    '/api/v1/projects/:projectId/releases',
    'project:read',
    json(200, async (p) => ({
      items: (await store.releaseHealth(projectIdParam(p))).map(presentReleaseHealth),
    })),
  );
  router.on(
    'GET',
    '/api/v1/projects/:projectId/releases/:version',
    'project:read',
    json(200, async (p) => {
      const id = projectIdParam(p);
      const version = p.version as string;
      const [meta, health, deploys] = await Promise.all([
        store.releaseMeta(version, [id]),
        store.releaseHealth(id),
        store.listDeploys(version, [id]),
      ]);
      const stats = health.find((r) => r.version === version);
      // A release only counted requests know (the middleware's rates) has no tool's word yet.
      const described =
        meta[0] ??
        (stats === undefined
          ? undefined
          : {
              projectId: id,
              version,
              createdAt: stats.firstSeen,
              releasedAt: null,
              url: null,
              status: 'open' as const,
              commits: [],
              refs: [],
            });
      return presentReleaseDetail(
        found(described, `release ${JSON.stringify(version)}`),
        deploys,
        stats === undefined ? null : presentReleaseHealth(stats),
      );
    }),
  );
  router.on(
    'GET',
    '/api/v1/releases',
    'project:read',
    json(200, async (_p, url) => ({
      items: (await store.releaseHealth(optionalProject(url.searchParams))).map(presentReleaseHealth),
    })),
  );
  router.on(
    'GET',
    '/api/v1/rates',
    'project:read',
    json(200, async (_p, url) => {
      const q = url.searchParams;
      const by = q.get('by') ?? 'route';
      if (by !== 'route' && by !== 'release') throw badRequest('by must be route or release');
      const range = timeRange(q, Date.now());
      const bucketMs = bucketFor(range.to - range.from);
      // Whole buckets, so the first point is not a partial one.
      const from = Math.floor(range.from / bucketMs) * bucketMs;
      const environment = filterText(q, 'environment');
      const release = filterText(q, 'release');
      const points = await store.routeRates({
        by,
        from,
        to: range.to,
        bucketMs,
        ...optional('projectId', optionalProject(q)),
        ...optional('environment', environment),
        ...optional('release', release),
      });
      return {
        by,
        since: new Date(from).toISOString(),
        until: new Date(range.to).toISOString(),
        bucketSeconds: bucketMs / 1000,
        series: rateSeries(points),
      };
    }),
  );
  router.on(
    'GET',
    '/api/v1/traces/:traceId',
    'project:read',
    json(200, async (p) => {
      const traceId = (p.traceId ?? '').toLowerCase();
      if (!/^[0-9a-f]{32}$/.test(traceId)) throw badRequest('trace id must be 32 hex characters');
      return found(await traceView(store, traceId), 'trace');
    }),
  );
  issueStatusRoutes(router, store);
  issueDetailRoutes(router, store);
  gateRoutes(router, store);
  mergeRoutes(router, store);
  teamRoutes(router, store);
  tokenRoutes(router, store);
  discardRoutes(router, store);
  fingerprintRuleRoutes(router, store);
  if (alerts !== undefined) {
    alertRoutes(router, { store, ...alerts });
    silenceRoutes(router, store);
    previewRoute(router, store);
  }
  return router;
}
