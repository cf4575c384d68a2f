/**
 * The Alerts page's silences (issue 14 §4): those that hold now (what they match in words, when
 * they end, comment, who made them) with End, and the form to make one. Matchers and comments are
 * user data: rendered as text only.
 */

import { html, nothing } from 'lit-html';
import { shown, whenInWords } from '../api/format.js';
import { phaseOf } from '../api/query-state.js';
import { SILENCE_FIELD_OF, type SilenceDuration, type SilenceFormText } from '../api/silence-form.js';
import type { Silence } from '../api/silence-types.js';
import { matchersInWords, silenceEndInWords } from '../api/silence-words.js';
import type { AppState, SilenceEditor } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { MAX_LIST_TEXT_CHARS } from '../limits.js';
import { field } from './alert-form-view.js';
import { focusOnShow } from './focus-on-show.js';
import { loadFailure } from './load-state.js';

const DURATIONS: [SilenceDuration, string][] = [
  ['1h', '1 h'],
  ['24h', '24 h'],
  ['custom', 'until a date and time'],
  ['untilResolved', 'until the issue is resolved'],
];

function row(s: Silence, actions: Actions) {
  const what = shown(matchersInWords(s.matchers), MAX_LIST_TEXT_CHARS);
  return html`<tr data-testid="silence-row" data-silence-id=${s.id}>
    <td data-testid="silence-matchers">${what}</td>
    <td data-testid="silence-ends" title=${s.endsAt ?? ''}>${silenceEndInWords(s)}</td>
    <td>${s.comment ? shown(s.comment, MAX_LIST_TEXT_CHARS) : html`<span class="muted">—</span>`}</td>
    <td>${s.createdBy ? shown(s.createdBy, MAX_LIST_TEXT_CHARS) : html`<span class="muted">—</span>`}
      <br /><span class="hint" title=${s.startsAt}>since ${whenInWords(s.startsAt)}</span></td>
    <td><button type="button" data-testid="end-silence" @click=${() => actions.expireSilence(s.id)}>End<span class="visually-hidden"> the silence of ${what}</span></button></td>
  </tr>`;
}

function textField(
  editor: SilenceEditor,
  actions: Actions,
  name: SilenceFormText,
  label: string,
  hint?: string,
) {
  return field(
    editor.errors,
    SILENCE_FIELD_OF[name],
    label,
    ({ id, invalid, describedBy }) => html`<input
      id=${id}
      type=${name === 'endsAt' ? 'datetime-local' : 'text'}
      ${name === 'ruleId' ? focusOnShow : nothing}
      inputmode=${name === 'ruleId' || name === 'issueId' ? 'numeric' : nothing}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${describedBy}
      .value=${editor.form[name]}
      @input=${(e: InputEvent) => actions.editSilenceForm({ [name]: (e.target as HTMLInputElement).value })}
    />`,
    hint,
  );
}

/** An error the collector gave for a field that has no control of its own here. */
function groupError(errors: Record<string, string>, key: string) {
  const message = errors[key];
  return message === undefined
    ? nothing
    : html`<p class="field-error" data-testid="field-error" data-field=${key}>${message}</p>`;
}

function silenceForm(editor: SilenceEditor, actions: Actions) {
  const { form, errors } = editor;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    actions.saveSilence();
  };
  return html`<form class="silence-form" data-testid="silence-form" @submit=${submit} novalidate>
    <h4>New silence</h4>
    ${errors.form ? html`<p class="error" role="alert" data-testid="silence-form-error">${errors.form}</p>` : nothing}
    <fieldset>
      <legend>Silence alerts that match <span class="hint">(at least one; every one set must hold)</span></legend>
      ${groupError(errors, 'matchers')}
      ${textField(editor, actions, 'ruleId', 'Rule id')}
      ${textField(editor, actions, 'issueId', 'Issue id')}
      ${textField(editor, actions, 'route', 'Route', 'a route template, e.g. /items/:id')}
      ${textField(editor, actions, 'release', 'Release')}
      ${textField(editor, actions, 'environment', 'Environment')}
    </fieldset>
    <fieldset data-testid="silence-duration">
      <legend>For how long</legend>
      ${DURATIONS.map(
        ([value, label]) => html`<label class="choice"><input
          type="radio"
          name="silence-duration"
          value=${value}
          .checked=${form.duration === value}
          @change=${() => actions.editSilenceForm({ duration: value })}
        /> ${label}</label>`,
      )}
      ${groupError(errors, 'duration')}
      ${form.duration === 'custom' ? textField(editor, actions, 'endsAt', 'Ends at', 'your time zone') : groupError(errors, 'endsAt')}
    </fieldset>
    ${textField(editor, actions, 'comment', 'Comment', 'why: shown in the evaluation log')}
    <div class="form-actions">
      <button type="submit" ?disabled=${editor.busy}>${editor.busy ? 'Saving…' : 'Create silence'}</button>
      <button type="button" @click=${() => actions.cancelSilenceEdit()}>Cancel</button>
    </div>
  </form>`;
}

/** @example silencesView(state, actions) */
export function silencesView(state: AppState, actions: Actions) {
  const items = state.silences.data?.items;
  const { editor } = state.silenceUi;
  return html`<section class="silences" data-testid="silences">
    <h3>Silences</h3>
    ${phaseOf(state.silences) === 'loading' ? html`<p class="loading">Loading silences…</p>` : nothing}
    ${loadFailure(state.silences, 'the silences', actions)}
    ${items && items.length === 0 ? html`<p class="empty" data-testid="silences-empty">No silence holds: every rule notifies.</p>` : nothing}
    ${
      items && items.length > 0
        ? html`<table class="silences-list">
            <thead><tr><th>Matches</th><th>Ends</th><th>Comment</th><th>By</th><th></th></tr></thead>
            <tbody>${items.map((s) => row(s, actions))}</tbody>
          </table>`
        : nothing
    }
    ${
      editor
        ? silenceForm(editor, actions)
        : html`<button type="button" data-testid="new-silence" @click=${() => actions.newSilence()}>New silence</button>`
    }
  </section>`;
}
