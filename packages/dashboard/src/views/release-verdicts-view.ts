/**
 * The canary verdicts of one release (issue 15 §1), under the Releases page: every verdict asked
 * for with the release as canary or baseline, newest first — the verdict, canary vs baseline,
 * both arms' 5xx rates, the reason, when. Release names and reasons are data: text only.
 */

import { html, nothing } from 'lit-html';
import { ago, shown } from '../api/format.js';
import type { GateVerdictRecord } from '../api/gate-types.js';
import { armInWords, roleOf } from '../api/gate-words.js';
import { phaseOf } from '../api/query-state.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { MAX_LIST_TEXT_CHARS } from '../limits.js';
import { loadFailure } from './load-state.js';

function row(v: GateVerdictRecord, release: string) {
  const name = (r: string) => shown(r, MAX_LIST_TEXT_CHARS);
  return html`<tr data-testid="verdict-row" data-verdict=${v.verdict} data-role=${roleOf(v, release)}>
    <td><span class="verdict verdict-${v.verdict}" data-testid="verdict-badge">${v.verdict}</span></td>
    <td data-testid="verdict-arms">${name(v.canary)} <span class="hint">(canary)</span> vs ${name(v.baseline)}
      <span class="hint">(baseline)</span>${v.environment ? html`<br /><span class="hint">in ${name(v.environment)}</span>` : nothing}</td>
    <td class="num" data-testid="verdict-canary-rate">${armInWords(v.answer.canary)}</td>
    <td class="num" data-testid="verdict-baseline-rate">${armInWords(v.answer.baseline)}</td>
    <td data-testid="verdict-reason">${shown(v.reason, MAX_LIST_TEXT_CHARS)}</td>
    <td title=${v.at}>${ago(v.at)}</td>
  </tr>`;
}

/** @example releaseVerdictsView(state, 'shop@1.5.0', actions) */
export function releaseVerdictsView(state: AppState, release: string, actions: Pick<Actions, 'retry'>) {
  const items = state.verdicts.data?.items;
  return html`<section class="release-verdicts" data-testid="release-verdicts" aria-live="polite">
    <h3>Canary verdicts of ${shown(release, MAX_LIST_TEXT_CHARS)}</h3>
    ${phaseOf(state.verdicts) === 'loading' ? html`<p class="loading">Loading verdicts…</p>` : nothing}
    ${loadFailure(state.verdicts, 'the verdicts', actions)}
    ${
      items && items.length === 0
        ? html`<p class="empty" data-testid="verdicts-empty">No canary verdict was asked for this release:
            <code>faultline gate --canary … --baseline …</code> or <code>GET /api/v1/gate</code> stores one.</p>`
        : nothing
    }
    ${
      items && items.length > 0
        ? html`<table class="verdicts" data-testid="verdicts">
            <thead><tr><th>Verdict</th><th>Canary vs baseline</th><th>Canary 5xx</th><th>Baseline 5xx</th><th>Reason</th><th>When</th></tr></thead>
            <tbody>${items.map((v) => row(v, release))}</tbody>
          </table>`
        : nothing
    }
  </section>`;
}
