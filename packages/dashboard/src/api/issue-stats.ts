/**
 * The issue list's sparklines: with `statsPeriod=24h|14d` the list API gives each issue
 * `stats: { "24h": [[unixSeconds, count], …] }`. These are read defensively (a bucket that is
 * not two finite numbers, or a negative count, is dropped; at most MAX_SPARKLINE_BUCKETS, oldest
 * first as uPlot needs) into the columns a sparkline draws and the total its label says.
 */

import { MAX_SPARKLINE_BUCKETS } from '../limits.js';
import { counted } from './format.js';
import type { IssueStats, StatsPeriod } from './types.js';

export const STATS_PERIODS = ['24h', '14d'] as const satisfies readonly StatsPeriod[];

/** The list asks for the last day in hourly buckets. */
export const LIST_STATS_PERIOD: StatsPeriod = '24h';

const PERIOD_WORDS: Record<StatsPeriod, string> = {
  '24h': 'the last 24 hours',
  '14d': 'the last 14 days',
};

export interface Sparkline {
  /** Bucket starts, epoch seconds, ascending. */
  x: number[];
  counts: number[];
  total: number;
  /** What a screen reader says instead of the chart. */
  label: string;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * @example sparklineOf({ '24h': [[1767225600, 2], [1767229200, 5]] }, '24h')
 * // { x: [1767225600, 1767229200], counts: [2, 5], total: 7, label: '7 events in the last 24 hours' }
 */
export function sparklineOf(stats: IssueStats | undefined, period: StatsPeriod): Sparkline | undefined {
  const raw: unknown = stats?.[period];
  if (!Array.isArray(raw)) return undefined;
  const buckets: [number, number][] = [];
  for (const pair of raw.slice(-MAX_SPARKLINE_BUCKETS * 2)) {
    if (!Array.isArray(pair)) continue;
    const [time, count] = pair as unknown[];
    if (typeof time === 'number' && Number.isFinite(time) && isCount(count)) buckets.push([time, count]);
  }
  if (buckets.length === 0) return undefined;
  const kept = buckets.sort((a, b) => a[0] - b[0]).slice(-MAX_SPARKLINE_BUCKETS);
  const total = kept.reduce((sum, [, count]) => sum + count, 0);
  return {
    x: kept.map(([time]) => time),
    counts: kept.map(([, count]) => count),
    total,
    label: `${counted(total, 'event')} in ${PERIOD_WORDS[period]}`,
  };
}
