/**
 * The issue page's Tags section: each tag key of the issue with its commonest values as
 * horizontal bars (their share of the key's events), the count and share beside each. Clicking
 * a value narrows the pager to the events carrying it; the filter shows as a removable chip.
 * Bar widths are set through the CSSOM: the CSP refuses style attributes.
 */

import { html, nothing } from 'lit-html';
import { ref } from 'lit-html/directives/ref.js';
import { barWidth, type EventTag, sameTag, shareLabel } from '../api/event-tag.js';
import { counted, shown } from '../api/format.js';
import type { TagFacet, TagFacetValue } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { eventTagOf } from '../app/routes.js';
import { MAX_LIST_TEXT_CHARS } from '../limits.js';
import { loadFailure } from './load-state.js';

/** A `ref` callback giving the bar its width. */
const widthOf = (share: number) => (el: Element | undefined) => {
  if (el instanceof HTMLElement) el.style.width = barWidth(share);
};

function valueRow(key: string, v: TagFacetValue, active: EventTag | undefined, actions: Actions) {
  const tag = { key, value: v.value };
  const on = sameTag(active, tag);
  const label = `${v.count} (${shareLabel(v.share)})`;
  return html`<li class="facet-row">
    <button
      type="button"
      class="facet-value"
      data-testid="facet-value"
      data-key=${key}
      data-value=${v.value}
      aria-pressed=${on ? 'true' : 'false'}
      title=${`Show only the events with ${key}=${v.value}`}
      @click=${() => actions.filterEvents(on ? undefined : tag)}
    >
      <span class="facet-label">${shown(v.value, MAX_LIST_TEXT_CHARS)}</span>
      <span class="facet-bar" aria-hidden="true"><span class="facet-fill" data-testid="facet-fill" ${ref(widthOf(v.share))}></span></span>
      <span class="facet-count" data-testid="facet-count">${label}</span>
    </button>
  </li>`;
}

function facetView(facet: TagFacet, active: EventTag | undefined, actions: Actions) {
  return html`<div class="facet" data-testid="facet" data-key=${facet.key}>
    <h4><span class="tag-key">${shown(facet.key, MAX_LIST_TEXT_CHARS)}</span> <span class="muted">${facet.total}</span></h4>
    <ul class="facet-values">${facet.values.map((v) => valueRow(facet.key, v, active, actions))}</ul>
  </div>`;
}

/** The filter as a chip with its remove button, and a word when nothing matches. */
function chipView(state: AppState, tag: EventTag, actions: Actions) {
  const events = state.events.data;
  // A search that read its bound of events without a match yet still has a cursor: not "none".
  const none = state.events.status === 'success' && events?.items.length === 0 && events.nextCursor === null;
  const words = `${tag.key}: ${tag.value}`;
  // The facet counted every event that carried it (retention may have deleted some since).
  const seen = state.issueTags.data?.items
    .find((f) => f.key === tag.key)
    ?.values.find((v) => v.value === tag.value)?.count;
  return html`<p class="event-filter" data-testid="event-filter">
    Events with
    <span class="chip" data-testid="event-filter-chip">${shown(words, MAX_LIST_TEXT_CHARS)}<button
        type="button"
        class="chip-remove"
        data-testid="event-filter-remove"
        aria-label=${`Remove the filter ${words}`}
        @click=${() => actions.filterEvents(undefined)}
      >×</button></span>
    ${seen === undefined ? nothing : html`<span class="muted" data-testid="event-filter-count">${counted(seen, 'event')} seen</span>`}
    ${none ? html`<span class="muted" data-testid="event-filter-none">— no event of this issue has it</span>` : nothing}
  </p>`;
}

/**
 * @example html`${issueTagsView(state, actions)}`
 */
export function issueTagsView(state: AppState, actions: Actions) {
  const active = eventTagOf(state.route);
  const facets = state.issueTags.data?.items ?? [];
  return html`${active ? chipView(state, active, actions) : nothing}
    ${
      facets.length > 0
        ? html`<section class="tag-facets" aria-label="Tags of this issue" data-testid="tag-facets">
            <h3>Tags</h3>
            ${facets.map((f) => facetView(f, active, actions))}
          </section>`
        : nothing
    }
    ${loadFailure(state.issueTags, "this issue's tags", actions)}`;
}
