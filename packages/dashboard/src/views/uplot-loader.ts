/**
 * uPlot on demand: the chart library is a chunk of its own, fetched the first time a chart is
 * drawn, so the entry script stays small and the
 * issue list's rows never wait for it. Its stylesheet stays in the one CSS asset (main.ts):
 * a chunk's CSS would be injected as a <link> after the first paint, and the rows would jump.
 */

import type uPlot from 'uplot';

export type UplotClass = typeof uPlot;

let loaded: UplotClass | undefined;
let loading: Promise<UplotClass> | undefined;

/** The library, loading it once; a failed load (offline, new deploy) is retried next time. */
export function loadUplot(): Promise<UplotClass> {
  loading ??= import('uplot').then(
    (module) => {
      loaded = module.default;
      return loaded;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The library if it has arrived, so a re-render draws in the same task. */
export function uplotIfLoaded(): UplotClass | undefined {
  return loaded;
}
