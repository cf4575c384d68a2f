/**
 * The contexts (runtime, os, device, app, browser, trace, culture, custom ones), each a small
 * table titled by its name; nested values as compact JSON text.
 */

import { html, nothing } from 'lit-html';
import type { ContextTable } from '../api/event-story.js';
import { shown } from '../api/format.js';
import { MAX_TEXT_CHARS } from '../limits.js';
import { kvTable } from './kv-table.js';

/** @example contextsView(contextsOf(event.payload)) */
export function contextsView(contexts: ContextTable[]) {
  if (contexts.length === 0) return nothing;
  return html`<section class="contexts" data-testid="contexts">
    <h3>Contexts</h3>
    <div class="context-grid">
      ${contexts.map(
        (c) => html`<div class="context-table" data-testid="context" data-context=${c.name}>
          <h4>${shown(c.name, MAX_TEXT_CHARS)}${c.type ? html` <span class="tag">${shown(c.type, MAX_TEXT_CHARS)}</span>` : nothing}</h4>
          ${c.values.rows.length === 0 && c.values.more === 0 ? html`<p class="muted">empty</p>` : kvTable(c.values, 'context-values')}
        </div>`,
      )}
    </div>
  </section>`;
}
