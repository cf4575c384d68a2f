/**
 * A key/value table of event data (a context, extra, the user, a frame's locals, a breadcrumb's
 * data): each value as text, a scrubbed one as a "redacted" badge, and "N more" when cut.
 */

import { html, nothing } from 'lit-html';
import { shown } from '../api/format.js';
import type { KvRows } from '../api/payload-text.js';
import { isRedacted } from '../api/redaction.js';
import { MAX_TEXT_CHARS } from '../limits.js';

/**
 * One value: the marker the collector's scrubbing left reads as a badge, not as text.
 * @example valueView('[Filtered]') // the "redacted" badge
 */
export function valueView(v: string) {
  return isRedacted(v)
    ? html`<span class="redacted" data-testid="redacted">redacted</span>`
    : html`<span>${shown(v, MAX_TEXT_CHARS)}</span>`;
}

/**
 * `compact`: as wide as its text (a breadcrumb's data); else the page's width, keys a third.
 * @example kvTable({ rows: [['os', 'Linux']], more: 0 }, 'context-os')
 */
export function kvTable(data: KvRows, testId: string, compact = false) {
  if (data.rows.length === 0 && data.more === 0) return nothing;
  return html`<table class=${compact ? 'kv kv-compact' : 'kv kv-data'} data-testid=${testId}>
    ${data.rows.map(([k, v]) => html`<tr><th>${shown(k, MAX_TEXT_CHARS)}</th><td>${valueView(v)}</td></tr>`)}
    ${data.more > 0 ? html`<tr><td colspan="2" class="muted">${data.more} more</td></tr>` : nothing}
  </table>`;
}
