/**
 * The Alerts page (issue 14 §5): the project's rules (name, trigger in words, channels, action
 * interval, last fired) with Edit, Test and Delete (after a confirmation) for each; the rule
 * form; a new webhook's secret shown once; and, for the rule picked, its delivery and
 * evaluation logs. Names, URLs and answers are user data: rendered as text only.
 */

import { html, nothing } from 'lit-html';
import { lastFired } from '../api/alert-log.js';
import type { AlertRule, AlertTestResult } from '../api/alert-types.js';
import { channelInWords, filtersInWords, minutes, triggerInWords } from '../api/alert-words.js';
import { ago, shown } from '../api/format.js';
import { phaseOf } from '../api/query-state.js';
import type { AlertsUi, AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { linkProject } from '../app/current-project.js';
import { alertsHref } from '../app/routes.js';
import { MAX_EXCERPT_CHARS, MAX_LIST_TEXT_CHARS } from '../limits.js';
import { alertFormView } from './alert-form-view.js';
import { ruleLogsView } from './alert-log-view.js';
import { focusOnShow } from './focus-on-show.js';
import { appLink } from './link.js';
import { loadFailure } from './load-state.js';
import { silencesView } from './silences-view.js';

function testResults(rule: AlertRule, test: NonNullable<AlertsUi['test']>) {
  if (test.busy) return html`<p class="loading" data-testid="test-busy">Sending a test…</p>`;
  if (test.error) return html`<p class="error" role="alert" data-testid="test-error">${test.error}</p>`;
  const channel = (r: AlertTestResult) => rule.channels.find((c) => c.id === r.channelId);
  return html`<ul class="test-results" data-testid="test-results" aria-live="polite">
    ${(test.results ?? []).map((r) => {
      const c = channel(r);
      return html`<li data-testid="test-result" data-outcome=${r.outcome}>
        ${shown(c ? channelInWords(c) : r.channelType, MAX_LIST_TEXT_CHARS)}:
        <strong>${r.outcome}</strong>
        ${r.status === null ? 'no answer' : `HTTP ${r.status}`} in ${r.latencyMs} ms
        ${r.error ? html`<span class="error">${shown(r.error, MAX_EXCERPT_CHARS)}</span>` : nothing}
        ${r.responseExcerpt ? html`<pre class="excerpt">${shown(r.responseExcerpt, MAX_EXCERPT_CHARS)}</pre>` : nothing}
      </li>`;
    })}
  </ul>`;
}

function ruleRow(rule: AlertRule, state: AppState, actions: Actions, fired: Map<number, string>) {
  const project = linkProject(state.project);
  const { test, confirmDelete } = state.alerts;
  const last = fired.get(rule.id);
  const name = shown(rule.name, MAX_LIST_TEXT_CHARS);
  return html`<tr data-testid="rule-row" data-rule-id=${rule.id}>
    <td>${appLink(actions, alertsHref(project, rule.id), name, 'rule-link')}</td>
    <td data-testid="rule-trigger">${triggerInWords(rule.trigger)}<br />
      <span class="hint">for ${shown(filtersInWords(rule.filters), MAX_LIST_TEXT_CHARS)}</span></td>
    <td><ul class="channels">
      ${rule.channels.map(
        (c) => html`<li>${shown(channelInWords(c), MAX_LIST_TEXT_CHARS)}
          ${c.disabled ? html`<span class="tag" title=${c.disabled.reason}>disabled (410)</span>` : nothing}</li>`,
      )}
    </ul></td>
    <td>${minutes(rule.actionIntervalMinutes)}</td>
    <td data-testid="rule-last-fired">${last ? html`<span title=${last}>${ago(last)}</span>` : html`<span class="muted">—</span>`}</td>
    <td class="rule-actions">
      <button type="button" @click=${() => actions.editAlertRule(rule.id)}>Edit<span class="visually-hidden"> ${name}</span></button>
      <button type="button" data-testid="test-rule" @click=${() => actions.testAlertRule(rule.id)}>Test<span class="visually-hidden"> ${name}</span></button>
      ${
        confirmDelete === rule.id
          ? html`<span role="group" aria-label="Confirm delete" data-testid="confirm-delete">
              Delete ${name}?
              <button type="button" @click=${() => actions.confirmDeleteAlertRule(true)}>Yes, delete</button>
              <button type="button" ${focusOnShow} @click=${() => actions.confirmDeleteAlertRule(false)}>Keep it</button>
            </span>`
          : html`<button type="button" @click=${() => actions.askDeleteAlertRule(rule.id)}>Delete<span class="visually-hidden"> ${name}</span></button>`
      }
      ${test?.ruleId === rule.id ? testResults(rule, test) : nothing}
    </td>
  </tr>`;
}

function secretsView(secrets: NonNullable<AlertsUi['secrets']>, actions: Actions) {
  return html`<section class="secrets" role="status" data-testid="webhook-secrets">
    <p><strong>Copy the signing secret now: it is not shown again.</strong> Receivers check the
      <code>webhook-signature</code> header with it (Standard Webhooks).</p>
    <ul>
      ${secrets.channels.map(
        (
          c,
        ) => html`<li>${shown(c.url, MAX_LIST_TEXT_CHARS)}: <code class="secret-value" data-testid="webhook-secret">${c.secret}</code>
          <button type="button" @click=${() => actions.copyText(c.secret, 'secret')}>Copy</button></li>`,
      )}
    </ul>
    <button type="button" @click=${() => actions.dismissAlertSecrets()}>I have copied it</button>
  </section>`;
}

/** @example alertsView(state, actions, route.ruleId) */
export function alertsView(state: AppState, actions: Actions, ruleId: number | undefined) {
  const rules = state.alertRules.data?.items;
  const { editor, secrets } = state.alerts;
  const fired = lastFired(state.recentAlerts.data?.items ?? []);
  const picked = rules?.find((r) => r.id === ruleId);
  return html`<section class="alerts-page">
    <h2>Alerts</h2>
    ${phaseOf(state.alertRules) === 'loading' ? html`<p class="loading">Loading alert rules…</p>` : nothing}
    ${loadFailure(state.alertRules, 'the alert rules', actions)}
    ${secrets ? secretsView(secrets, actions) : nothing}
    ${rules && rules.length === 0 && !editor ? html`<p class="empty" data-testid="alerts-empty">No alert rules yet: nobody hears about a new 500 until one exists.</p>` : nothing}
    ${
      rules && rules.length > 0
        ? html`<table class="rules" data-testid="rules">
            <thead><tr><th>Name</th><th>Trigger</th><th>Channels</th><th>Action interval</th><th>Last fired</th><th></th></tr></thead>
            <tbody>${rules.map((r) => ruleRow(r, state, actions, fired))}</tbody>
          </table>`
        : nothing
    }
    ${
      editor
        ? alertFormView(editor, actions)
        : html`<button type="button" data-testid="new-rule" @click=${() => actions.newAlertRule()}>New alert rule</button>`
    }
    ${
      picked
        ? html`<article class="rule-detail" data-testid="rule-detail">
            <h3>${shown(picked.name, MAX_LIST_TEXT_CHARS)}
              <button type="button" data-testid="refresh-logs" @click=${() => actions.refreshAlerts()}>Refresh</button></h3>
            ${ruleLogsView(state, actions)}
          </article>`
        : nothing
    }
    ${rules && ruleId !== undefined && !picked ? html`<p class="error" role="alert">No alert rule #${ruleId} in this project.</p>` : nothing}
    ${silencesView(state, actions)}
  </section>`;
}
