/**
 * The Rates page: 5xx rate per route or per release over time (uPlot, the worst
 * MAX_CHART_SERIES series), and every series in a table, worst first as the API sends them.
 */

import { html, nothing } from 'lit-html';
import { counted, shown, whenInWords } from '../api/format.js';
import { percent } from '../api/format-rate.js';
import { phaseOf } from '../api/query-state.js';
import { type IncidentMark, incidentMarks, type RateIncident } from '../api/rate-incidents.js';
import { rateChartData } from '../api/rates-chart.js';
import { RATE_RANGES, type RateRange, type RatesView } from '../api/rates-query.js';
import type { RateSeries, Rates } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { linkProject } from '../app/current-project.js';
import { alertsHref, ratesHref, releaseIssuesHref } from '../app/routes.js';
import { MAX_CHART_SERIES, MAX_LIST_TEXT_CHARS } from '../limits.js';
import { appLink } from './link.js';
import { loadFailure } from './load-state.js';
import { rateChartSpec } from './rate-chart.js';
import { uplotChart } from './uplot-chart.js';

function controls(view: RatesView, project: number | undefined, actions: Actions) {
  const submit = (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    actions.setRatesView({
      by: view.by,
      since: (value('since') as RateRange | undefined) ?? view.since,
      environment: value('environment'),
      release: value('release'),
    });
  };
  const submitForm = (e: Event) => (e.currentTarget as HTMLSelectElement).form?.requestSubmit();
  const tab = (by: RatesView['by'], label: string) =>
    view.by === by
      ? html`<span class="tab current" aria-current="page">${label}</span>`
      : html`<span class="tab">${appLink(actions, ratesHref({ ...view, by }, project), label, `rates-by-${by}`)}</span>`;
  return html`<nav class="tabs">${tab('route', 'By route')} ${tab('release', 'By release')}</nav>
    <form class="filters" @submit=${submit} data-testid="rates-filters">
      <select name="since" aria-label="Range" @change=${submitForm}>
        ${RATE_RANGES.map((r) => html`<option value=${r} ?selected=${view.since === r}>last ${r}</option>`)}
      </select>
      <input name="environment" aria-label="Environment" placeholder="environment" .value=${view.environment ?? ''} />
      <input name="release" aria-label="Release" placeholder="release" .value=${view.release ?? ''} />
      <button type="submit">Show</button>
    </form>`;
}

function row(s: RateSeries, by: RatesView['by'], project: number | undefined, actions: Actions) {
  const key = shown(s.key, MAX_LIST_TEXT_CHARS);
  return html`<tr data-testid="rate-row">
    <td class="key" title=${s.key}>
      ${by === 'release' ? appLink(actions, releaseIssuesHref(s.key, project), key) : html`<code>${key}</code>`}
    </td>
    <td class="num">${s.requests}</td>
    <td class="num">${s.errors4xx}</td>
    <td class="num">${s.errors5xx}</td>
    <td class="num">${s.shed}</td>
    <td class="num rate" data-testid="rate-5xx">${percent(s.rate5xx)}</td>
  </tr>`;
}

function emptyRates(by: RatesView['by']) {
  return html`<section class="empty" data-testid="rates-empty">
    <p>No request counts ${by === 'release' ? 'per release ' : ''}in this range.</p>
    <p>
      Faultline's server middleware sends them: <code>createFaultline({ dsn })</code> in
      <code>@faultline/server</code> counts requests per route and reports them with the errors.
    </p>
  </section>`;
}

/** The incidents of the series the page shows: the release and environment filters hold for them too. */
function shownIncidents(items: readonly RateIncident[], view: RatesView): RateIncident[] {
  return items.filter(
    (i) =>
      (view.release === undefined || i.release === view.release) &&
      (view.environment === undefined || i.environment === view.environment),
  );
}

/** The chart's marks as text: what fired or resolved, when, with a link to its rule. */
function marksList(
  marks: readonly IncidentMark[],
  incidents: readonly RateIncident[],
  project: number | undefined,
  actions: Actions,
) {
  if (marks.length === 0) return nothing;
  const ruleOf = new Map(incidents.map((i) => [i.id, i.ruleId]));
  return html`<section class="rate-incidents" data-testid="rate-incidents">
    <h3>Rate alerts in this range</h3>
    <p class="hint">On the chart: a dashed line where one fired, a solid one where it resolved.</p>
    <ul>
      ${marks.map(
        (m) => html`<li data-testid="incident-mark" data-kind=${m.kind}>
          <span class="incident-${m.kind}">${m.kind}</span> <span title=${m.at}>${whenInWords(m.at)}</span>:
          ${appLink(actions, alertsHref(project, ruleOf.get(m.incidentId)), shown(m.what, MAX_LIST_TEXT_CHARS))}
        </li>`,
      )}
    </ul>
  </section>`;
}

function ratesBody(
  rates: Rates,
  view: RatesView,
  project: number | undefined,
  actions: Actions,
  incidents: readonly RateIncident[],
) {
  if (rates.series.length === 0) return emptyRates(view.by);
  const chart = rateChartData(rates, MAX_CHART_SERIES);
  const mine = shownIncidents(incidents, view);
  const marks = incidentMarks(mine, Date.parse(rates.since) / 1000, Date.parse(rates.until) / 1000);
  const label = `5xx rate per ${view.by}, worst ${chart.series.length} (${view.since})${
    marks.length > 0 ? `, ${counted(marks.length, 'rate alert mark')}` : ''
  }`;
  return html`<figure class="chart" data-testid="rates-chart">
      <div class="chart-area" role="img" aria-label=${label} ${uplotChart(rateChartSpec(chart, label, marks))}></div>
    </figure>
    ${marksList(marks, mine, project, actions)}
    <table class="rates" data-testid="rates-table">
      <thead>
        <tr>
          <th>${view.by === 'release' ? 'Release' : 'Route'}</th><th>Requests</th><th>4xx</th><th>5xx</th>
          <th>Shed</th><th>5xx rate</th>
        </tr>
      </thead>
      <tbody>${rates.series.map((s) => row(s, view.by, project, actions))}</tbody>
    </table>`;
}

export function ratesView(state: AppState, actions: Actions, view: RatesView) {
  const phase = phaseOf(state.rates);
  const project = linkProject(state.project);
  const fitted = RATE_RANGES.find((r) => r === state.rates.data?.fitted);
  const shownView = fitted === undefined ? view : { ...view, since: fitted };
  return html`<section class="rates-page">
    <h2>5xx rates</h2>
    ${controls(shownView, project, actions)}
    ${
      fitted === undefined
        ? nothing
        : html`<p class="hint" data-testid="rates-fitted">
            Showing the last ${fitted}: it holds every count of the last ${view.since}. Pick a range to see more.
          </p>`
    }
    ${phase === 'loading' ? html`<p class="loading">Loading rates…</p>` : nothing}
    ${phase === 'refreshing' ? html`<p class="refreshing" aria-live="polite">Refreshing…</p>` : nothing}
    ${loadFailure(state.rates, 'the rates', actions)}
    ${loadFailure(state.rateIncidents, 'the rate alerts', actions)}
    ${state.rates.data ? ratesBody(state.rates.data, shownView, project, actions, state.rateIncidents.data?.items ?? []) : nothing}
  </section>`;
}
