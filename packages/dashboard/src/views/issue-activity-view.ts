/**
 * The issue page's activity history (issue 19 §4), newest first: who did what and when (first
 * seen, status changes with the snooze condition, wakes, regressions, merges, assignments,
 * comments, alerts), in words from activity-words.ts, and "Older activity" for the next page.
 */

import { html, nothing } from 'lit-html';
import { activityWords } from '../api/activity-words.js';
import { ago, shown } from '../api/format.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { MAX_LIST_TEXT_CHARS } from '../limits.js';

/** @example issueActivityView(state, actions, issue.id) */
export function issueActivityView(state: AppState, actions: Actions, issueId: number) {
  const page = state.issueActivity.data;
  return html`<section class="activity" aria-labelledby="activity-title" data-testid="activity">
    <h3 id="activity-title">Activity</h3>
    ${state.issueActivity.error ? html`<p class="error" role="alert">Activity: ${state.issueActivity.error}</p>` : nothing}
    ${
      page
        ? html`<ol>
            ${page.items.map(
              (a) => html`<li data-testid="activity-row" data-kind=${a.kind}>
                <span class="muted" title=${a.createdAt}>${ago(a.createdAt)}</span>
                ${a.actor ? html`<strong>${shown(a.actor, MAX_LIST_TEXT_CHARS)}</strong>` : nothing}
                ${shown(activityWords(a), MAX_LIST_TEXT_CHARS)}
              </li>`,
            )}
          </ol>
          ${
            page.nextCursor
              ? html`<button type="button" data-testid="activity-older" @click=${() => actions.olderActivity(issueId)}>
                  Older activity
                </button>`
              : nothing
          }`
        : nothing
    }
  </section>`;
}
