/**
 * The Trace page: the services of one trace as a tree (nested lists, so nesting needs no
 * inline style), the origin of the cascade highlighted, each error linking to its event.
 */

import { html, nothing } from 'lit-html';
import { shown } from '../api/format.js';
import { phaseOf } from '../api/query-state.js';
import { boundTrace, type ShownNode } from '../api/trace-layout.js';
import type { Trace, TraceEvent, TraceOrigin, TraceTransaction } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { issueHref } from '../app/routes.js';
import { MAX_LIST_TEXT_CHARS, MAX_TRACE_DEPTH, MAX_TRACE_NODES } from '../limits.js';
import { appLink } from './link.js';
import { loadFailure } from './load-state.js';

const text = (s: string | null | undefined, fallback: string) => shown(s ?? fallback, MAX_LIST_TEXT_CHARS);

function transactionView(t: TraceTransaction) {
  const parts = [
    t.op,
    t.name,
    t.httpStatus === null ? t.status : String(t.httpStatus),
    t.durationMs === null ? null : `${Math.round(t.durationMs)} ms`,
  ].filter((p): p is string => p !== null && p !== '');
  return parts.length > 0
    ? html`<span class="txn">${shown(parts.join(' · '), MAX_LIST_TEXT_CHARS)}</span>`
    : nothing;
}

function eventLink(e: TraceEvent, actions: Actions) {
  const detail = [e.status === null ? null : String(e.status), e.category].filter(Boolean).join(' ');
  return html`<li class="trace-event">
    ${appLink(actions, issueHref(e.issueId, e.eventId), text(e.title, '(no title)'), 'trace-event-link')}
    ${detail ? html`<span class="tag">${shown(detail, MAX_LIST_TEXT_CHARS)}</span>` : nothing}
  </li>`;
}

function nodeView(shownNode: ShownNode, actions: Actions): unknown {
  const { node } = shownNode;
  const classes = ['trace-node', node.failing ? 'failing' : 'ok', node.origin ? 'origin' : ''].join(' ');
  return html`<li class=${classes} data-testid="trace-node" data-span-id=${node.spanId} data-origin=${node.origin}>
    <div class="node-head">
      <span class="service" data-testid="trace-service">${text(node.service, '(unknown service)')}</span>
      ${node.origin ? html`<span class="badge origin-badge" data-testid="origin-badge">origin</span>` : nothing}
      ${node.failing && !node.origin ? html`<span class="badge failing-badge">failing</span>` : nothing}
      ${node.transaction ? transactionView(node.transaction) : nothing}
    </div>
    ${node.events.length > 0 ? html`<ul class="trace-events">${node.events.map((e) => eventLink(e, actions))}</ul>` : nothing}
    ${
      shownNode.children.length > 0
        ? html`<ul class="trace-children">${shownNode.children.map((c) => nodeView(c, actions))}</ul>`
        : nothing
    }
    ${shownNode.hidden > 0 ? html`<p class="muted">${shownNode.hidden} more spans below, not shown</p>` : nothing}
  </li>`;
}

function originView(origin: TraceOrigin | null, actions: Actions, trace: Trace) {
  if (!origin) return html`<p class="muted" data-testid="trace-origin">No failing service in this trace.</p>`;
  const issueId = findIssue(trace, origin.eventId);
  const title = text(origin.title, 'its error');
  return html`<p class="origin-summary" data-testid="trace-origin">
    The cascade started in <strong>${text(origin.service, '(unknown service)')}</strong>
    ${origin.status === null ? nothing : html` with <code>${origin.status}</code>`}
    ${origin.category ? html` (${shown(origin.category, MAX_LIST_TEXT_CHARS)})` : nothing}:
    ${issueId !== undefined && origin.eventId ? appLink(actions, issueHref(issueId, origin.eventId), title, 'origin-link') : title}
  </p>`;
}

/** The issue of an event in the tree (the origin names the event, the link needs its issue). */
function findIssue(trace: Trace, eventId: string | null): number | undefined {
  if (eventId === null) return undefined;
  const stack = [...trace.roots];
  const seen = new Set<object>();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (seen.has(node)) continue;
    seen.add(node);
    const hit = node.events.find((e) => e.eventId === eventId);
    if (hit) return hit.issueId;
    stack.push(...node.children);
  }
  return undefined;
}

export function traceView(state: AppState, actions: Actions, traceId: string) {
  const phase = phaseOf(state.trace);
  const trace = state.trace.data;
  const tree = trace ? boundTrace(trace.roots, MAX_TRACE_DEPTH, MAX_TRACE_NODES) : undefined;
  return html`<section class="trace-page">
    <h2>Trace <code data-testid="trace-id">${traceId}</code></h2>
    ${phase === 'loading' ? html`<p class="loading">Loading the trace…</p>` : nothing}
    ${loadFailure(state.trace, 'this trace', actions)}
    ${trace ? originView(trace.origin, actions, trace) : nothing}
    ${tree ? html`<ul class="trace-tree" data-testid="trace-tree">${tree.roots.map((n) => nodeView(n, actions))}</ul>` : nothing}
    ${tree && tree.hidden > 0 ? html`<p class="muted">${tree.hidden} spans not shown (too deep or too many).</p>` : nothing}
  </section>`;
}
