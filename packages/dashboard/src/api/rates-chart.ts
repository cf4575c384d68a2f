/**
 * Rates as uPlot wants them (https://github.com/leeoniya/uPlot/tree/master/docs): one shared x
 * axis of bucket starts in epoch seconds, and per series one value per bucket. The API lists
 * only buckets that saw requests; a bucket without requests has no rate, so it is null (a gap
 * in the line), never a made-up 0%.
 */

import { MAX_CHART_POINTS } from '../limits.js';
import type { Rates } from './types.js';

export interface ChartSeries {
  key: string;
  /** 5xx rate in percent per bucket; null where the bucket had no requests. */
  values: (number | null)[];
}

export interface ChartData {
  /** Bucket starts, epoch seconds (uPlot's time unit). */
  x: number[];
  series: ChartSeries[];
}

/**
 * The first `maxSeries` series (the API sends them worst first) on the buckets from `since`
 * to `until`.
 * @example rateChartData(rates, 6).series[0]?.values // [null, 5, 0, …]
 */
export function rateChartData(rates: Rates, maxSeries: number): ChartData {
  const step = rates.bucketSeconds;
  const start = Math.floor(Date.parse(rates.since) / 1000);
  const end = Math.floor(Date.parse(rates.until) / 1000);
  if (!(step > 0) || !Number.isFinite(start) || !Number.isFinite(end) || end < start)
    return { x: [], series: [] };
  const count = Math.min(Math.floor((end - start) / step) + 1, MAX_CHART_POINTS);
  const x = Array.from({ length: count }, (_, i) => start + i * step);
  const series = rates.series.slice(0, Math.max(0, maxSeries)).map((s) => {
    const values: (number | null)[] = new Array(count).fill(null);
    for (const p of s.points) {
      const i = Math.round((Date.parse(p.time) / 1000 - start) / step);
      if (i >= 0 && i < count && p.requests > 0) values[i] = (100 * p.errors5xx) / p.requests;
    }
    return { key: s.key, values };
  });
  return { x, series };
}
