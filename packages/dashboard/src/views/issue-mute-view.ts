/**
 * The issue page's mute (issue 14 §4–§5): the silences that hold for this issue with End, the
 * Mute control (1 h, 24 h, until resolved), and a notification's mute link asked as a question
 * first: nothing is muted until Confirm, and focus starts on Cancel.
 */

import { html, nothing } from 'lit-html';
import { shown } from '../api/format.js';
import { MUTE_PRESETS, type MutePreset, mutePresetInWords } from '../api/silence-form.js';
import { matchersInWords, silenceEndInWords } from '../api/silence-words.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { MAX_LIST_TEXT_CHARS } from '../limits.js';
import { focusOnShow } from './focus-on-show.js';

const PRESET_LABELS: Record<MutePreset, string> = {
  '1h': '1 h',
  '24h': '24 h',
  untilResolved: 'until it is resolved',
};

function confirmation(preset: MutePreset, busy: boolean, actions: Actions) {
  return html`<div class="confirm-mute" role="group" aria-label="Confirm mute" data-testid="confirm-mute">
    <p>Mute alerts for this issue ${mutePresetInWords(preset)}?</p>
    <button type="button" data-testid="confirm-mute-yes" ?disabled=${busy} @click=${() => actions.confirmMute(true)}>Confirm</button>
    <button type="button" data-testid="confirm-mute-no" ${focusOnShow} @click=${() => actions.confirmMute(false)}>Cancel</button>
  </div>`;
}

/** @example issueMuteView(state, actions, issue.id) */
export function issueMuteView(state: AppState, actions: Actions, issueId: number) {
  const { route } = state;
  const { muteBusy, muteError } = state.silenceUi;
  const asked = route.name === 'issue' && route.issueId === issueId ? route.mute : undefined;
  // The project's list may still be another page's: only this issue's silences that hold.
  const mine = (state.silences.data?.items ?? []).filter((s) => s.active && s.matchers.issueId === issueId);
  return html`<section class="issue-mute" data-testid="issue-mute">
    ${asked ? confirmation(asked, muteBusy, actions) : nothing}
    ${muteError ? html`<p class="error" role="alert" data-testid="mute-error">${muteError}</p>` : nothing}
    ${mine.map(
      (s) => html`<p class="muted-by" data-testid="issue-silence" data-silence-id=${s.id}>
        Alerts muted ${silenceEndInWords(s)}
        <span class="hint">(silence #${s.id} of ${shown(matchersInWords(s.matchers), MAX_LIST_TEXT_CHARS)}${
          s.createdBy ? `, by ${shown(s.createdBy, MAX_LIST_TEXT_CHARS)}` : ''
        }${s.comment ? `: ${shown(s.comment, MAX_LIST_TEXT_CHARS)}` : ''})</span>
        <button type="button" data-testid="end-mute" @click=${() => actions.expireSilence(s.id)}>End mute<span class="visually-hidden"> #${s.id}</span></button>
      </p>`,
    )}
    <span role="group" aria-label="Mute alerts for this issue" class="mute-control">
      Mute alerts:
      ${MUTE_PRESETS.map(
        (p) => html`<button
          type="button"
          data-testid=${`mute-${p}`}
          aria-label=${`Mute alerts for this issue ${mutePresetInWords(p)}`}
          ?disabled=${muteBusy}
          @click=${() => actions.muteIssue(issueId, p)}
        >${PRESET_LABELS[p]}</button>`,
      )}
    </span>
  </section>`;
}
