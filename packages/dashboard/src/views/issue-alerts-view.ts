/** The issue page's alerts: what fired for this issue, through which rule and channel, and how it went. */

import { html, nothing } from 'lit-html';
import { ago, shown } from '../api/format.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { linkProject } from '../app/current-project.js';
import { alertsHref } from '../app/routes.js';
import { MAX_LIST_TEXT_CHARS } from '../limits.js';
import { appLink } from './link.js';
import { loadFailure } from './load-state.js';

/** @example issueAlertsView(state, actions, issue.id) */
export function issueAlertsView(state: AppState, actions: Actions, issueId: number) {
  // The page's own alerts only: the Alerts page's project-wide list may still be held.
  const items = state.recentAlerts.data?.items.filter((d) => d.subject === `issue:${issueId}`);
  if (state.recentAlerts.error) return loadFailure(state.recentAlerts, "this issue's alerts", actions);
  if (!items) return nothing;
  const project = linkProject(state.project);
  return html`<section class="issue-alerts" data-testid="issue-alerts">
    <h3>Alerts</h3>
    ${
      items.length === 0
        ? html`<p class="muted">No alert fired for this issue.</p>`
        : html`<ul>
            ${items.map(
              (d) => html`<li data-testid="issue-alert" data-state=${d.state}>
                <span title=${d.createdAt}>${ago(d.createdAt)}</span>
                ${d.alert?.type ?? 'alert'} by
                ${appLink(actions, alertsHref(project, d.ruleId), shown(d.alert?.rule.name ?? `rule ${d.ruleId}`, MAX_LIST_TEXT_CHARS))}
                to ${d.channelType}: <span class="state state-${d.state}">${d.state}</span>
              </li>`,
            )}
          </ul>`
    }
  </section>`;
}
