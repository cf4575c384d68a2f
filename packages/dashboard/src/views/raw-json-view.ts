/**
 * The event as the collector stored it (scrubbed), folded, with a download of the whole JSON.
 * The download is a Blob URL made on click: no inline script, nothing the CSP forbids. The page
 * shows bidi controls as escapes (JSON keeps them as they are); the file keeps them as sent.
 */

import { html, nothing } from 'lit-html';
import { rawJsonFileName, rawJsonOf } from '../api/event-story.js';
import { visibleBidi } from '../api/format.js';
import type { EventRecord } from '../api/types.js';
import { MAX_RAW_JSON_CHARS, RAW_JSON_URL_KEEP_MS } from '../limits.js';

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The browser reads the Blob after the click returns; freed once the save has started.
  setTimeout(() => URL.revokeObjectURL(url), RAW_JSON_URL_KEEP_MS);
}

/** @example rawJsonView(event) */
export function rawJsonView(event: EventRecord) {
  const raw = rawJsonOf(event.payload);
  const fileName = rawJsonFileName(event.eventId);
  return html`<section class="raw-json">
    <details data-testid="raw-json">
      <summary>Raw event JSON (scrubbed)</summary>
      ${raw.cut ? html`<p class="muted">The first ${MAX_RAW_JSON_CHARS.toLocaleString('en')} characters; the download has it all.</p>` : nothing}
      <pre data-testid="raw-json-text">${visibleBidi(raw.shown)}</pre>
    </details>
    <button type="button" data-testid="download-json" @click=${() => download(rawJsonOf(event.payload).full, fileName)}>
      Download JSON
    </button>
  </section>`;
}
