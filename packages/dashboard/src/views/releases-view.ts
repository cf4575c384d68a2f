/** The Releases page: each release with its 5xx rate, crash-free sessions, new and regressed
 * issues, newest first; then what was dropped before storage. A release picked (`release=`)
 * shows its deploys, commits and canary verdicts below. */

import { html, nothing } from 'lit-html';
import { ago, shown } from '../api/format.js';
import { percent } from '../api/format-rate.js';
import { phaseOf } from '../api/query-state.js';
import type { ReleaseHealth } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { linkProject } from '../app/current-project.js';
import { ratesHref, releaseIssuesHref, releasesHref } from '../app/routes.js';
import { MAX_LIST_TEXT_CHARS } from '../limits.js';
import { droppedView } from './dropped-view.js';
import { appLink } from './link.js';
import { loadFailure } from './load-state.js';
import { releaseDetailView } from './release-detail-view.js';
import { releaseVerdictsView } from './release-verdicts-view.js';

function row(r: ReleaseHealth, project: number | undefined, actions: Actions) {
  return html`<tr data-testid="release-row">
    <td class="key" title=${r.version}>
      ${appLink(actions, releaseIssuesHref(r.version, project), shown(r.version, MAX_LIST_TEXT_CHARS), 'release-link')}
    </td>
    <td title=${r.firstSeen}>${ago(r.firstSeen)}</td>
    <td title=${r.lastSeen}>${ago(r.lastSeen)}</td>
    <td class="num">${r.eventCount}</td>
    <td class="num">${r.requests}</td>
    <td class="num">${r.errors5xx}</td>
    <td class="num rate" data-testid="release-rate">${r.requests > 0 ? percent(r.rate5xx) : '—'}</td>
    <td class="num" data-testid="release-crash-free" title=${`${r.sessions} sessions, ${r.crashedSessions} crashed, ${r.erroredSessions} errored, ${r.abnormalSessions} abnormal`}>
      ${r.crashFreeSessions === null ? '—' : percent(r.crashFreeSessions)}
    </td>
    <td class="num" data-testid="release-new">${r.newIssues}</td>
    <td class="num" data-testid="release-regressed">${r.regressedIssues}</td>
    <td>${appLink(actions, ratesHref({ by: 'route', since: '7d', release: r.version }, project), 'routes')}
      ${appLink(actions, releasesHref(project, r.version), html`verdicts<span class="visually-hidden"> of ${shown(r.version, MAX_LIST_TEXT_CHARS)}</span>`, 'verdicts-link')}</td>
  </tr>`;
}

/** @example releasesView(state, actions, route.release) */
export function releasesView(state: AppState, actions: Actions, release?: string) {
  const phase = phaseOf(state.releases);
  const items = state.releases.data?.items;
  return html`<section class="releases-page">
    <h2>Releases</h2>
    ${phase === 'loading' ? html`<p class="loading">Loading releases…</p>` : nothing}
    ${loadFailure(state.releases, 'the releases', actions)}
    ${
      items && items.length === 0
        ? html`<p class="empty" data-testid="releases-empty">
            No releases yet: set <code>release</code> in the SDK (<code>Sentry.init({ dsn, release: 'shop@1.4.2' })</code>).
          </p>`
        : nothing
    }
    ${
      items && items.length > 0
        ? html`<table class="releases" data-testid="releases">
            <thead>
              <tr>
                <th>Release</th><th>First seen</th><th>Last seen</th><th>Events</th><th>Requests</th><th>5xx</th>
                <th>5xx rate</th><th>Crash-free sessions</th><th>New issues</th><th>Regressed</th><th></th>
              </tr>
            </thead>
            <tbody>${items.map((r) => row(r, linkProject(state.project), actions))}</tbody>
          </table>`
        : nothing
    }
    ${release !== undefined ? html`${releaseDetailView(state, actions)}${releaseVerdictsView(state, release, actions)}` : nothing}
    ${droppedView(state, actions)}
  </section>`;
}
