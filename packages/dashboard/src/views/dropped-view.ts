/**
 * The releases page's account of what never reached the store over DISCARDS_SINCE: what the SDKs
 * said they dropped (client reports: rate limits, sampling, a full queue…) and what this
 * collector dropped (inbound filters, oversized attachments), largest first.
 */

import { html, nothing } from 'lit-html';
import { shown } from '../api/format.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { DISCARD_ROWS_SHOWN, DISCARDS_SINCE, MAX_LIST_TEXT_CHARS } from '../limits.js';
import { loadFailure } from './load-state.js';

const SOURCE_WORDS = { client: 'SDK', collector: 'collector' } as const;

/** @example droppedView(state, actions) */
export function droppedView(state: AppState, actions: Pick<Actions, 'retry'>) {
  if (state.discards.error) return loadFailure(state.discards, 'the discards', actions);
  const items = state.discards.data?.items;
  if (items === undefined) return nothing;
  if (items.length === 0)
    return html`<p class="muted" data-testid="dropped-none">Nothing dropped before storage in the last ${DISCARDS_SINCE}.</p>`;
  const total = items.reduce((s, i) => s + i.quantity, 0);
  return html`<table class="dropped" data-testid="dropped">
    <caption>Dropped before storage in the last ${DISCARDS_SINCE}: ${total.toLocaleString('en')}</caption>
    <thead><tr><th>By</th><th>Reason</th><th>Kind</th><th class="num">Count</th></tr></thead>
    <tbody>
      ${items.slice(0, DISCARD_ROWS_SHOWN).map(
        (i) => html`<tr data-testid="dropped-row">
          <td>${SOURCE_WORDS[i.source]}</td>
          <td>${shown(i.reason, MAX_LIST_TEXT_CHARS)}</td>
          <td>${shown(i.category, MAX_LIST_TEXT_CHARS)}</td>
          <td class="num">${i.quantity.toLocaleString('en')}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
