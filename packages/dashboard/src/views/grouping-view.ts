/**
 * "Why these events are grouped" (issue 19 §3): each fingerprint of the issue with the grouping
 * components that made it (frames, normalized message, SDK fingerprint), and the project's
 * fingerprint rule that set it when one did, collapsed by default;
 * an Unmerge button per fingerprint merged into the issue.
 */

import { html, nothing } from 'lit-html';
import { counted, shown } from '../api/format.js';
import type { IssueFingerprint } from '../api/merge-types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { MAX_TEXT_CHARS } from '../limits.js';
import { loadFailure } from './load-state.js';

function fingerprintView(f: IssueFingerprint, issueId: number, several: boolean, actions: Actions) {
  return html`<li data-testid="grouping-fingerprint" data-fingerprint=${f.fingerprint}>
    <code>${f.fingerprint}</code> · ${counted(f.events, 'event')}${f.own ? ' · this issue’s own' : ''}
    ${
      f.rule
        ? html`<p data-testid="grouping-rule">${f.rule.fingerprint ? 'Fingerprint' : 'Title'} set by rule #${f.rule.index}:
            <code>${shown(f.rule.text, MAX_TEXT_CHARS)}</code></p>`
        : nothing
    }
    ${
      several && !f.own
        ? html`<button type="button" data-testid="unmerge" @click=${() => actions.unmerge(issueId, f.fingerprint)}>
            Unmerge
          </button>`
        : nothing
    }
    ${
      f.components.length === 0
        ? html`<p class="muted">No stored event of this fingerprint.</p>`
        : html`<ol class="components" data-testid="grouping-components">
            ${f.components.map((c) => html`<li><code>${shown(c, MAX_TEXT_CHARS)}</code></li>`)}
          </ol>`
    }
  </li>`;
}

/** @example groupingView(state, actions, issue.id) */
export function groupingView(state: AppState, actions: Actions, issueId: number) {
  if (state.fingerprints.error) return loadFailure(state.fingerprints, 'the grouping', actions);
  const items = state.fingerprints.data?.items;
  if (!items) return nothing;
  const several = items.length > 1;
  return html`<details class="grouping" data-testid="grouping">
    <summary>Why these events are grouped${several ? ` (${items.length} fingerprints merged)` : ''}</summary>
    <p class="muted">Events with the same fingerprint are one issue; the fingerprint is a hash of these parts.</p>
    <ul>${items.map((f) => fingerprintView(f, issueId, several, actions))}</ul>
  </details>`;
}
