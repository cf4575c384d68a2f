/**
 * Releases as release tools describe them (sentry-cli: created, finalized, commits, deploys),
 * beside the `releases` rows events make. A release events made first is a release too: an
 * update or a deploy of it first copies it into release_meta, with its first event's time.
 */

import type { ProjectId } from '../ids.js';
import type { DeployRecord, ReleaseMetaRecord, ReleasePatch } from '../records.js';
import type { SqlContext, SqlExecutor } from './executor.js';
import type { Row } from './rows.js';

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const time = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toReleaseMeta(r: Row): ReleaseMetaRecord {
  return {
    projectId: Number(r.project_id) as ProjectId,
    version: String(r.version),
    createdAt: Number(r.created_at),
    releasedAt: time(r.released_at),
    url: text(r.url),
    status: r.status === 'archived' ? 'archived' : 'open',
    commits: JSON.parse(String(r.commits)),
    refs: JSON.parse(String(r.refs)),
  };
}

function toDeploy(r: Row): DeployRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id) as ProjectId,
    version: String(r.version),
    environment: String(r.environment),
    name: text(r.name),
    url: text(r.url),
    startedAt: time(r.started_at),
    finishedAt: Number(r.finished_at),
  };
}

/** Copies the release's event-made rows of these projects into release_meta (none twice). */
async function adoptEventReleases(exec: SqlExecutor, version: string, projectIds: readonly ProjectId[]) {
  const d = exec.dialect;
  await exec.run(
    'INSERT INTO release_meta (project_id, version, created_at) ' +
      `SELECT project_id, version, first_seen FROM releases WHERE version = ? AND ${d.anyOf('project_id')} ` +
      'ON CONFLICT (project_id, version) DO NOTHING',
    [version, d.listParam(projectIds)],
  );
}

async function metaOf(exec: SqlExecutor, version: string, projectIds: readonly ProjectId[]) {
  const rows = await exec.all<Row>(
    `SELECT * FROM release_meta WHERE version = ? AND ${exec.dialect.anyOf('project_id')} ORDER BY project_id`,
    [version, exec.dialect.listParam(projectIds)],
  );
  return rows.map(toReleaseMeta);
}

/** The projects that have the release, from either table. */
async function projectsWith(exec: SqlExecutor, version: string): Promise<ProjectId[]> {
  const rows = await exec.all<Row>(
    'SELECT project_id FROM release_meta WHERE version = ? UNION SELECT project_id FROM releases WHERE version = ?',
    [version, version],
  );
  return rows.map((r) => Number(r.project_id) as ProjectId).sort((a, b) => a - b);
}

/** The release-metadata operations of a SQL store. */
export function releaseMetaSql(ctx: SqlContext) {
  return {
    async createRelease(
      projectIds: readonly ProjectId[],
      version: string,
      fields: { createdAt: number; releasedAt?: number | null; url?: string | null },
    ): Promise<{ created: boolean; releases: ReleaseMetaRecord[] }> {
      return ctx.transaction(async (exec) => {
        await adoptEventReleases(exec, version, projectIds);
        let created = 0;
        for (const projectId of projectIds)
          created += await exec.run(
            'INSERT INTO release_meta (project_id, version, created_at, released_at, url) VALUES (?, ?, ?, ?, ?) ' +
              'ON CONFLICT (project_id, version) DO NOTHING',
            [projectId, version, fields.createdAt, fields.releasedAt ?? null, fields.url ?? null],
          );
        await patch(exec, version, projectIds, {
          ...(fields.releasedAt === undefined || fields.releasedAt === null
            ? {}
            : { releasedAt: fields.releasedAt }),
          ...(fields.url === undefined || fields.url === null ? {} : { url: fields.url }),
        });
        return { created: created > 0, releases: await metaOf(exec, version, projectIds) };
      });
    },

    /** Updates the release in these projects (every project that has it when undefined);
     * resolves to what it became, empty when no project has it. */
    async updateRelease(
      version: string,
      projectIds: readonly ProjectId[] | undefined,
      changes: ReleasePatch,
    ): Promise<ReleaseMetaRecord[]> {
      return ctx.transaction(async (exec) => {
        const known = await projectsWith(exec, version);
        const ids = projectIds === undefined ? known : projectIds.filter((id) => known.includes(id));
        if (ids.length === 0) return [];
        await adoptEventReleases(exec, version, ids);
        await patch(exec, version, ids, changes);
        return metaOf(exec, version, ids);
      });
    },

    /** The release in these projects (every project that has it when undefined). */
    async releaseMeta(version: string, projectIds?: readonly ProjectId[]): Promise<ReleaseMetaRecord[]> {
      const rows = await ctx.read.all<Row>(
        'SELECT m.* FROM release_meta m WHERE m.version = ? UNION ALL ' +
          'SELECT r.project_id, r.version, r.first_seen AS created_at, NULL AS released_at, NULL AS url, ' +
          "'open' AS status, '[]' AS commits, '[]' AS refs FROM releases r WHERE r.version = ? AND NOT EXISTS " +
          '(SELECT 1 FROM release_meta m2 WHERE m2.project_id = r.project_id AND m2.version = r.version)',
        [version, version],
      );
      return rows
        .map(toReleaseMeta)
        .filter((r) => projectIds === undefined || projectIds.includes(r.projectId))
        .sort((a, b) => a.projectId - b.projectId);
    },

    /** Releases of these projects (all when undefined) that a release tool described, newest first. */
    async listReleaseMeta(
      projectIds: readonly ProjectId[] | undefined,
      limit: number,
    ): Promise<ReleaseMetaRecord[]> {
      const d = ctx.read.dialect;
      const rows =
        projectIds === undefined
          ? await ctx.read.all<Row>('SELECT * FROM release_meta ORDER BY created_at DESC, version LIMIT ?', [
              limit,
            ])
          : await ctx.read.all<Row>(
              `SELECT * FROM release_meta WHERE ${d.anyOf('project_id')} ORDER BY created_at DESC, version LIMIT ?`,
              [d.listParam(projectIds), limit],
            );
      return rows.map(toReleaseMeta);
    },

    /** Forgets what release tools said about the release (its events stay); the rows removed. */
    async deleteReleaseMeta(version: string, projectIds?: readonly ProjectId[]): Promise<number> {
      return ctx.transaction(async (exec) => {
        const d = exec.dialect;
        const scope = projectIds === undefined ? '' : ` AND ${d.anyOf('project_id')}`;
        const params = projectIds === undefined ? [version] : [version, d.listParam(projectIds)];
        await exec.run(`DELETE FROM deploys WHERE version = ?${scope}`, params);
        return exec.run(`DELETE FROM release_meta WHERE version = ?${scope}`, params);
      });
    },

    /** Records a deploy of the release in each project (which must have it: see updateRelease). */
    async addDeploy(
      projectIds: readonly ProjectId[],
      deploy: Omit<DeployRecord, 'id' | 'projectId'>,
    ): Promise<DeployRecord[]> {
      return ctx.transaction(async (exec) => {
        await adoptEventReleases(exec, deploy.version, projectIds);
        const made: DeployRecord[] = [];
        for (const projectId of projectIds) {
          const row = await exec.get<Row>(
            'INSERT INTO deploys (project_id, version, environment, name, url, started_at, finished_at) ' +
              'VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
            [
              projectId,
              deploy.version,
              deploy.environment,
              deploy.name,
              deploy.url,
              deploy.startedAt,
              deploy.finishedAt,
            ],
          );
          if (row) made.push(toDeploy(row));
        }
        return made;
      });
    },

    /** Deploys of the release (in these projects), newest first. */
    async listDeploys(version: string, projectIds?: readonly ProjectId[]): Promise<DeployRecord[]> {
      const rows = await ctx.read.all<Row>(
        'SELECT * FROM deploys WHERE version = ? ORDER BY finished_at DESC, id DESC',
        [version],
      );
      return rows.map(toDeploy).filter((d) => projectIds === undefined || projectIds.includes(d.projectId));
    },
  };
}

async function patch(exec: SqlExecutor, version: string, projectIds: readonly ProjectId[], p: ReleasePatch) {
  const sets: string[] = [];
  const params: unknown[] = [];
  const set = (column: string, value: unknown) => {
    sets.push(`${column} = ?`);
    params.push(value);
  };
  if (p.releasedAt !== undefined) set('released_at', p.releasedAt);
  if (p.url !== undefined) set('url', p.url);
  if (p.status !== undefined) set('status', p.status);
  if (p.commits !== undefined) set('commits', JSON.stringify(p.commits));
  if (p.refs !== undefined) set('refs', JSON.stringify(p.refs));
  if (sets.length === 0) return;
  await exec.run(
    `UPDATE release_meta SET ${sets.join(', ')} WHERE version = ? AND ${exec.dialect.anyOf('project_id')}`,
    [...params, version, exec.dialect.listParam(projectIds)],
  );
}
