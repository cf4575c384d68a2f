/**
 * The issue header's snooze menu (issue 19 §2): Ignore forever, for 30 min / 1 h / 24 h, until 10
 * or 100 more events, until 10 more users, or until it escalates; with the active condition
 * ("Ignored until 7 more events") and, once the issue came back by itself, why.
 */

import { html, nothing } from 'lit-html';
import { SNOOZE_PRESETS, snoozeInWords, snoozePreset, unignoredInWords } from '../api/snooze-words.js';
import type { Issue } from '../api/types.js';
import type { Actions } from '../app/controller.js';

/** @example issueSnoozeView(issue, actions) */
export function issueSnoozeView(issue: Issue, actions: Actions) {
  const active = snoozeInWords(issue);
  const back = issue.status === 'unresolved' ? unignoredInWords(issue) : undefined;
  return html`<details class="snooze-menu" data-testid="snooze-menu">
      <summary>Ignore…</summary>
      <div role="group" aria-label="Ignore this issue">
        ${SNOOZE_PRESETS.map(
          (p) => html`<button
            type="button"
            data-testid=${`snooze-${p}`}
            @click=${(e: Event) => {
              (e.currentTarget as HTMLElement).closest('details')?.removeAttribute('open');
              actions.snoozeIssue(issue.id, p);
            }}
          >${snoozePreset(p).label}</button>`,
        )}
      </div>
    </details>
    ${active ? html`<p class="snooze-state" data-testid="snooze-state">${active}</p>` : nothing}
    ${back ? html`<p class="snooze-back" data-testid="snooze-back">${back}</p>` : nothing}`;
}
