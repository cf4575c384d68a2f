/**
 * The attachments sent with the event: each a download link (the collector serves the bytes as
 * a download, never as a page) with its size and declared type.
 */

import { html, nothing } from 'lit-html';
import { attachmentHref, byteSize } from '../api/attachments.js';
import { shown } from '../api/format.js';
import type { QueryState } from '../api/query-state.js';
import type { EventAttachments, EventRecord } from '../api/types.js';
import { MAX_TEXT_CHARS } from '../limits.js';

/** Nothing until the shown event's list has arrived. @example attachmentsView(event, state.attachments) */
export function attachmentsView(event: EventRecord, attachments: QueryState<EventAttachments>) {
  const data = attachments.data;
  const mine = data?.eventId === event.eventId && data.projectId === event.projectId ? data : undefined;
  if (attachments.error && !mine)
    return html`<p class="error" data-testid="attachments-error">Attachments: ${attachments.error}</p>`;
  if (!mine || mine.items.length === 0) return nothing;
  return html`<section class="attachments" data-testid="attachments">
    <h3>Attachments</h3>
    <ul>
      ${mine.items.map(
        (a) => html`<li data-testid="attachment">
          <a href=${attachmentHref(a)} download=${a.filename} data-testid="attachment-link">${shown(a.filename, MAX_TEXT_CHARS)}</a>
          <span class="muted" data-testid="attachment-size">${byteSize(a.size)}</span>
          <span class="tag">${shown(a.contentType, MAX_TEXT_CHARS)}</span>
        </li>`,
      )}
    </ul>
  </section>`;
}
