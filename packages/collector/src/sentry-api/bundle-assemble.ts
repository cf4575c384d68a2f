/**
 * `POST …/artifactbundle/assemble/` (sentry-cli.md §2.3): the state machine sentry-cli 3.x
 * drives. Known bundle → `ok`; a chunk missing → `not_found` with exactly the missing chunks
 * (sentry-cli uploads those, and nothing at all if told `created` too early); else the chunks
 * are joined in the order given, checked against the bundle's checksum, read, and stored, and
 * the answer is `ok` at once (bundles are a few MB; no worker to wait on), or `error` with why.
 */

import { createHash } from 'node:crypto';
import { badRequest } from '@faultline/core';
import { MAX_ARTIFACT_BUNDLE_BYTES } from '../limits.js';
import type { ProjectId, Store } from '../store/index.js';
import { BundleError, readBundle } from './read-bundle.js';
import { objectBody, type ProjectRef, releaseVersion } from './release-body.js';

const SHA1 = /^[0-9a-f]{40}$/;

export interface AssembleRequest {
  checksum: string;
  chunks: string[];
  projects: ProjectRef[];
  version: string | null;
  dist: string | null;
}

/** @example parseAssemble({ checksum, chunks: [checksum], projects: ['api'] }) */
export function parseAssemble(raw: unknown): AssembleRequest {
  const body = objectBody(raw);
  const checksum = body.checksum;
  if (typeof checksum !== 'string' || !SHA1.test(checksum))
    throw badRequest('checksum must be a SHA-1 (40 hex digits)');
  const chunks = body.chunks;
  if (!Array.isArray(chunks) || !chunks.every((c) => typeof c === 'string' && SHA1.test(c)))
    throw badRequest('chunks must be a list of SHA-1 checksums');
  const projects = body.projects;
  if (
    !Array.isArray(projects) ||
    projects.length === 0 ||
    !projects.every((p) => typeof p === 'string' || Number.isInteger(p))
  )
    throw badRequest('projects must name at least one project');
  const version = body.version === undefined || body.version === null ? null : releaseVersion(body.version);
  const dist = typeof body.dist === 'string' ? body.dist : null;
  return { checksum, chunks, projects, version, dist };
}

/** What sentry-cli reads back: `missingChunks` always, even empty. */
export interface AssembleAnswer {
  state: 'ok' | 'not_found' | 'error';
  missingChunks: string[];
  detail: string | null;
}

/**
 * @example await assembleBundle(store, request, [1], Date.now()) // { state: 'not_found', missingChunks: [...] }
 */
export async function assembleBundle(
  store: Store,
  request: AssembleRequest,
  projectIds: readonly ProjectId[],
  now: number,
): Promise<AssembleAnswer> {
  const answer = (
    state: AssembleAnswer['state'],
    detail: string | null = null,
    missingChunks: string[] = [],
  ) => ({
    state,
    missingChunks,
    detail,
  });
  if ((await store.artifactBundleId(request.checksum)) !== undefined) {
    // The same zip again (an identical build): only link the projects named this time.
    await store.storeArtifactBundle(
      {
        checksum: request.checksum,
        bundleDebugId: null,
        release: null,
        dist: null,
        size: 0,
        files: [],
        createdAt: now,
      },
      projectIds,
      [],
    );
    return answer('ok');
  }
  const missing = await store.missingUploadChunks(request.chunks);
  if (missing.length > 0) return answer('not_found', null, missing);
  const stored = await store.uploadChunks(request.chunks);
  const size = request.chunks.reduce((n, c) => n + (stored.get(c)?.length ?? 0), 0);
  if (size > MAX_ARTIFACT_BUNDLE_BYTES) {
    await store.deleteUploadChunks(request.chunks);
    return answer(
      'error',
      `the bundle is larger than MAX_ARTIFACT_BUNDLE_BYTES (${MAX_ARTIFACT_BUNDLE_BYTES} bytes)`,
    );
  }
  // Chunks in the order given, repeats included.
  const zip = Buffer.concat(request.chunks.map((c) => stored.get(c) as Buffer));
  const actual = createHash('sha1').update(zip).digest('hex');
  if (actual !== request.checksum) {
    await store.deleteUploadChunks(request.chunks);
    return answer('error', `the chunks join to ${actual}, not to the bundle's checksum ${request.checksum}`);
  }
  try {
    const bundle = await readBundle(zip);
    await store.storeArtifactBundle(
      {
        checksum: request.checksum,
        bundleDebugId: bundle.bundleDebugId,
        release: request.version ?? bundle.release,
        dist: request.dist ?? bundle.dist,
        size: zip.length,
        files: bundle.files,
        createdAt: now,
      },
      projectIds,
      request.chunks,
    );
    return answer('ok');
  } catch (error) {
    if (error instanceof BundleError) {
      await store.deleteUploadChunks(request.chunks);
      return answer('error', `the bundle was refused: ${error.message}`);
    }
    throw error;
  }
}
