/**
 * The JSON bodies sentry-cli sends for releases and deploys, checked field by field: a wrong
 * field gets a 400 naming it (sentry-cli prints the `detail`), a missing optional one is absent.
 * Unknown fields are ignored, as Sentry ignores them.
 */

import { badRequest } from '@faultline/core';
import {
  MAX_RELEASE_COMMITS,
  MAX_RELEASE_FIELD_CHARS,
  MAX_RELEASE_LENGTH,
  MAX_RELEASE_REFS,
} from '../limits.js';
import type { ReleaseCommit, ReleasePatch, ReleaseRef } from '../store/index.js';

type Json = Record<string, unknown>;

/** A project as sentry-cli names it: Faultline's numeric id (number or string) or its name. */
export type ProjectRef = string | number;

export function objectBody(body: unknown): Json {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('the body must be a JSON object');
  return body as Json;
}

function optionalText(body: Json, field: string, max = MAX_RELEASE_FIELD_CHARS): string | null | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') throw badRequest(`${field} must be a string`);
  if (v.length > max) throw badRequest(`${field} is longer than ${max} characters`);
  return v;
}

/** An RFC 3339 time as ms; absent → undefined, null → null. */
function optionalTime(body: Json, field: string): number | null | undefined {
  const v = body[field];
  if (v === undefined || v === null) return v;
  const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) throw badRequest(`${field} must be an RFC 3339 time, like 2026-12-07T10:00:00Z`);
  return ms;
}

/**
 * A release version as Sentry accepts it: non-empty, at most MAX_RELEASE_LENGTH characters, no
 * `/`, no newline, not `.`, `..` or `latest` (sentry-cli refuses those too).
 * @example releaseVersion('api@1.2.3') // 'api@1.2.3'
 */
export function releaseVersion(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw badRequest('version must be a non-empty string');
  if (value.length > MAX_RELEASE_LENGTH)
    throw badRequest(`version is longer than ${MAX_RELEASE_LENGTH} characters`);
  if (/[/\r\n\t\0]/.test(value) || value === '.' || value === '..' || value === 'latest')
    throw badRequest(`version ${JSON.stringify(value)} is not a valid release version`);
  return value;
}

function projectRefs(body: Json): ProjectRef[] | undefined {
  const v = body.projects;
  if (v === undefined || v === null) return undefined;
  if (
    !Array.isArray(v) ||
    !v.every((p) => typeof p === 'string' || (typeof p === 'number' && Number.isInteger(p)))
  )
    throw badRequest('projects must be a list of project names or ids');
  return v as ProjectRef[];
}

function commitsOf(body: Json): ReleaseCommit[] | undefined {
  const v = body.commits;
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw badRequest('commits must be a list');
  if (v.length > MAX_RELEASE_COMMITS) throw badRequest(`at most ${MAX_RELEASE_COMMITS} commits per release`);
  return v.map((c, i) => {
    const commit = objectBody(c);
    const id = optionalText(commit, 'id');
    if (!id) throw badRequest(`commits[${i}].id must be a commit id`);
    const cut = (field: string) => {
      const t = commit[field];
      return typeof t === 'string' ? t.slice(0, MAX_RELEASE_FIELD_CHARS) : null;
    };
    return {
      id,
      repository: cut('repository'),
      message: cut('message'),
      authorName: cut('author_name'),
      authorEmail: cut('author_email'),
      timestamp: cut('timestamp'),
    };
  });
}

function refsOf(body: Json): ReleaseRef[] | undefined {
  const v = body.refs;
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw badRequest('refs must be a list');
  if (v.length > MAX_RELEASE_REFS) throw badRequest(`at most ${MAX_RELEASE_REFS} refs per release`);
  return v.map((r, i) => {
    const ref = objectBody(r);
    const repository = optionalText(ref, 'repository');
    const commit = optionalText(ref, 'commit');
    if (!repository || !commit) throw badRequest(`refs[${i}] needs a repository and a commit`);
    return { repository, commit, previousCommit: optionalText(ref, 'previousCommit') ?? null };
  });
}

/** `POST …/releases/`: `releases new` (and `set-commits`, which posts it again). */
export interface NewRelease {
  version: string;
  /** Undefined for an update of the release in every project that has it (`releases archive`
   * posts `"projects": []`). */
  projects: ProjectRef[] | undefined;
  releasedAt: number | null | undefined;
  url: string | null | undefined;
  changes: ReleasePatch;
}

/** @example parseNewRelease({ version: '1.2.3', projects: ['api'] }).version // '1.2.3' */
export function parseNewRelease(raw: unknown): NewRelease {
  const body = objectBody(raw);
  const projects = projectRefs(body);
  return {
    version: releaseVersion(body.version),
    projects: projects?.length === 0 ? undefined : projects,
    releasedAt: optionalTime(body, 'dateReleased'),
    url: optionalText(body, 'url'),
    changes: parseChanges(body),
  };
}

/** The fields a release update may change (`finalize`, `set-commits`, `archive`, `restore`). */
function parseChanges(body: Json): ReleasePatch {
  const releasedAt = optionalTime(body, 'dateReleased');
  const url = optionalText(body, 'url');
  const status = body.status;
  if (status !== undefined && status !== 'open' && status !== 'archived')
    throw badRequest('status must be "open" or "archived"');
  const commits = commitsOf(body);
  const refs = refsOf(body);
  return {
    ...(releasedAt === undefined ? {} : { releasedAt }),
    ...(url === undefined ? {} : { url }),
    ...(status === undefined ? {} : { status }),
    ...(commits === undefined ? {} : { commits }),
    ...(refs === undefined ? {} : { refs }),
  };
}

/** @example parseReleaseUpdate({ dateReleased: '2026-12-07T10:00:00Z' }).changes.releasedAt */
export function parseReleaseUpdate(raw: unknown): {
  projects: ProjectRef[] | undefined;
  changes: ReleasePatch;
} {
  const body = objectBody(raw);
  return { projects: projectRefs(body), changes: parseChanges(body) };
}

/** `POST …/releases/{version}/deploys/` (`deploys new`). */
export interface NewDeploy {
  projects: ProjectRef[] | undefined;
  environment: string;
  name: string | null;
  url: string | null;
  startedAt: number | null;
  finishedAt: number;
}

/** @example parseNewDeploy({ environment: 'production' }, Date.now()).environment */
export function parseNewDeploy(raw: unknown, now: number): NewDeploy {
  const body = objectBody(raw);
  const environment = optionalText(body, 'environment', MAX_RELEASE_LENGTH);
  if (!environment) throw badRequest('environment must name the environment deployed to');
  return {
    projects: projectRefs(body),
    environment,
    name: optionalText(body, 'name') ?? null,
    url: optionalText(body, 'url') ?? null,
    startedAt: optionalTime(body, 'dateStarted') ?? null,
    finishedAt: optionalTime(body, 'dateFinished') ?? now,
  };
}
