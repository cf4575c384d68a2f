/**
 * The issue header's assignee picker (issue 19 §4): the dashboard users by email, "Nobody", and
 * "Assign to me" for a user signed in with a password. An assignee no longer in the list (the
 * list failed, or is loading) stays selectable, so the picker never shows a wrong name.
 */

import { html, nothing } from 'lit-html';
import { shown } from '../api/format.js';
import type { IssueFilters } from '../api/issue-filters.js';
import type { Issue } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { MAX_LIST_TEXT_CHARS } from '../limits.js';

const NOBODY = '';

/** @example issueAssigneeView(state, actions, issue) */
export function issueAssigneeView(state: AppState, actions: Actions, issue: Issue) {
  const current = issue.assignee ?? NOBODY;
  const emails = (state.teamUsers.data?.items ?? []).map((u) => u.email);
  if (current !== NOBODY && !emails.includes(current)) emails.unshift(current);
  const me = state.user;
  return html`<p class="assignee" data-testid="assignee">
    <label
      >Assignee
      <select
        data-testid="assignee-select"
        ?disabled=${state.teamUi.busy}
        @change=${(e: Event) => {
          const value = (e.currentTarget as HTMLSelectElement).value;
          actions.assignIssue(issue.id, value === NOBODY ? null : value);
        }}
      >
        <option value=${NOBODY} ?selected=${current === NOBODY}>Nobody</option>
        ${emails.map(
          (email) =>
            html`<option value=${email} ?selected=${email === current}>${shown(email, MAX_LIST_TEXT_CHARS)}</option>`,
        )}
      </select></label
    >
    ${
      me && me !== current
        ? html`<button
            type="button"
            data-testid="assign-me"
            ?disabled=${state.teamUi.busy}
            @click=${() => actions.assignIssue(issue.id, me)}
          >Assign to me</button>`
        : nothing
    }
  </p>`;
}

/**
 * The issue list's assignee column: the email, or a dash.
 * @example assigneeCell(issue)
 */
export function assigneeCell(issue: Issue) {
  return html`<td class="secondary" data-testid="issue-assignee">${issue.assignee ? shown(issue.assignee, MAX_LIST_TEXT_CHARS) : '—'}</td>`;
}

/**
 * The issue list's "Assigned to me" filter, for a user signed in with a password (a token login
 * is no user: the collector answers its `assigned=me` with a 400).
 * @example assignedToMeFilter(filters, state.user, submitForm)
 */
export function assignedToMeFilter(
  filters: IssueFilters,
  user: string | null,
  submitForm: (e: Event) => void,
) {
  if (!user) return nothing;
  return html`<label
    ><input
      type="checkbox"
      name="assigned"
      value="me"
      data-testid="filter-assigned-me"
      .checked=${filters.assignedToMe === true}
      @change=${submitForm}
    />
    Assigned to me</label
  >`;
}
