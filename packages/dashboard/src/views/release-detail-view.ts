/**
 * What release tools (sentry-cli) said of the release picked on the Releases page: when it was
 * created and finalized, its deploys (environment, name, when) and the commits it was built
 * from. Every value is data from the API: text only.
 */

import { html, nothing } from 'lit-html';
import { ago, shown } from '../api/format.js';
import { phaseOf } from '../api/query-state.js';
import type { Deploy, ReleaseCommit, ReleaseDetail } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { MAX_LIST_TEXT_CHARS, RELEASE_COMMITS_SHOWN } from '../limits.js';
import { loadFailure } from './load-state.js';

const text = (v: string | null) => (v === null ? '—' : shown(v, MAX_LIST_TEXT_CHARS));

function deployRow(d: Deploy) {
  return html`<tr data-testid="deploy-row">
    <td>${text(d.environment)}</td>
    <td>${text(d.name)}</td>
    <td title=${d.dateFinished}>${ago(d.dateFinished)}</td>
  </tr>`;
}

function commitRow(c: ReleaseCommit) {
  const subject = c.message === null ? '—' : (c.message.split('\n')[0] ?? '');
  return html`<tr data-testid="commit-row">
    <td><code>${shown(c.id.slice(0, 12), MAX_LIST_TEXT_CHARS)}</code></td>
    <td>${shown(subject, MAX_LIST_TEXT_CHARS)}</td>
    <td>${text(c.authorName)}</td>
  </tr>`;
}

function facts(r: ReleaseDetail) {
  return html`<p data-testid="release-facts">
    created <span title=${r.dateCreated}>${ago(r.dateCreated)}</span> ·
    ${
      r.dateReleased === null
        ? html`<span data-testid="release-open">not finalized</span>`
        : html`finalized <span title=${r.dateReleased} data-testid="release-finalized">${ago(r.dateReleased)}</span>`
    }
    ${r.status === 'archived' ? html` · <span class="tag">archived</span>` : nothing}
  </p>`;
}

/** @example releaseDetailView(state, actions) */
export function releaseDetailView(state: AppState, actions: Pick<Actions, 'retry'>) {
  const r = state.releaseDetail.data;
  const loading = phaseOf(state.releaseDetail) === 'loading';
  return html`<section class="release-detail" data-testid="release-detail" aria-live="polite">
    ${loading ? html`<p class="loading">Loading the release…</p>` : nothing}
    ${loadFailure(state.releaseDetail, 'this release', actions)}
    ${
      r === undefined
        ? nothing
        : html`<h3>Release ${shown(r.version, MAX_LIST_TEXT_CHARS)}</h3>
            ${facts(r)}
            <h3>Deploys</h3>
            ${
              r.deploys.length === 0
                ? html`<p class="empty" data-testid="deploys-empty">No deploy recorded: <code>sentry-cli deploys new -r … -e production</code> records one.</p>`
                : html`<table class="deploys" data-testid="deploys">
                    <thead><tr><th>Environment</th><th>Name</th><th>Finished</th></tr></thead>
                    <tbody>${r.deploys.map(deployRow)}</tbody>
                  </table>`
            }
            ${
              r.commits.length === 0
                ? nothing
                : html`<h3>Commits</h3>
                    <table class="commits" data-testid="commits">
                      <thead><tr><th>Commit</th><th>Message</th><th>Author</th></tr></thead>
                      <tbody>${r.commits.slice(0, RELEASE_COMMITS_SHOWN).map(commitRow)}</tbody>
                    </table>
                    ${r.commits.length > RELEASE_COMMITS_SHOWN ? html`<p class="hint">and ${r.commits.length - RELEASE_COMMITS_SHOWN} more</p>` : nothing}`
            }`
    }
  </section>`;
}
