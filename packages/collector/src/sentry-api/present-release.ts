/** Releases and deploys as Sentry's API shows them (the fields sentry-cli reads, and a few more). */

import type { DeployRecord, ProjectRecord, ReleaseMetaRecord } from '../store/index.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * One release over the projects that have it: created when the first did, released when one
 * was finalized (the latest), its commits as the project with most of them has them.
 * @param rows at least one
 * @example presentRelease(await store.releaseMeta('1.2.3'), projects, deploys)
 */
export function presentRelease(
  rows: readonly ReleaseMetaRecord[],
  projects: readonly ProjectRecord[],
  deploys: readonly DeployRecord[] = [],
) {
  const first = rows[0] as ReleaseMetaRecord;
  const released = rows.map((r) => r.releasedAt).filter((t): t is number => t !== null);
  const commits = rows.reduce(
    (most, r) => (r.commits.length > most.length ? r.commits : most),
    first.commits,
  );
  const refs = rows.flatMap((r) => r.refs);
  const names = new Map(projects.map((p) => [p.id, p.name]));
  const lastDeploy = deploys[0];
  return {
    version: first.version,
    shortVersion: first.version,
    dateCreated: iso(Math.min(...rows.map((r) => r.createdAt))),
    dateReleased: released.length === 0 ? null : iso(Math.max(...released)),
    url: rows.find((r) => r.url !== null)?.url ?? null,
    status: rows.every((r) => r.status === 'archived') ? 'archived' : 'open',
    projects: rows.map((r) => ({
      id: String(r.projectId),
      slug: names.get(r.projectId) ?? String(r.projectId),
      name: names.get(r.projectId) ?? String(r.projectId),
    })),
    commitCount: commits.length,
    lastCommit: commits[0] === undefined ? null : { id: commits[0].id },
    refs,
    deployCount: deploys.length,
    lastDeploy: lastDeploy === undefined ? null : presentDeploy(lastDeploy),
  };
}

/** @example presentDeploy(deploy).environment // 'production' */
export function presentDeploy(d: DeployRecord) {
  return {
    id: String(d.id),
    environment: d.environment,
    name: d.name,
    url: d.url,
    dateStarted: iso(d.startedAt),
    dateFinished: iso(d.finishedAt),
  };
}
