/**
 * Rates answers from summed counts: the bucket width for a range, and series (one per route
 * or release) with totals and per-bucket points, worst first so the failing routes lead.
 */

import { MINUTE_MS } from '@faultline/core';
import { MAX_RATE_POINTS, MAX_RATE_SERIES } from '../limits.js';
import type { RatePointRecord } from '../store/index.js';

/** Bucket widths offered, in minutes: each range gets the narrowest that fits MAX_RATE_POINTS. */
const BUCKET_MINUTES = [1, 5, 15, 60, 360, 1440] as const;
const OTHER = '(other)';

/**
 * @example bucketFor(24 * 3_600_000) // 300000 (5-minute buckets: 288 points)
 */
export function bucketFor(rangeMs: number): number {
  for (const m of BUCKET_MINUTES) if (rangeMs / (m * MINUTE_MS) <= MAX_RATE_POINTS) return m * MINUTE_MS;
  return (BUCKET_MINUTES.at(-1) as number) * MINUTE_MS;
}

export interface RatePoint {
  time: string;
  requests: number;
  errors5xx: number;
  rate5xx: number;
}

export interface RateSeries {
  key: string;
  requests: number;
  errors4xx: number;
  errors5xx: number;
  shed: number;
  rate5xx: number;
  points: RatePoint[];
}

const rate = (errors: number, requests: number) => (requests === 0 ? 0 : errors / requests);

/** Worst first: highest 5xx rate, then most 5xx, then most requests, then by name. */
function worstFirst(a: RateSeries, b: RateSeries): number {
  return (
    b.rate5xx - a.rate5xx ||
    b.errors5xx - a.errors5xx ||
    b.requests - a.requests ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

function merge(into: RateSeries, from: RateSeries): void {
  into.requests += from.requests;
  into.errors4xx += from.errors4xx;
  into.errors5xx += from.errors5xx;
  into.shed += from.shed;
  const byTime = new Map(into.points.map((p) => [p.time, p]));
  for (const p of from.points) {
    const q = byTime.get(p.time);
    if (q) {
      q.requests += p.requests;
      q.errors5xx += p.errors5xx;
      q.rate5xx = rate(q.errors5xx, q.requests);
    } else {
      const copy = { ...p };
      into.points.push(copy);
      byTime.set(p.time, copy);
    }
  }
  into.points.sort((x, y) => (x.time < y.time ? -1 : 1));
  into.rate5xx = rate(into.errors5xx, into.requests);
}

/**
 * Groups the points (oldest first) into series, worst first; past MAX_RATE_SERIES the rest
 * are summed into one `(other)` series so totals stay right.
 */
export function rateSeries(points: readonly RatePointRecord[]): RateSeries[] {
  const byKey = new Map<string, RateSeries>();
  for (const p of points) {
    let s = byKey.get(p.key);
    if (s === undefined) {
      s = { key: p.key, requests: 0, errors4xx: 0, errors5xx: 0, shed: 0, rate5xx: 0, points: [] };
      byKey.set(p.key, s);
    }
    s.requests += p.requests;
    s.errors4xx += p.errors4xx;
    s.errors5xx += p.errors5xx;
    s.shed += p.shed;
    s.points.push({
      time: new Date(p.bucket).toISOString(),
      requests: p.requests,
      errors5xx: p.errors5xx,
      rate5xx: rate(p.errors5xx, p.requests),
    });
  }
  const series = [...byKey.values()];
  for (const s of series) s.rate5xx = rate(s.errors5xx, s.requests);
  series.sort(worstFirst);
  if (series.length <= MAX_RATE_SERIES) return series;
  const kept = series.slice(0, MAX_RATE_SERIES - 1);
  const other: RateSeries = {
    key: OTHER,
    requests: 0,
    errors4xx: 0,
    errors5xx: 0,
    shed: 0,
    rate5xx: 0,
    points: [],
  };
  for (const s of series.slice(MAX_RATE_SERIES - 1)) merge(other, s);
  return [...kept, other];
}
