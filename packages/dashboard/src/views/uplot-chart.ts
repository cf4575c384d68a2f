/**
 * The one lit-html directive that owns a uPlot instance: `<div ${uplotChart(spec)}></div>`.
 * The Rates page's chart (rate-chart.ts) and the issue list's sparklines (sparkline.ts) are
 * specs for it, so loading, redrawing, resizing and teardown live here once.
 *
 * uPlot is loaded lazily (uplot-loader.ts): the element renders empty and the chart fills in
 * when the chunk arrives. uPlot draws on a canvas and sets sizes through the CSSOM
 * (`el.style.width = …`), which a `style-src 'self'` CSP allows (it blocks style attributes and
 * <style> elements, not CSSOM writes); its labels are set with textContent, so a route named
 * `<script>` stays text. Colours come from CSS custom properties in styles.css.
 */

import { type ElementPart, nothing } from 'lit-html';
import { AsyncDirective, directive, type PartInfo, PartType } from 'lit-html/async-directive.js';
import type uPlot from 'uplot';
import { loadUplot, type UplotClass, uplotIfLoaded } from './uplot-loader.js';

/** Used when the element is not laid out yet (display: none, detached). */
const FALLBACK_WIDTH_PX = 800;

export interface ChartSpec {
  /** A chart with the same shape only gets the new data; another shape is rebuilt. */
  shape: string;
  data: uPlot.AlignedData;
  /** uPlot's options at this width; `lib` gives uPlot's static helpers (`lib.paths.bars`). */
  options(width: number, lib: UplotClass): uPlot.Options;
  /** Follow the element's width at this height; fixed-size charts leave it out. */
  fluidHeight?: number;
}

/** A colour from styles.css (`--series-0`, `--sparkline`), so the palette lives in one place. */
export function cssColor(property: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(property).trim() || fallback;
}

function sameData(a: uPlot.AlignedData | undefined, b: uPlot.AlignedData): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i], b[i]];
    if (x === undefined || y === undefined || x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
  }
  return true;
}

class UplotChart extends AsyncDirective {
  private plot: uPlot | undefined;
  private shape = '';
  private resize: ResizeObserver | undefined;
  private element: HTMLElement | undefined;
  private spec: ChartSpec | undefined;
  private drawn: uPlot.AlignedData | undefined;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('uplotChart() goes on an element');
  }

  render(_spec: ChartSpec) {
    return nothing;
  }

  override update(part: ElementPart, [spec]: [ChartSpec]) {
    this.element = part.element as HTMLElement;
    this.spec = spec;
    const lib = uplotIfLoaded();
    if (lib) this.draw(lib);
    else
      loadUplot().then(
        (loaded) => {
          if (this.isConnected) this.draw(loaded);
        },
        // The page stays usable without its charts; the next render tries the chunk again.
        () => undefined,
      );
    return nothing;
  }

  private draw(lib: UplotClass) {
    const { element: el, spec } = this;
    if (!el || !spec) return;
    if (this.plot && spec.shape === this.shape) {
      // Every app render updates the directive (a key press on the list, a flash message):
      // fifty sparklines must not repaint for values that did not change.
      if (!sameData(this.drawn, spec.data)) this.plot.setData(spec.data);
      this.drawn = spec.data;
      return;
    }
    this.plot?.destroy();
    this.shape = spec.shape;
    this.drawn = spec.data;
    const width = el.clientWidth || el.parentElement?.clientWidth || FALLBACK_WIDTH_PX;
    this.plot = new lib(spec.options(width, lib), spec.data, el);
    const height = spec.fluidHeight;
    if (height === undefined) return;
    this.resize ??= new ResizeObserver(() => {
      if (this.plot && el.clientWidth > 0) this.plot.setSize({ width: el.clientWidth, height });
    });
    this.resize.observe(el);
  }

  protected override disconnected() {
    this.resize?.disconnect();
    this.resize = undefined;
    this.plot?.destroy();
    this.plot = undefined;
    this.shape = '';
    this.drawn = undefined;
  }

  protected override reconnected() {
    const lib = uplotIfLoaded();
    if (lib) this.draw(lib);
  }
}

export const uplotChart = directive(UplotChart);
