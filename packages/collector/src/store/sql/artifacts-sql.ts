/**
 * Uploaded chunks and the artifact bundles assembled from them (sentry-cli's chunk-upload
 * protocol, sentry-cli.md §2). Chunks are keyed by their SHA-1, so storing one twice is a no-op;
 * they are deleted once a bundle made of them is stored. A bundle is keyed by the SHA-1 of its
 * zip and linked to each project it was uploaded for.
 */

import { MAX_ARTIFACT_URL_MATCHES } from '../../limits.js';
import type { ProjectId } from '../ids.js';
import type { ArtifactUrlMatch, ArtifactUrlQuery, NewArtifactBundle } from '../records.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

/** The artifact operations of a SQL store. */
export function artifactsSql(ctx: SqlContext) {
  return {
    async putUploadChunks(chunks: readonly { checksum: string; data: Buffer }[], now: number): Promise<void> {
      await ctx.transaction(async (exec) => {
        for (const c of chunks)
          await exec.run(
            'INSERT INTO upload_chunks (checksum, data, created_at) VALUES (?, ?, ?) ON CONFLICT (checksum) DO NOTHING',
            [c.checksum, c.data, now],
          );
      });
    },

    /** The checksums of these that no stored chunk has, in the order asked, each once. */
    async missingUploadChunks(checksums: readonly string[]): Promise<string[]> {
      const d = ctx.read.dialect;
      const unique = [...new Set(checksums)];
      if (unique.length === 0) return [];
      const rows = await ctx.read.all<Row>(
        `SELECT checksum FROM upload_chunks WHERE ${d.anyOf('checksum')}`,
        [d.listParam(unique)],
      );
      const have = new Set(rows.map((r) => String(r.checksum)));
      return unique.filter((c) => !have.has(c));
    },

    async uploadChunks(checksums: readonly string[]): Promise<Map<string, Buffer>> {
      const d = ctx.read.dialect;
      const rows = await ctx.read.all<Row>(
        `SELECT checksum, data FROM upload_chunks WHERE ${d.anyOf('checksum')}`,
        [d.listParam([...new Set(checksums)])],
      );
      return new Map(rows.map((r) => [String(r.checksum), Buffer.from(r.data as Uint8Array)]));
    },

    /** Removes these chunks (a bundle made of them was refused). */
    async deleteUploadChunks(checksums: readonly string[]): Promise<void> {
      if (checksums.length === 0) return;
      await ctx.transaction(async (exec) => {
        const d = exec.dialect;
        await exec.run(`DELETE FROM upload_chunks WHERE ${d.anyOf('checksum')}`, [
          d.listParam([...new Set(checksums)]),
        ]);
      });
    },

    /** The stored bundle with this checksum, if any. */
    async artifactBundleId(checksum: string): Promise<number | undefined> {
      const row = await ctx.read.get<Row>('SELECT id FROM artifact_bundles WHERE checksum = ?', [checksum]);
      return row === undefined ? undefined : Number(row.id);
    },

    /**
     * Stores the bundle for these projects (once: a second upload of the same zip only links
     * more projects) and deletes the chunks it was made of; resolves to its id.
     */
    async storeArtifactBundle(
      bundle: NewArtifactBundle,
      projectIds: readonly ProjectId[],
      chunks: readonly string[],
    ): Promise<number> {
      return ctx.transaction(async (exec) => {
        const known = await exec.get<Row>('SELECT id FROM artifact_bundles WHERE checksum = ?', [
          bundle.checksum,
        ]);
        let id = known === undefined ? undefined : Number(known.id);
        if (id === undefined) {
          const row = await exec.get<Row>(
            'INSERT INTO artifact_bundles (checksum, bundle_debug_id, release, dist, size, files, created_at, last_used_at) ' +
              'VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
            [
              bundle.checksum,
              bundle.bundleDebugId,
              bundle.release,
              bundle.dist,
              bundle.size,
              bundle.files.length,
              bundle.createdAt,
              bundle.createdAt,
            ],
          );
          id = Number(row?.id);
          for (const f of bundle.files)
            await exec.run(
              'INSERT INTO artifact_files (bundle_id, path, url, kind, debug_id, sourcemap, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
              [id, f.path, f.url, f.kind, f.debugId, f.sourcemap, f.data],
            );
        }
        for (const projectId of projectIds)
          await exec.run(
            'INSERT INTO artifact_bundle_projects (project_id, bundle_id) VALUES (?, ?) ON CONFLICT (project_id, bundle_id) DO NOTHING',
            [projectId, id],
          );
        const d = exec.dialect;
        if (chunks.length > 0)
          await exec.run(`DELETE FROM upload_chunks WHERE ${d.anyOf('checksum')}`, [
            d.listParam([...new Set(chunks)]),
          ]);
        return id;
      });
    },

    /** Marks the bundles holding this debug ID as used now (retention keeps used bundles). */
    async touchArtifactBundles(projectId: ProjectId, debugId: string, now: number): Promise<void> {
      await ctx.transaction((exec) =>
        exec.run(
          'UPDATE artifact_bundles SET last_used_at = ? WHERE id IN (SELECT f.bundle_id FROM artifact_files f ' +
            'JOIN artifact_bundle_projects p ON p.bundle_id = f.bundle_id WHERE p.project_id = ? AND f.debug_id = ?)',
          [now, projectId, debugId.toLowerCase()],
        ),
      );
    },

    /** Removes chunks stored before `chunksBefore` and bundles unused since `bundlesUnusedSince`
     * (their files and project links go with them); how many of each. */
    async pruneArtifacts(
      chunksBefore: number,
      bundlesUnusedSince: number,
    ): Promise<{ chunks: number; bundles: number }> {
      return ctx.transaction(
        async (exec) => {
          const chunks = await exec.run('DELETE FROM upload_chunks WHERE created_at < ?', [chunksBefore]);
          const old = 'SELECT id FROM artifact_bundles WHERE last_used_at < ?';
          await exec.run(`DELETE FROM artifact_files WHERE bundle_id IN (${old})`, [bundlesUnusedSince]);
          await exec.run(`DELETE FROM artifact_bundle_projects WHERE bundle_id IN (${old})`, [
            bundlesUnusedSince,
          ]);
          const bundles = await exec.run('DELETE FROM artifact_bundles WHERE last_used_at < ?', [
            bundlesUnusedSince,
          ]);
          return { chunks, bundles };
        },
        { background: true },
      );
    },

    /** The files of a project's bundles with this debug ID (a JS file and its map), newest bundle first. */
    async artifactFilesByDebugId(projectId: ProjectId, debugId: string) {
      const rows = await ctx.read.all<Row>(
        'SELECT f.* FROM artifact_files f JOIN artifact_bundle_projects p ON p.bundle_id = f.bundle_id ' +
          'WHERE p.project_id = ? AND f.debug_id = ? ORDER BY f.bundle_id DESC',
        [projectId, debugId.toLowerCase()],
      );
      return rows.map(artifactFile);
    },

    /** A project's files of the release (and dist) at one of the candidate URLs, best first. */
    async artifactFilesByUrl(projectId: ProjectId, query: ArtifactUrlQuery): Promise<ArtifactUrlMatch[]> {
      if (query.urls.length === 0 || query.kinds.length === 0) return [];
      const d = ctx.read.dialect;
      // The url index leads: a row per bundle holding one of the URLs, the release checked on
      // each. Measured on SQLite: 0.3 ms with 100 bundles of 10,000 files, 2.4 ms with 2,000
      // bundles of 200 all holding ~/app.js. Led by the project's bundles (a plain join, which
      // SQLite picks) every file of the release's bundles is read: 71 ms and 1 ms. The project
      // is an EXISTS so the planner cannot start from it.
      const rows = await ctx.read.all<Row>(
        'SELECT f.* FROM artifact_files f JOIN artifact_bundles b ON b.id = f.bundle_id ' +
          `WHERE ${d.anyOf('f.url')} AND ${d.anyOf('f.kind')} AND b.release = ? AND (b.dist IS NULL OR b.dist = ?) ` +
          'AND EXISTS (SELECT 1 FROM artifact_bundle_projects p WHERE p.project_id = ? AND p.bundle_id = f.bundle_id) ' +
          'ORDER BY LENGTH(f.url) DESC, (b.dist IS NULL), f.bundle_id DESC LIMIT ?',
        [
          d.listParam([...new Set(query.urls)]),
          d.listParam([...new Set(query.kinds)]),
          query.release,
          query.dist,
          projectId,
          MAX_ARTIFACT_URL_MATCHES,
        ],
      );
      return rows.map((r) => ({ ...artifactFile(r), bundleId: Number(r.bundle_id) }));
    },

    async touchArtifactBundle(bundleId: number, now: number): Promise<void> {
      await ctx.transaction((exec) =>
        exec.run('UPDATE artifact_bundles SET last_used_at = ? WHERE id = ?', [now, bundleId]),
      );
    },
  };
}

function artifactFile(r: Row) {
  return {
    path: String(r.path),
    url: String(r.url),
    kind: String(r.kind),
    debugId: r.debug_id === null ? null : String(r.debug_id),
    sourcemap: r.sourcemap === null ? null : String(r.sourcemap),
    data: Buffer.from(r.data as Uint8Array),
  };
}
