/**
 * The Alerts page on demand: its views (the rule form, the logs) are a chunk of their own,
 * fetched the first time the page shows, so the entry script every other page waits for stays
 * as small as before the page existed (about 7 kB gzip less). Like uplot-loader.ts, a failed
 * load (offline, a new deploy) is retried on the next render.
 */

import { html, type TemplateResult } from 'lit-html';
import { until } from 'lit-html/directives/until.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';

type AlertsModule = typeof import('./alerts-view.js');

let loaded: AlertsModule | undefined;
let loading: Promise<AlertsModule> | undefined;

function load(): Promise<AlertsModule> {
  loading ??= import('./alerts-view.js').then(
    (module) => {
      loaded = module;
      return module;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * The page at once when its chunk is here; else "Loading…" until it is, then the page for the
 * state of this render (the next state change renders it afresh).
 * @example lazyAlertsView(state, actions, route.ruleId)
 */
export function lazyAlertsView(state: AppState, actions: Actions, ruleId: number | undefined) {
  if (loaded) return loaded.alertsView(state, actions, ruleId);
  const page: Promise<TemplateResult> = load().then(
    (module) => module.alertsView(state, actions, ruleId),
    (error: unknown) =>
      html`<p class="error" role="alert">The Alerts page could not be loaded (${String(error)}); reload to try again.</p>`,
  );
  return until(page, html`<p class="loading">Loading the Alerts page…</p>`);
}
