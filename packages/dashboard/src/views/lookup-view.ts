/**
 * The incident box: the request id from a 500 body (or an event id) straight to its event. When
 * several events carry the id (any DSN key can send any request id), they are listed with their
 * project and SDK for the user to choose, instead of opening one of them.
 */

import { html, nothing } from 'lit-html';
import { ago, shown } from '../api/format.js';
import type { IncidentMatch, SampledOccurrence } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { issueHref } from '../app/routes.js';
import { MAX_LIST_TEXT_CHARS, MAX_LOOKUP_ID_CHARS } from '../limits.js';
import { appLink } from './link.js';

export function lookupView(state: AppState, actions: Actions) {
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('incident') as HTMLInputElement;
    actions.lookup(input.value);
  };
  return html`<form class="lookup" role="search" @submit=${submit} data-testid="lookup-form">
    <input
      name="incident"
      aria-label="Request id or event id"
      placeholder="Request id or event id"
      maxlength=${MAX_LOOKUP_ID_CHARS}
    />
    <button type="submit" ?disabled=${state.lookup.busy}>Find</button>
    ${state.lookup.error ? html`<span class="error" role="alert">${state.lookup.error}</span>` : nothing}
  </form>`;
}

function matchRow(m: IncidentMatch, actions: Actions) {
  const project = m.projectName ?? `project ${m.projectId}`;
  return html`<li data-testid="lookup-match">
    ${appLink(actions, issueHref(m.issueId, m.eventId), shown(m.title, MAX_LIST_TEXT_CHARS))}
    <span class="meta">
      ${shown(project, MAX_LIST_TEXT_CHARS)} · ${m.sdk ? shown(m.sdk.name, MAX_LIST_TEXT_CHARS) : 'no SDK named'} ·
      <span title=${m.receivedAt}>received ${ago(m.receivedAt)}</span>
    </span>
  </li>`;
}

function sampledRow(o: SampledOccurrence, actions: Actions) {
  const what = `sampled: ${o.likeCount} like this, first at ${o.likeFirstAt}`;
  return html`<li data-testid="lookup-sampled">
    <code>${shown(o.requestId, MAX_LOOKUP_ID_CHARS)}</code> ${o.method} ${shown(o.route ?? '(unmatched route)', MAX_LIST_TEXT_CHARS)}
    → ${o.status} <span title=${o.timestamp}>${ago(o.timestamp)}</span>: ${what} ·
    ${
      o.like
        ? appLink(
            actions,
            issueHref(o.like.issueId, o.like.eventId),
            shown(o.like.title, MAX_LIST_TEXT_CHARS),
          )
        : 'its full event is not stored'
    }
  </li>`;
}

/** The events an ambiguous lookup named (until the user picks one), or its sampled occurrences. */
export function lookupMatchesView(state: AppState, actions: Actions) {
  const sampled = state.lookup.sampled;
  if (sampled)
    return html`<section class="lookup-matches" role="status" data-testid="lookup-matches">
      <p>Not sent in full: counted during an error storm, like the event linked.</p>
      <ul>
        ${sampled.map((o) => sampledRow(o, actions))}
      </ul>
    </section>`;
  const matches = state.lookup.matches;
  if (!matches) return nothing;
  const count = `${matches.items.length}${matches.more ? '+' : ''}`;
  return html`<section class="lookup-matches" role="status" data-testid="lookup-matches">
    <p>
      ${count} events carry <code>${shown(matches.id, MAX_LOOKUP_ID_CHARS)}</code>. Any project's DSN key can send
      any request id: check the project before trusting one.
    </p>
    <ul>
      ${matches.items.map((m) => matchRow(m, actions))}
    </ul>
  </section>`;
}
