/**
 * The issue page's comments (issue 19 §4): a box to add one, and the comments newest first with
 * who wrote them and when. A comment is the team's text, possibly pasted from anywhere: it is
 * shown as text (markdown is not rendered, bidi controls made visible), never as markup.
 */

import { html, nothing } from 'lit-html';
import { ago, shown } from '../api/format.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { MAX_TEXT_CHARS } from '../limits.js';

/** @example issueCommentsView(state, actions, issue.id) */
export function issueCommentsView(state: AppState, actions: Actions, issueId: number) {
  const comments = state.issueComments.data?.items ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const box = form.elements.namedItem('comment') as HTMLTextAreaElement;
    if (box.value.trim() === '') return;
    if (await actions.addComment(issueId, box.value)) box.value = '';
  };
  return html`<section class="comments" aria-labelledby="comments-title" data-testid="comments">
    <h3 id="comments-title">Comments</h3>
    <form data-testid="comment-form" @submit=${submit}>
      <label for="comment-box">Add a comment (plain text)</label>
      <textarea id="comment-box" name="comment" rows="3" data-testid="comment-box" required></textarea>
      <div class="form-actions">
        <button type="submit" data-testid="comment-submit" ?disabled=${state.teamUi.busy}>Comment</button>
      </div>
    </form>
    ${state.teamUi.error ? html`<p class="error" role="alert" data-testid="team-error">${state.teamUi.error}</p>` : nothing}
    ${state.issueComments.error ? html`<p class="error" role="alert">Comments: ${state.issueComments.error}</p>` : nothing}
    ${
      comments.length === 0 && state.issueComments.status === 'success'
        ? html`<p class="muted">No comments yet.</p>`
        : html`<ul>
            ${comments.map(
              (c) => html`<li data-testid="comment" data-comment-id=${c.id}>
                <p>
                  <strong>${shown(c.author, MAX_TEXT_CHARS)}</strong>
                  <span class="muted" title=${c.createdAt}>${ago(c.createdAt)}</span>
                  ${
                    state.user === c.author || state.scopes.includes('admin')
                      ? html`<button
                          type="button"
                          data-testid="comment-delete"
                          aria-label=${`Delete the comment by ${c.author}`}
                          @click=${() => actions.deleteComment(issueId, c.id)}
                        >Delete</button>`
                      : nothing
                  }
                </p>
                <p class="comment-text" data-testid="comment-text">${shown(c.text, MAX_TEXT_CHARS)}</p>
              </li>`,
            )}
          </ul>`
    }
  </section>`;
}
