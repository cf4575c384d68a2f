/**
 * The breadcrumbs: what the app did before the error, newest first, the one nearest the error
 * (the last at or before the event's time) marked, and "N more" for older ones cut.
 */

import { html, nothing } from 'lit-html';
import type { Breadcrumbs, Crumb } from '../api/event-story.js';
import { shown } from '../api/format.js';
import { MAX_TEXT_CHARS } from '../limits.js';
import { kvTable } from './kv-table.js';

function crumbView(c: Crumb) {
  return html`<li class=${c.nearest ? 'crumb nearest' : 'crumb'} data-testid="crumb" data-nearest=${c.nearest ? 'true' : nothing}>
    <time class="crumb-time" data-testid="crumb-time" datetime=${c.time ?? nothing} title=${c.time ?? nothing}>${
      c.time ? `${c.time.slice(11, 23)} UTC` : '—'
    }</time>
    <span class="crumb-level level-${c.level.replace(/[^a-z]/g, '')}">${shown(c.level, MAX_TEXT_CHARS)}</span>
    <span class="crumb-category">${shown(c.category || (c.type ?? ''), MAX_TEXT_CHARS)}</span>
    ${c.nearest ? html`<span class="tag" data-testid="crumb-nearest">nearest the error</span>` : nothing}
    <span class="crumb-message" data-testid="crumb-message">${shown(c.message, MAX_TEXT_CHARS)}</span>
    ${kvTable(c.data, 'crumb-data', true)}
  </li>`;
}

/** @example breadcrumbsView(breadcrumbsOf(event.payload)) */
export function breadcrumbsView(crumbs: Breadcrumbs) {
  if (crumbs.items.length === 0) return nothing;
  return html`<section class="breadcrumbs" data-testid="breadcrumbs">
    <h3>Breadcrumbs <span class="muted">(newest first)</span></h3>
    <ol class="crumbs">${crumbs.items.map(crumbView)}</ol>
    ${crumbs.more > 0 ? html`<p class="muted" data-testid="crumbs-more">${crumbs.more} more, older</p>` : nothing}
  </section>`;
}
