/**
 * The exception chain, thrown error first and each cause after it. In-app frames are open with
 * their context lines; library frames are folded into <details> (open on click, no script).
 * Frames a source map mapped are marked, and the frames as sent fold under them. A frame's
 * local variables (sentry-python sends them) fold under its context.
 */

import { html, nothing } from 'lit-html';
import type { ChainLink, Frame } from '../api/event-data.js';
import { shown } from '../api/format.js';
import { MAX_TEXT_CHARS } from '../limits.js';
import { kvTable } from './kv-table.js';

function context(frame: Frame) {
  const first = (frame.lineno ?? 0) - frame.preContext.length;
  const lines = [...frame.preContext, frame.contextLine ?? '', ...frame.postContext];
  return html`<ol class="context" start=${Math.max(first, 0)}>
    ${lines.map(
      (line, i) =>
        html`<li class=${i === frame.preContext.length ? 'current' : ''} data-testid=${
          i === frame.preContext.length ? 'context-line' : 'context'
        }><code>${shown(line, MAX_TEXT_CHARS)}</code></li>`,
    )}
  </ol>`;
}

/** Local variables (sentry-python's `vars`), folded: they can be many and long. */
function frameVars(frame: Frame) {
  const count = frame.vars.rows.length + frame.vars.more;
  if (count === 0) return nothing;
  return html`<details class="vars" data-testid="frame-vars">
    <summary>Local variables (${count})</summary>
    ${kvTable(frame.vars, 'frame-vars-table')}
  </details>`;
}

function frameView(frame: Frame) {
  const where = `${shown(frame.file, MAX_TEXT_CHARS)}${frame.lineno === undefined ? '' : `:${frame.lineno}`}${
    frame.colno === undefined ? '' : `:${frame.colno}`
  }`;
  const summary = html`<span class="fn">${shown(frame.function, MAX_TEXT_CHARS)}</span>
    <span class="file">${where}</span>${
      frame.mapped
        ? html` <span class="tag" title="mapped through an uploaded source map">source map</span>`
        : nothing
    }`;
  const hasContext = frame.contextLine !== undefined;
  return html`<details class=${frame.inApp ? 'frame in-app' : 'frame library'} ?open=${frame.inApp}
    data-testid=${frame.inApp ? 'frame-in-app' : 'frame-library'}>
    <summary>${frame.inApp ? nothing : html`<span class="tag">library</span>`}${summary}</summary>
    ${hasContext ? context(frame) : html`<p class="muted">no source context</p>`}
    ${frameVars(frame)}
  </details>`;
}

export function chainView(chain: ChainLink[]) {
  if (chain.length === 0) return html`<p class="muted">No exception in this event.</p>`;
  return html`${chain.map(
    (link, i) => html`<section class="exception" data-testid="exception">
      <h3>
        ${i > 0 ? html`<span class="muted">Caused by </span>` : nothing}
        <span class="type">${shown(link.type, MAX_TEXT_CHARS)}</span>:
        <span class="value">${shown(link.value, MAX_TEXT_CHARS)}</span>
        ${link.mechanism ? html`<span class="tag">${shown(link.mechanism, MAX_TEXT_CHARS)}</span>` : nothing}
      </h3>
      ${link.frames.map(frameView)}
      ${
        link.rawFrames === undefined
          ? nothing
          : html`<details class="raw-frames" data-testid="raw-frames">
              <summary>Frames as sent (before source maps)</summary>
              ${link.rawFrames.map(frameView)}
            </details>`
      }
    </section>`,
  )}`;
}
