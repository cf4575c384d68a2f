/**
 * The Rates page's chart as a spec for uplotChart: 5xx rate in percent over time, one line per
 * route or release (the worst MAX_CHART_SERIES), gaps where a bucket had no requests.
 */

import type uPlot from 'uplot';
import type { ChartData } from '../api/rates-chart.js';
import { CHART_HEIGHT_PX, CHART_PALETTE_SIZE } from '../limits.js';
import { type ChartSpec, cssColor } from './uplot-chart.js';

const seriesColor = (i: number) => cssColor(`--series-${i % CHART_PALETTE_SIZE}`, '#555');

function options(data: ChartData, width: number, label: string): uPlot.Options {
  return {
    title: label,
    width,
    height: CHART_HEIGHT_PX,
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max ?? 0))] } },
    axes: [{}, { values: (_u, ticks) => ticks.map((t) => `${t}%`), size: 60 }],
    series: [
      {},
      ...data.series.map((s, i) => ({
        label: s.key,
        stroke: seriesColor(i),
        width: 2,
        spanGaps: false,
        points: { show: true, size: 5 },
        value: (_u: uPlot, v: number | null) => (v === null ? '–' : `${v.toFixed(2)}%`),
      })),
    ],
  };
}

/** @example html`<div ${uplotChart(rateChartSpec(data, '5xx rate per route'))}></div>` */
export function rateChartSpec(data: ChartData, label: string): ChartSpec {
  return {
    // Same series and buckets: new values only. Otherwise the chart is rebuilt.
    shape: JSON.stringify([label, data.x.length, data.x[0], data.series.map((s) => s.key)]),
    data: [data.x, ...data.series.map((s) => s.values)],
    options: (width) => options(data, width, label),
    fluidHeight: CHART_HEIGHT_PX,
  };
}
