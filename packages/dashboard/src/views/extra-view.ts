/** `extra`: data the app attached to the event, values as bounded JSON text. */

import { html, nothing } from 'lit-html';
import type { KvRows } from '../api/payload-text.js';
import { kvTable } from './kv-table.js';

/** @example extraView(extraOf(event.payload)) */
export function extraView(extra: KvRows) {
  if (extra.rows.length === 0 && extra.more === 0) return nothing;
  return html`<section class="extra"><h3>Extra</h3>${kvTable(extra, 'extra')}</section>`;
}
