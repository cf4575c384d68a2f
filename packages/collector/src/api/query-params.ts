/** Query-string parsing for the read API: every value checked, bad input → 400 with the reason. */

import { badRequest } from '@faultline/core';
import { DEFAULT_PAGE_SIZE, MAX_FILTER_LENGTH, MAX_PAGE_SIZE, MAX_TAG_FILTERS } from '../limits.js';
import {
  ISSUE_STATUSES,
  type IssueSort,
  type IssueStatus,
  type ProjectId,
  type SearchFilters,
} from '../store/index.js';

const SORTS: readonly IssueSort[] = ['lastSeen', 'firstSeen', 'count'];

export function positiveInt(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!value || !/^\d{1,15}$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw badRequest(`${name} must be a positive integer`);
  }
  return n;
}

/** The `:projectId` of a route's path. */
export function projectIdParam(params: { projectId?: string | undefined }): ProjectId {
  return positiveInt(params.projectId, 'project id') as ProjectId;
}

/** `limit`: `fallback` when absent, a 400 past `max`. */
export function pageSize(q: URLSearchParams, max = MAX_PAGE_SIZE, fallback = DEFAULT_PAGE_SIZE): number {
  const raw = q.get('limit');
  if (raw === null) return fallback;
  const n = positiveInt(raw, 'limit');
  if (n > max) throw badRequest(`limit must be at most ${max}`);
  return n;
}

export function filterText(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (v.length > MAX_FILTER_LENGTH)
    throw badRequest(`${name} must be at most ${MAX_FILTER_LENGTH} characters`);
  return v;
}

export function issueStatus(value: unknown, name = 'status'): IssueStatus {
  if (typeof value === 'string' && (ISSUE_STATUSES as readonly string[]).includes(value))
    return value as IssueStatus;
  throw badRequest(`${name} must be one of ${ISSUE_STATUSES.join(', ')}`);
}

export function issueSort(q: URLSearchParams): IssueSort {
  const v = q.get('sort') ?? 'lastSeen';
  if ((SORTS as readonly string[]).includes(v)) return v as IssueSort;
  throw badRequest(`sort must be one of ${SORTS.join(', ')}`);
}

/**
 * `statsPeriod` of the issue list (Sentry's names): the sparkline of each issue, as this many
 * buckets of this width, aligned to UTC, the last one holding now. The store keeps the hourly
 * counts behind them 15 days (ISSUE_HOURLY_COUNTS_KEEP_MS), more than the longest period.
 */
export const STATS_PERIODS = {
  '24h': { bucketMs: 3_600_000, buckets: 24 },
  '14d': { bucketMs: 86_400_000, buckets: 14 },
} as const;

export type StatsPeriod = keyof typeof STATS_PERIODS;

/** The buckets `[from, to)` of one `statsPeriod`. */
export interface StatsWindow {
  period: StatsPeriod;
  bucketMs: number;
  buckets: number;
  /** Start of the first bucket (ms). */
  from: number;
  /** End of the last bucket, the one holding `now` (ms). */
  to: number;
}

/**
 * The window `statsPeriod` asks for at `now`; undefined when it is absent or empty (no stats).
 * @example statsWindow(new URLSearchParams('statsPeriod=24h'), Date.now())?.buckets // 24
 */
export function statsWindow(q: URLSearchParams, now: number): StatsWindow | undefined {
  const raw = q.get('statsPeriod');
  if (raw === null || raw === '') return undefined;
  if (!Object.hasOwn(STATS_PERIODS, raw))
    throw badRequest(`statsPeriod must be one of ${Object.keys(STATS_PERIODS).join(', ')}`);
  const period = raw as StatsPeriod;
  const { bucketMs, buckets } = STATS_PERIODS[period];
  const to = (Math.floor(now / bucketMs) + 1) * bucketMs;
  return { period, bucketMs, buckets, from: to - buckets * bucketMs, to };
}

/** `tag=route:/users/:id` (repeatable); the first ':' separates key from value. */
export function tagFilters(q: URLSearchParams): { key: string; value: string }[] | undefined {
  const raw = q.getAll('tag');
  if (raw.length === 0) return undefined;
  if (raw.length > MAX_TAG_FILTERS) throw badRequest(`at most ${MAX_TAG_FILTERS} tag filters`);
  return raw.map((t) => {
    const at = t.indexOf(':');
    if (at <= 0 || t.length > MAX_FILTER_LENGTH) throw badRequest('tag must look like key:value');
    return { key: t.slice(0, at), value: t.slice(at + 1) };
  });
}

/**
 * The filters an issue listing and an issue's events share: `release`, `environment`, `query`
 * (the text) and `tag` (repeatable), each checked.
 * @example searchFilters(new URLSearchParams('release=1.2.0&tag=route:GET%20/a')).tag // [{ key: 'route', value: 'GET /a' }]
 */
export function searchFilters(q: URLSearchParams): SearchFilters {
  const filters: SearchFilters = {};
  const release = filterText(q, 'release');
  const environment = filterText(q, 'environment');
  const text = filterText(q, 'query');
  const tag = tagFilters(q);
  // The store counts release and environment as tags too (store/sql/filter-tags.ts).
  const tags = (tag?.length ?? 0) + (release === undefined ? 0 : 1) + (environment === undefined ? 0 : 1);
  if (tags > MAX_TAG_FILTERS)
    throw badRequest(`at most ${MAX_TAG_FILTERS} tag filters, release and environment included`);
  if (release !== undefined) filters.release = release;
  if (environment !== undefined) filters.environment = environment;
  if (text !== undefined) filters.text = text;
  if (tag !== undefined) filters.tag = tag;
  return filters;
}
