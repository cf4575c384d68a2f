/**
 * The Rates page's choices live in its URL (`/rates?by=release&since=7d`), like the issue
 * filters, so a chart can be shared; these map that query to the read API's.
 */

import type { RatesBy } from './types.js';

/** Ranges offered; the collector accepts any duration up to 90 days. */
export const RATE_RANGES = ['1h', '6h', '24h', '7d', '30d'] as const;
export type RateRange = (typeof RATE_RANGES)[number];
export const DEFAULT_RATE_RANGE: RateRange = '24h';

export interface RatesView {
  by: RatesBy;
  since: RateRange;
  environment?: string;
  release?: string;
}

const text = (value: string | null) => (value?.trim() ? value.trim() : undefined);

/** @example ratesFromQuery(new URLSearchParams('by=release')) // { by: 'release', since: '24h' } */
export function ratesFromQuery(query: URLSearchParams): RatesView {
  const since = RATE_RANGES.find((r) => r === query.get('since')) ?? DEFAULT_RATE_RANGE;
  const view: RatesView = { by: query.get('by') === 'release' ? 'release' : 'route', since };
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
  if (view.since !== DEFAULT_RATE_RANGE) query.set('since', view.since);
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
