/**
 * The settings page's inbound filters: what the project refuses before storage (the messages,
 * releases, environments and addresses to drop, crawlers, localhost), and how many events each
 * filter dropped over the last DISCARDS_SINCE.
 */

import { html, nothing } from 'lit-html';
import { filteredCounts, formFromFilters } from '../api/inbound-filters-form.js';
import type { Project } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { DISCARDS_SINCE } from '../limits.js';
import { loadFailure } from './load-state.js';

function counts(state: AppState, actions: Actions) {
  if (state.discards.error) return loadFailure(state.discards, 'the filtered counts', actions);
  const items = state.discards.data?.items;
  if (items === undefined) return html`<p class="loading">Loading the filtered counts…</p>`;
  const rows = filteredCounts(items);
  if (rows.length === 0)
    return html`<p class="muted" data-testid="filtered-none">No event filtered in the last ${DISCARDS_SINCE}.</p>`;
  return html`<table class="kv" data-testid="filtered-counts">
    <caption>Filtered in the last ${DISCARDS_SINCE}</caption>
    ${rows.map(([what, n]) => html`<tr><th scope="row">${what}</th><td>${n.toLocaleString('en')}</td></tr>`)}
  </table>`;
}

export function inboundFiltersView(project: Project, state: AppState, actions: Actions) {
  const form = formFromFilters(project.inboundFilters);
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const el = (e.currentTarget as HTMLFormElement).elements;
    const text = (name: string) => (el.namedItem(name) as HTMLTextAreaElement).value;
    const flag = (name: string) => (el.namedItem(name) as HTMLInputElement).checked;
    actions.saveInboundFilters(project.id, {
      errorMessages: text('errorMessages'),
      releases: text('releases'),
      environments: text('environments'),
      clientIps: text('clientIps'),
      webCrawlers: flag('webCrawlers'),
      localhost: flag('localhost'),
    });
  };
  return html`<form class="settings-form" @submit=${submit} data-testid="filters-form">
      <label for="filter-messages">Error messages <span class="hint">(one pattern per line; * matches anything,
        case-insensitive: *ECONNRESET*)</span></label>
      <textarea id="filter-messages" name="errorMessages" rows="3" .value=${form.errorMessages}></textarea>
      <label for="filter-releases">Releases <span class="hint">(one pattern per line: legacy@*)</span></label>
      <textarea id="filter-releases" name="releases" rows="2" .value=${form.releases}></textarea>
      <label for="filter-environments">Environments <span class="hint">(one name per line)</span></label>
      <textarea id="filter-environments" name="environments" rows="2" .value=${form.environments}></textarea>
      <label for="filter-ips">Client IPs <span class="hint">(one address or CIDR block per line: 203.0.113.0/24)</span></label>
      <textarea id="filter-ips" name="clientIps" rows="2" .value=${form.clientIps}></textarea>
      <label class="check"><input type="checkbox" name="webCrawlers" .checked=${form.webCrawlers} /> Web crawlers and
        uptime checkers</label>
      <label class="check"><input type="checkbox" name="localhost" .checked=${form.localhost} /> Events from
        localhost</label>
      <button type="submit">Save filters</button>
    </form>
    ${state.projects.data ? counts(state, actions) : nothing}`;
}
