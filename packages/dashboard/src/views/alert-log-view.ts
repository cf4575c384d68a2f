/**
 * A rule's delivery log (failures first, each attempt with its status, latency and the start
 * of the answer, a Redeliver button) and its evaluation log (each decision and why), so a
 * person can tell why an alert did or did not fire. Receivers' answers are shown as text.
 */

import { html, nothing } from 'lit-html';
import {
  attemptInWords,
  deliveryLog,
  evaluationInWords,
  subjectInWords,
  subjectIssue,
} from '../api/alert-log.js';
import type { AlertDelivery, AlertEvaluation } from '../api/alert-types.js';
import { ago, shown } from '../api/format.js';
import { phaseOf } from '../api/query-state.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { issueHref } from '../app/routes.js';
import { MAX_EXCERPT_CHARS, MAX_LIST_TEXT_CHARS } from '../limits.js';
import { appLink } from './link.js';
import { loadFailure } from './load-state.js';

/** What an alert was about, as a link to the issue when it was one. */
function subjectView(subject: string, actions: Actions) {
  const issueId = subjectIssue(subject);
  const words = shown(subjectInWords(subject), MAX_LIST_TEXT_CHARS);
  return issueId === undefined ? html`<span>${words}</span>` : appLink(actions, issueHref(issueId), words);
}

function deliveryRow(d: AlertDelivery, actions: Actions) {
  return html`<tr data-testid="delivery-row" data-state=${d.state} data-type=${d.alert?.type ?? ''}>
    <td title=${d.createdAt}>${ago(d.createdAt)}</td>
    <td>${d.alert?.type ?? '—'}</td>
    <td>${subjectView(d.subject, actions)}</td>
    <td>${d.channelType}</td>
    <td><span class="state state-${d.state}" data-testid="delivery-state">${d.state}</span>
      ${d.nextAttemptAt ? html`<br /><span class="hint">next attempt ${ago(d.nextAttemptAt)}</span>` : nothing}</td>
    <td>
      <ol class="attempts">
        ${d.attempts.map(
          (a) => html`<li data-testid="attempt">
            <span title=${a.at}>#${a.attempt} ${attemptInWords(a)}</span>
            ${a.responseExcerpt ? html`<pre class="excerpt">${shown(a.responseExcerpt, MAX_EXCERPT_CHARS)}</pre>` : nothing}
          </li>`,
        )}
      </ol>
      ${d.attempts.length === 0 ? html`<span class="muted">no attempt yet</span>` : nothing}
    </td>
    <td>
      ${
        d.state === 'pending'
          ? nothing
          : html`<button type="button" data-testid="redeliver" @click=${() => actions.redeliverAlert(d.id)}>
              Redeliver<span class="visually-hidden"> delivery ${d.id}</span>
            </button>`
      }
    </td>
  </tr>`;
}

function evaluationRow(e: AlertEvaluation, actions: Actions) {
  return html`<li data-testid="evaluation" data-decision=${e.decision}>
    <span title=${e.at}>${ago(e.at)}</span> · ${subjectView(e.subject, actions)} ·
    <span class=${e.decision === 'fired' ? 'fired' : 'muted'}>${shown(evaluationInWords(e), MAX_LIST_TEXT_CHARS)}</span>
  </li>`;
}

/** @example ruleLogsView(state, actions) */
export function ruleLogsView(state: AppState, actions: Actions) {
  const deliveries = state.alertDeliveries.data?.items;
  const evaluations = state.alertEvaluations.data;
  return html`<section class="rule-logs">
    <h3>Deliveries <span class="hint">(failures first, then newest)</span></h3>
    ${phaseOf(state.alertDeliveries) === 'loading' ? html`<p class="loading">Loading deliveries…</p>` : nothing}
    ${loadFailure(state.alertDeliveries, 'the delivery log', actions)}
    ${deliveries && deliveries.length === 0 ? html`<p class="muted">Nothing sent yet.</p>` : nothing}
    ${
      deliveries && deliveries.length > 0
        ? html`<table class="deliveries" data-testid="deliveries">
            <thead><tr><th>When</th><th>Alert</th><th>About</th><th>Channel</th><th>State</th><th>Attempts</th><th></th></tr></thead>
            <tbody>${deliveryLog(deliveries).map((d) => deliveryRow(d, actions))}</tbody>
          </table>`
        : nothing
    }
    <h3>Evaluations <span class="hint">(newest first: why the rule fired or did not)</span></h3>
    ${phaseOf(state.alertEvaluations) === 'loading' ? html`<p class="loading">Loading evaluations…</p>` : nothing}
    ${loadFailure(state.alertEvaluations, 'the evaluation log', actions)}
    ${evaluations && evaluations.items.length === 0 ? html`<p class="muted">Nothing logged yet: no event has met the trigger and passed the filters (decisions that only ever filtered an issue out, or stayed below the count, are not stored).</p>` : nothing}
    ${evaluations && evaluations.items.length > 0 ? html`<ul class="evaluations" data-testid="evaluations">${evaluations.items.map((e) => evaluationRow(e, actions))}</ul>` : nothing}
    ${evaluations?.nextCursor ? html`<button type="button" @click=${() => actions.olderAlertEvaluations()}>Older evaluations</button>` : nothing}
  </section>`;
}
