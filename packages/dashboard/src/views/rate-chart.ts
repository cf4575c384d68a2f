/**
 * The Rates page's chart as a spec for uplotChart: 5xx rate in percent over time, one line per
 * route or release (the worst MAX_CHART_SERIES), gaps where a bucket had no requests, and a
 * vertical line where a rate alert fired (dashed) or resolved (solid). The page lists the same
 * moments as text, for those who cannot see the canvas.
 */

import type uPlot from 'uplot';
import type { IncidentMark } from '../api/rate-incidents.js';
import type { ChartData } from '../api/rates-chart.js';
import { CHART_HEIGHT_PX, CHART_PALETTE_SIZE } from '../limits.js';
import { type ChartSpec, cssColor } from './uplot-chart.js';

const seriesColor = (i: number) => cssColor(`--series-${i % CHART_PALETTE_SIZE}`, '#555');

/** Axis text and grid from the theme's tokens: uPlot's defaults are black, unreadable on dark. */
function axis(): uPlot.Axis {
  const grid = cssColor('--chart-grid', '#e3e5e9');
  return { stroke: cssColor('--text-muted', '#50565f'), grid: { stroke: grid }, ticks: { stroke: grid } };
}

/** Draws each mark across the plot, on the canvas uPlot already owns (no DOM, CSP-safe). */
function drawMarks(marks: readonly IncidentMark[]) {
  return (u: uPlot) => {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.lineWidth = 2 * devicePixelRatio;
    for (const m of marks) {
      // A mark in the newest bucket lies past its start, the x axis' last value: kept at the edge.
      const right = bbox.left + bbox.width;
      const x = Math.min(right, Math.max(bbox.left, Math.round(u.valToPos(m.x, 'x', true))));
      ctx.strokeStyle =
        m.kind === 'fired'
          ? cssColor('--incident-fired', '#b00020')
          : cssColor('--incident-resolved', '#1b7f3b');
      ctx.setLineDash(m.kind === 'fired' ? [6 * devicePixelRatio, 4 * devicePixelRatio] : []);
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
    }
    ctx.restore();
  };
}

function options(
  data: ChartData,
  width: number,
  label: string,
  marks: readonly IncidentMark[],
): uPlot.Options {
  return {
    hooks: { draw: [drawMarks(marks)] },
    title: label,
    width,
    height: CHART_HEIGHT_PX,
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max ?? 0))] } },
    axes: [axis(), { ...axis(), values: (_u, ticks) => ticks.map((t) => `${t}%`), size: 60 }],
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

/** @example html`<div ${uplotChart(rateChartSpec(data, '5xx rate per route', marks))}></div>` */
export function rateChartSpec(
  data: ChartData,
  label: string,
  marks: readonly IncidentMark[] = [],
): ChartSpec {
  return {
    // Same series, buckets and marks: new values only. Otherwise the chart is rebuilt.
    shape: JSON.stringify([
      label,
      data.x.length,
      data.x[0],
      data.series.map((s) => s.key),
      marks.map((m) => [m.kind, m.x]),
    ]),
    data: [data.x, ...data.series.map((s) => s.values)],
    options: (width) => options(data, width, label, marks),
    fluidHeight: CHART_HEIGHT_PX,
  };
}
