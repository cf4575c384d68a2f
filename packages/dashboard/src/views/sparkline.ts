/**
 * An issue's events over the list's stats period as a tiny bar chart (a spec for uplotChart):
 * no axes, legend or cursor; the count is in the wrapper's aria-label. The rows render without
 * it and the bars fill in once uPlot's chunk has arrived.
 */

import { html, nothing } from 'lit-html';
import type { Sparkline } from '../api/issue-stats.js';
import { SPARKLINE_HEIGHT_PX, SPARKLINE_WIDTH_PX } from '../limits.js';
import { type ChartSpec, cssColor, uplotChart } from './uplot-chart.js';

/** Bars take this share of their slot; the rest is the gap between buckets. */
const BAR_WIDTH_FACTOR = 0.8;

function sparklineSpec(line: Sparkline): ChartSpec {
  return {
    shape: `sparkline:${line.x.length}:${line.x[0]}`,
    data: [line.x, line.counts],
    options: (_width, lib) => ({
      width: SPARKLINE_WIDTH_PX,
      height: SPARKLINE_HEIGHT_PX,
      padding: [1, 0, 0, 0],
      legend: { show: false },
      cursor: { show: false },
      axes: [{ show: false }, { show: false }],
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max ?? 0)] } },
      series: [
        {},
        {
          stroke: cssColor('--sparkline', '#7b61c4'),
          fill: cssColor('--sparkline', '#7b61c4'),
          width: 0,
          points: { show: false },
          ...(lib.paths.bars ? { paths: lib.paths.bars({ size: [BAR_WIDTH_FACTOR, Infinity] }) } : {}),
        },
      ],
    }),
  };
}

export function sparklineView(line: Sparkline | undefined) {
  if (!line) return nothing;
  return html`<div
    class="sparkline"
    role="img"
    aria-label=${line.label}
    title=${line.label}
    data-testid="sparkline"
    data-total=${line.total}
    ${uplotChart(sparklineSpec(line))}
  ></div>`;
}
