/**
 * One issue: its status actions, a pager through its events (newest first), the event shown
 * (latest, or the one named by ?event=), its data, and a link to its trace.
 */

import { html, nothing } from 'lit-html';
import { exceptionChain, messageOf, requestOf, tagsOf, traceIdOf } from '../api/event-data.js';
import { pagerPosition } from '../api/event-pager.js';
import { sdkLabel, sdkOf } from '../api/event-story.js';
import { ago, counted, shown } from '../api/format.js';
import { phaseOf } from '../api/query-state.js';
import { shownEvent } from '../api/shown-event.js';
import type { EventRecord, IssueWithEvent } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { eventTagOf, issueHref, traceHref } from '../app/routes.js';
import { MAX_TEXT_CHARS } from '../limits.js';
import { eventStoryView } from './event-story-view.js';
import { chainView } from './exception-view.js';
import { groupingView } from './grouping-view.js';
import { issueActivityView } from './issue-activity-view.js';
import { issueAlertsView } from './issue-alerts-view.js';
import { issueAssigneeView } from './issue-assignee-view.js';
import { issueCommentsView } from './issue-comments-view.js';
import { issueDeleteView } from './issue-delete-view.js';
import { issueMuteView } from './issue-mute-view.js';
import { issueSnoozeView } from './issue-snooze-view.js';
import { issueTagsView } from './issue-tags-view.js';
import { appLink } from './link.js';
import { loadFailure } from './load-state.js';
import { mergedNoticeView } from './merged-notice-view.js';
import { requestView } from './request-view.js';

function facts(event: EventRecord, actions: Actions) {
  const traceId = event.traceId ?? traceIdOf(event.payload);
  const rows: [string, string | null | undefined][] = [
    ['event id', event.eventId],
    ['request id', event.requestId],
    ['release', event.release],
    ['environment', event.environment],
    ['service', event.service],
    ['trace id', traceId],
    ['received', event.receivedAt],
    ['sdk', sdkLabel(sdkOf(event.payload))],
  ];
  // The trace id comes from event data: it is a link only when it is a 32-hex trace id.
  const trace = traceId ? traceHref(traceId) : undefined;
  return html`<table class="kv" data-testid="event-facts">
    ${rows.map(([k, v]) =>
      v
        ? html`<tr><th>${k}</th><td data-testid=${`fact-${k.replace(' ', '-')}`}>${shown(v, MAX_TEXT_CHARS)}</td></tr>`
        : nothing,
    )}
    ${trace ? html`<tr><th>trace</th><td>${appLink(actions, trace, 'Open the trace', 'trace-link')}</td></tr>` : nothing}
  </table>`;
}

function pager(state: AppState, actions: Actions, issueId: number, eventId: string | undefined) {
  const events = state.events.data;
  if (!events || events.items.length === 0) return nothing;
  const at = pagerPosition(events, eventId);
  const total = state.issue.data?.count;
  const label =
    at.index < 0
      ? 'An event outside the loaded pages'
      : `Event ${at.index + 1} of ${at.loaded}${at.more ? '+' : ''}${total !== undefined ? ` (${total} seen)` : ''}`;
  return html`<nav class="pager" aria-label="Events of this issue" data-testid="event-pager">
    <button
      type="button"
      data-testid="pager-newer"
      ?disabled=${!at.newer}
      @click=${() => at.newer && actions.navigate(issueHref(issueId, at.newer, eventTagOf(state.route)))}
    >← Newer</button>
    <span data-testid="pager-position">${label}</span>
    <button
      type="button"
      data-testid="pager-older"
      ?disabled=${!at.older && !(at.more && at.index >= 0)}
      @click=${() => actions.olderEvent()}
    >Older →</button>
  </nav>`;
}

function eventView(event: EventRecord, state: AppState, actions: Actions) {
  const request = requestOf(event.payload);
  const message = messageOf(event.payload);
  const tags = tagsOf(event.payload);
  return html`<article class="event" data-testid="event" data-event-id=${event.eventId}>
    ${facts(event, actions)}
    ${message ? html`<p class="message" data-testid="message">${shown(message, MAX_TEXT_CHARS)}</p>` : nothing}
    ${chainView(exceptionChain(event.payload))}
    ${request ? requestView(request, () => actions.copyCurl(event), state.curl) : nothing}
    ${
      tags.length > 0
        ? html`<h3>Tags</h3>
            <ul class="tags" data-testid="tags">
              ${tags.map(([k, v]) => html`<li><span class="tag-key">${shown(k, MAX_TEXT_CHARS)}</span>=<span>${shown(v, MAX_TEXT_CHARS)}</span></li>`)}
            </ul>`
        : nothing
    }
    ${eventStoryView(event, state)}
  </article>`;
}

function header(issue: IssueWithEvent, state: AppState, actions: Actions) {
  return html`<header class="issue-header">
    <h2 data-testid="issue-title">${shown(issue.title, MAX_TEXT_CHARS)}</h2>
    <p class="culprit">${shown(issue.culprit, MAX_TEXT_CHARS)}</p>
    <p>
      <span class="status status-${issue.status}" data-testid="issue-status">${issue.status}</span>
      ${counted(issue.count, 'event')} · ${counted(issue.usersAffected, 'user')} · last seen ${ago(issue.lastSeen)} · first seen
      ${ago(issue.firstSeen)}
    </p>
    <div class="issue-actions">
      <button @click=${() => actions.setStatus(issue.id, 'resolved')}>Resolve</button>
      <button @click=${() => actions.setStatus(issue.id, 'resolved_in_next_release')}>Resolve in next release</button>
      ${issueSnoozeView(issue, actions)}
      <button @click=${() => actions.setStatus(issue.id, 'unresolved')}>Unresolve</button>
      ${issueDeleteView(state, actions, issue.id)}
    </div>
    ${issueAssigneeView(state, actions, issue)}
  </header>`;
}

export function issueView(state: AppState, actions: Actions, eventId: string | undefined) {
  const phase = phaseOf(state.issue);
  const issue = state.issue.data;
  const event = shownEvent(eventId, state.event.data, issue?.latestEvent);
  const loadingEvent = eventId !== undefined && event === undefined && !state.event.error;
  return html`<section class="issue">
    <p>${appLink(actions, '/issues', '← Issues')}</p>
    ${phase === 'loading' ? html`<p class="loading">Loading the issue…</p>` : nothing}
    ${phase === 'refreshing' ? html`<p class="refreshing" aria-live="polite">Refreshing…</p>` : nothing}
    ${loadFailure(state.issue, 'this issue', actions)}
    ${loadFailure(state.event, 'this event', actions)}
    ${issue ? mergedNoticeView(actions, issue) : nothing}
    ${issue ? header(issue, state, actions) : nothing}
    ${issue ? groupingView(state, actions, issue.id) : nothing}
    ${issue ? issueMuteView(state, actions, issue.id) : nothing}
    ${issue ? issueAlertsView(state, actions, issue.id) : nothing}
    ${issue ? issueTagsView(state, actions) : nothing}
    ${issue ? issueCommentsView(state, actions, issue.id) : nothing}
    ${issue ? issueActivityView(state, actions, issue.id) : nothing}
    ${issue ? pager(state, actions, issue.id, eventId) : nothing}
    ${loadingEvent && issue ? html`<p class="loading">Loading the event…</p>` : nothing}
    ${event ? eventView(event, state, actions) : issue && !eventId ? html`<p class="muted">No event kept for this issue.</p>` : nothing}
  </section>`;
}
