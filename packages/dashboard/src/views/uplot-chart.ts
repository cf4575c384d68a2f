/**
 * A uPlot chart as a lit-html element directive: `<div ${rateChart(data, label)}></div>`.
 * uPlot draws on a canvas and sets sizes through the CSSOM (`el.style.width = …`), which a
 * `style-src 'self'` CSP allows (it blocks style attributes and <style> elements, not CSSOM
 * writes); its labels are set with textContent, so a route named `<script>` stays text. The
 * series colours come from the `--series-N` custom properties in styles.css, one palette for
 * the chart and any legend drawn in CSS.
 */

import { type ElementPart, nothing } from 'lit-html';
import { AsyncDirective, directive, type PartInfo, PartType } from 'lit-html/async-directive.js';
import uPlot from 'uplot';
import type { ChartData } from '../api/rates-chart.js';
import { CHART_HEIGHT_PX, CHART_PALETTE_SIZE } from '../limits.js';

function seriesColor(i: number): string {
  const value = getComputedStyle(document.documentElement)
    .getPropertyValue(`--series-${i % CHART_PALETTE_SIZE}`)
    .trim();
  return value || '#555';
}

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

const aligned = (data: ChartData): uPlot.AlignedData => [data.x, ...data.series.map((s) => s.values)];

class RateChart extends AsyncDirective {
  private plot: uPlot | undefined;
  private shape = '';
  private resize: ResizeObserver | undefined;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('rateChart() goes on an element');
  }

  render(_data: ChartData, _label: string) {
    return nothing;
  }

  override update(part: ElementPart, [data, label]: [ChartData, string]) {
    const el = part.element as HTMLElement;
    // Same series and buckets: new values only. Otherwise the chart is rebuilt.
    const shape = JSON.stringify([label, data.x.length, data.x[0], data.series.map((s) => s.key)]);
    if (this.plot && shape === this.shape) {
      this.plot.setData(aligned(data));
      return nothing;
    }
    this.plot?.destroy();
    this.shape = shape;
    this.plot = new uPlot(
      options(data, el.clientWidth || el.parentElement?.clientWidth || 800, label),
      aligned(data),
      el,
    );
    this.resize ??= new ResizeObserver(() => {
      if (this.plot && el.clientWidth > 0)
        this.plot.setSize({ width: el.clientWidth, height: CHART_HEIGHT_PX });
    });
    this.resize.observe(el);
    return nothing;
  }

  protected override disconnected() {
    this.resize?.disconnect();
    this.resize = undefined;
    this.plot?.destroy();
    this.plot = undefined;
    this.shape = '';
  }
}

export const rateChart = directive(RateChart);
