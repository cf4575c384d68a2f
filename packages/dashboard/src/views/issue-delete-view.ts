/**
 * The issue header's Delete (issue 19 §2): a dialog asks first, offering "also discard future
 * events" (unticked), and focus starts on Cancel; nothing is deleted until Delete.
 */

import { html, nothing } from 'lit-html';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { focusOnShow } from './focus-on-show.js';

function dialog(state: AppState, actions: Actions) {
  const { discard, busy, error } = state.issueUi;
  return html`<div class="confirm-delete" role="alertdialog" aria-label="Delete this issue" data-testid="confirm-delete">
    <p>Delete this issue with all its events? This cannot be undone.</p>
    <label>
      <input
        type="checkbox"
        data-testid="delete-discard"
        .checked=${discard}
        @change=${(e: Event) => actions.setDiscard((e.target as HTMLInputElement).checked)}
      />
      Also discard future events (they are counted, not stored)
    </label>
    ${error ? html`<p class="error" role="alert" data-testid="delete-error">${error}</p>` : nothing}
    <button type="button" data-testid="confirm-delete-yes" ?disabled=${busy} @click=${() => actions.confirmDeleteIssue(true)}>Delete</button>
    <button type="button" data-testid="confirm-delete-no" ${focusOnShow} @click=${() => actions.confirmDeleteIssue(false)}>Cancel</button>
  </div>`;
}

/** @example issueDeleteView(state, actions, issue.id) */
export function issueDeleteView(state: AppState, actions: Actions, issueId: number) {
  return html`<button type="button" data-testid="delete-issue" @click=${() => actions.askDeleteIssue(issueId)}>Delete</button>
    ${state.issueUi.confirmDelete === issueId ? dialog(state, actions) : nothing}`;
}
