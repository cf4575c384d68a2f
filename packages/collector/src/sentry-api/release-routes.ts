/**
 * The release and deploy routes of Sentry's API that sentry-cli calls (sentry-cli.md §1.3–§1.6):
 * `releases new | finalize | set-commits | archive | restore | delete | list | info` and
 * `deploys new | list`. The organization in the path is any slug: a collector is one organization.
 */

import type { IncomingMessage } from 'node:http';
import { badRequest, notFound, type RouteScope } from '@faultline/core';
import { limitProjects, requireProject } from '../api/access.js';
import { callerAccess } from '../api/request-caller.js';
import { readJson } from '../http/json.js';
import type { Router } from '../http/router.js';
import { SENTRY_API_MAX_RELEASES_LISTED } from '../limits.js';
import type { ProjectId, ReleaseMetaRecord, Store } from '../store/index.js';
import { presentDeploy, presentRelease } from './present-release.js';
import { parseNewDeploy, parseNewRelease, parseReleaseUpdate, releaseVersion } from './release-body.js';
import { resolveProjects } from './resolve-projects.js';
import { type SentryRoute, sentryJson } from './sentry-json.js';
import { BODY, ORG } from './sentry-paths.js';

const RELEASE = `${ORG}/releases/:version`;

/** sentry-cli turns this route's 404 into "Release not found. Ensure that you configured…". */
const releaseNotFound = (version: string) => notFound(`release ${JSON.stringify(version)} not found`);

/** The rows of each release, grouped by version, in the order first met. */
function byVersion(rows: readonly ReleaseMetaRecord[]): ReleaseMetaRecord[][] {
  const groups = new Map<string, ReleaseMetaRecord[]>();
  for (const r of rows) groups.set(r.version, [...(groups.get(r.version) ?? []), r]);
  return [...groups.values()];
}

/**
 * Adds the routes to `router`.
 * @example releaseRoutes(router, store, Date.now)
 */
export function releaseRoutes(router: Router<RouteScope>, store: Store, now: () => number): void {
  /** The projects named, narrowed to the caller's token's project when it is limited to one. */
  const projectsOf = async (
    refs: readonly (string | number)[] | undefined,
    req: IncomingMessage,
  ): Promise<ProjectId[] | undefined> =>
    limitProjects(
      callerAccess(req),
      refs === undefined ? undefined : resolveProjects(refs, await store.listProjects()),
    );
  const show = async (rows: ReleaseMetaRecord[]) => {
    const first = rows[0] as ReleaseMetaRecord;
    const ids = rows.map((r) => r.projectId);
    return presentRelease(rows, await store.listProjects(), await store.listDeploys(first.version, ids));
  };
  const list = async (projectIds: ProjectId[] | undefined) => {
    const rows = await store.listReleaseMeta(projectIds, SENTRY_API_MAX_RELEASES_LISTED);
    const projects = await store.listProjects();
    return byVersion(rows).map((group) => presentRelease(group, projects));
  };

  const route = (method: string, path: string, handler: SentryRoute) =>
    router.on(method, path, 'project:releases', sentryJson(handler));

  route('POST', `${ORG}/releases`, async (_p, req) => {
    const body = parseNewRelease(await readJson(req, BODY));
    const ids = await projectsOf(body.projects, req);
    if (ids === undefined) {
      // No project: a change of the release wherever it is (`releases archive | restore`).
      const changes = {
        ...body.changes,
        ...(body.releasedAt === undefined ? {} : { releasedAt: body.releasedAt }),
        ...(body.url === undefined ? {} : { url: body.url }),
      };
      const rows = await store.updateRelease(body.version, undefined, changes);
      if (rows.length === 0)
        throw badRequest(
          `release ${JSON.stringify(body.version)} not found; name its projects to create it (sentry-cli: --project)`,
        );
      return [200, await show(rows)];
    }
    const made = await store.createRelease(ids, body.version, {
      createdAt: now(),
      ...(body.releasedAt === undefined ? {} : { releasedAt: body.releasedAt }),
      ...(body.url === undefined ? {} : { url: body.url }),
    });
    const rows =
      Object.keys(body.changes).length === 0
        ? made.releases
        : await store.updateRelease(body.version, ids, body.changes);
    // Sentry answers 208 for a release that already existed; sentry-cli takes any status below 400.
    return [made.created ? 201 : 208, await show(rows)];
  });
  route('GET', `${ORG}/releases`, async (_p, req, url) => {
    const project = url.searchParams.get('project');
    return [200, await list(await projectsOf(project === null ? undefined : [project], req))];
  });
  route('GET', '/api/0/projects/:org/:project/releases', async (p, req) => [
    200,
    await list(await projectsOf([p.project as string], req)),
  ]);
  route('GET', RELEASE, async (p, req) => {
    const version = releaseVersion(p.version);
    const rows = await store.releaseMeta(version, await projectsOf(undefined, req));
    if (rows.length === 0) throw releaseNotFound(version);
    return [200, await show(rows)];
  });
  route('PUT', RELEASE, async (p, req) => {
    const version = releaseVersion(p.version);
    const body = parseReleaseUpdate(await readJson(req, BODY));
    const rows = await store.updateRelease(version, await projectsOf(body.projects, req), body.changes);
    if (rows.length === 0) throw releaseNotFound(version);
    return [200, await show(rows)];
  });
  route('DELETE', RELEASE, async (p, req) => {
    // A release is deleted from every project it is in: not a limited token's to do.
    requireProject(callerAccess(req), undefined);
    const version = releaseVersion(p.version);
    if ((await store.deleteReleaseMeta(version)) === 0) throw releaseNotFound(version);
    return [204, undefined];
  });
  // `set-commits` bounds its commit range by the previous release's last commit; `{}` is "none".
  route('GET', `${RELEASE}/previous-with-commits`, async (p, req) => {
    const version = releaseVersion(p.version);
    const current = await store.releaseMeta(version, await projectsOf(undefined, req));
    if (current.length === 0) throw releaseNotFound(version);
    const since = Math.min(...current.map((r) => r.createdAt));
    const rows = await store.listReleaseMeta(
      current.map((r) => r.projectId),
      SENTRY_API_MAX_RELEASES_LISTED,
    );
    const previous = rows.find((r) => r.version !== version && r.createdAt <= since && r.commits.length > 0);
    return [200, previous === undefined ? {} : await show([previous])];
  });
  // No repository integrations: an empty list makes sentry-cli send the commits it reads itself.
  route('GET', `${ORG}/repos`, async () => [200, []]);
  route('POST', `${RELEASE}/deploys`, async (p, req) => {
    const version = releaseVersion(p.version);
    const body = parseNewDeploy(await readJson(req, BODY), now());
    const named = await projectsOf(body.projects, req);
    const has = (await store.releaseMeta(version, named)).map((r) => r.projectId);
    if (has.length === 0) throw releaseNotFound(version);
    const { projects: _, ...deploy } = body;
    const made = await store.addDeploy(has, { version, ...deploy });
    return [201, presentDeploy(made[0] as (typeof made)[number])];
  });
  route('GET', `${RELEASE}/deploys`, async (p, req) => {
    const version = releaseVersion(p.version);
    const scope = await projectsOf(undefined, req);
    if ((await store.releaseMeta(version, scope)).length === 0) throw releaseNotFound(version);
    // One deploy to several projects is one row per project: show it once.
    const seen = new Set<string>();
    const deploys = (await store.listDeploys(version, scope)).filter((d) => {
      const key = `${d.environment}\n${d.name}\n${d.finishedAt}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    });
    return [200, deploys.map(presentDeploy)];
  });
}
