/**
 * The Rates page's choices live in its URL (`/rates?by=release&since=7d`), like the issue
 * filters, so a chart can be shared; these map that query to the read API's.
 */

import type { Rates, RatesBy } from './types.js';

/** Ranges offered; the collector accepts any duration up to 90 days. */
export const RATE_RANGES = ['1h', '6h', '24h', '7d', '30d'] as const;
export type RateRange = (typeof RATE_RANGES)[number];
export const DEFAULT_RATE_RANGE: RateRange = '24h';

export interface RatesView {
  by: RatesBy;
  since: RateRange;
  /** No range in the URL: the page may narrow DEFAULT_RATE_RANGE to where the data is. */
  auto?: true;
  environment?: string;
  release?: string;
}

const text = (value: string | null) => (value?.trim() ? value.trim() : undefined);

/** @example ratesFromQuery(new URLSearchParams('by=release')) // { by: 'release', since: '24h' } */
export function ratesFromQuery(query: URLSearchParams): RatesView {
  const picked = RATE_RANGES.find((r) => r === query.get('since'));
  const view: RatesView = {
    by: query.get('by') === 'release' ? 'release' : 'route',
    since: picked ?? DEFAULT_RATE_RANGE,
  };
  if (picked === undefined) view.auto = true;
  const environment = text(query.get('environment'));
  if (environment) view.environment = environment;
  const release = text(query.get('release'));
  if (release) view.release = release;
  return view;
}

/** The page URL's query: the inverse of ratesFromQuery, defaults left out. */
export function ratesToQuery(view: RatesView): URLSearchParams {
  const query = new URLSearchParams();
  if (view.by !== 'route') query.set('by', view.by);
  // A range someone picked stays in the URL, the default one included; only "auto" leaves it out.
  if (!view.auto) query.set('since', view.since);
  if (view.environment) query.set('environment', view.environment);
  if (view.release) query.set('release', view.release);
  return query;
}

/** GET /api/v1/rates's query: one project's routes or releases (without one, every project's). */
export function ratesToApiQuery(view: RatesView, projectId?: number): URLSearchParams {
  const query = new URLSearchParams({ by: view.by, since: view.since });
  if (projectId !== undefined) query.set('project', String(projectId));
  if (view.environment) query.set('environment', view.environment);
  if (view.release) query.set('release', view.release);
  return query;
}

const RANGE_MS: Record<RateRange, number> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  '30d': 30 * 24 * 3_600_000,
};

/** Room left before the oldest point, so it is not drawn on the chart's edge. */
const FIT_MARGIN = 1.25;

/**
 * The shortest offered range that still holds every point of `rates` (a fresh install's day of
 * counts is a few dots at the right edge of 24 h): `rates`' own range when nothing shorter fits
 * or it has no points.
 * @example fittingRange(rates24h, Date.now()) // '1h' when the oldest point is 20 minutes old
 */
export function fittingRange(rates: Rates, asked: RateRange, now: number): RateRange {
  let oldest = Number.POSITIVE_INFINITY;
  for (const s of rates.series) for (const p of s.points) oldest = Math.min(oldest, Date.parse(p.time));
  if (!Number.isFinite(oldest)) return asked;
  const needed = (now - oldest) * FIT_MARGIN;
  return RATE_RANGES.find((r) => RANGE_MS[r] >= needed && RANGE_MS[r] <= RANGE_MS[asked]) ?? asked;
}
