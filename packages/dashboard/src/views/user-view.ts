/** The user the event names, as sent after the collector's scrubbing. */

import { html, nothing } from 'lit-html';
import type { KvRows } from '../api/payload-text.js';
import { kvTable } from './kv-table.js';

/** @example userView(userOf(event.payload)) */
export function userView(user: KvRows | undefined) {
  if (!user) return nothing;
  return html`<section class="user-data"><h3>User</h3>${kvTable(user, 'user')}</section>`;
}
