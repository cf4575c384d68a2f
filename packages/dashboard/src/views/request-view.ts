/**
 * The request that failed: method, URL (a link only when http(s)), query, headers and cookies.
 * Scrubbed values are shown as a "redacted" badge, never as the marker text alone.
 */

import { html, nothing } from 'lit-html';
import type { RequestData } from '../api/event-data.js';
import { shown } from '../api/format.js';
import { MAX_TEXT_CHARS } from '../limits.js';
import { valueView } from './kv-table.js';
import { externalLink } from './link.js';

function table(title: string, rows: [string, string][], testId: string) {
  if (rows.length === 0) return nothing;
  return html`<h4>${title}</h4>
    <table class="kv" data-testid=${testId}>
      ${rows.map(([k, v]) => html`<tr><th>${shown(k, MAX_TEXT_CHARS)}</th><td>${valueView(v)}</td></tr>`)}
    </table>`;
}

export function requestView(request: RequestData, onCopyCurl: () => void, curl: string | undefined) {
  return html`<section class="request" data-testid="request">
    <h3>Request</h3>
    <p class="request-line">
      <span class="method">${shown(request.method, MAX_TEXT_CHARS)}</span>
      ${externalLink(request.url, shown(request.url, MAX_TEXT_CHARS))}
    </p>
    ${table('Query', request.query, 'request-query')}
    ${table('Headers', request.headers, 'request-headers')}
    ${table('Cookies', request.cookies, 'request-cookies')}
    ${request.data === undefined ? nothing : html`<h4>Body</h4><pre>${shown(request.data, MAX_TEXT_CHARS)}</pre>`}
    <button type="button" @click=${onCopyCurl} data-testid="copy-curl">Copy as curl</button>
    ${curl === undefined ? nothing : html`<pre class="curl" data-testid="curl">${curl}</pre>`}
  </section>`;
}
