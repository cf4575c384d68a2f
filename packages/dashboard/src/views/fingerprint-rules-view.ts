/**
 * The settings page's fingerprint rules editor: the project's ordered rules (the first that
 * matches an event sets its fingerprint and/or title), each editable in place, moved up or down,
 * removed; **Add rule**; **Preview** lists the existing issues the rules would regroup before
 * anything is saved; **Save rules** replaces the project's list. The collector checks the rules:
 * its 400 names the rule and field and shows above the buttons.
 */

import { html, nothing } from 'lit-html';
import type { FingerprintRulesPreview } from '../api/fingerprint-rule-types.js';
import type { RuleDraft } from '../api/fingerprint-rules-form.js';
import { shown } from '../api/format.js';
import type { Project } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { draftsOf } from '../app/fingerprint-rule-actions.js';
import { issueHref } from '../app/routes.js';
import { MAX_LIST_TEXT_CHARS } from '../limits.js';
import { appLink } from './link.js';

const FIELDS: [keyof RuleDraft, string, string][] = [
  ['type', 'Exception type', 'DatabaseError*'],
  ['message', 'Message', '*connection refused*'],
  ['module', 'Module or file (in-app frame)', 'src/db/*'],
  ['function', 'Function (in-app frame)', 'acquire*'],
  ['level', 'Level', 'error'],
  ['tagKey', 'Tag key', 'region'],
  ['tagValue', 'Tag value', 'eu-*'],
  ['title', 'Title (optional)', 'Database unavailable'],
];

function ruleView(project: Project, d: RuleDraft, i: number, count: number, actions: Actions) {
  const id = (field: string) => `fp-rule-${i}-${field}`;
  const input = (field: keyof RuleDraft, label: string, placeholder: string) =>
    html`<label for=${id(field)}>${label}</label>
      <input id=${id(field)} name=${field} placeholder=${placeholder} .value=${d[field]}
        @change=${(e: Event) => actions.editRuleDraft(project, i, { [field]: (e.target as HTMLInputElement).value })} />`;
  return html`<li data-testid="fingerprint-rule">
    <fieldset class="settings-form">
      <legend>Rule ${i + 1}</legend>
      ${FIELDS.map(([field, label, placeholder]) => input(field, label, placeholder))}
      <label for=${id('fingerprint')}>Fingerprint <span class="hint">(one entry per line; {{ default }}, {{ type }},
        {{ function }}, {{ module }}, {{ message }}, {{ tags.KEY }} fill in; empty keeps the event's own)</span></label>
      <textarea id=${id('fingerprint')} name="fingerprint" rows="2" .value=${d.fingerprint}
        @change=${(e: Event) => actions.editRuleDraft(project, i, { fingerprint: (e.target as HTMLTextAreaElement).value })}></textarea>
      <div class="actions">
        <button type="button" ?disabled=${i === 0} @click=${() => actions.moveRuleDraft(project, i, -1)}
          aria-label=${`Move rule ${i + 1} up`}>Up</button>
        <button type="button" ?disabled=${i === count - 1} @click=${() => actions.moveRuleDraft(project, i, 1)}
          aria-label=${`Move rule ${i + 1} down`}>Down</button>
        <button type="button" @click=${() => actions.removeRuleDraft(project, i)} aria-label=${`Remove rule ${i + 1}`}
          data-testid="remove-rule">Remove</button>
      </div>
    </fieldset>
  </li>`;
}

function previewView(preview: FingerprintRulesPreview, actions: Actions) {
  const label = (id: number) => `#${id}`;
  return html`<section data-testid="rules-preview" aria-label="Preview">
    <p class="muted">
      ${preview.items.length === 0 ? 'No existing issue would change' : `${preview.items.length} issue(s) would change`}
      (from the newest ${preview.eventsExamined} stored events${preview.moreEvents ? ', older ones not read' : ''}).
      Stored events keep their issue: the rules group the events that arrive after saving.
    </p>
    ${
      preview.items.length === 0
        ? nothing
        : html`<table class="kv">
            <thead><tr><th scope="col">Issue</th><th scope="col">Rule</th><th scope="col">Would become</th></tr></thead>
            <tbody>
              ${preview.items.map(
                (item) => html`<tr data-testid="preview-issue" data-issue-id=${item.issueId}>
                  <td>${appLink(actions, issueHref(item.issueId), `${label(item.issueId)} ${shown(item.issue?.title ?? '', MAX_LIST_TEXT_CHARS)}`)}</td>
                  <td>#${item.rule}: <code>${shown(item.ruleText, MAX_LIST_TEXT_CHARS)}</code>
                    (${item.eventsMatched} of ${item.eventsSeen} events)</td>
                  <td>
                    ${item.title === null ? nothing : html`titled “${shown(item.title, MAX_LIST_TEXT_CHARS)}”`}
                    ${item.splits ? html` · split in ${item.fingerprints.length}` : nothing}
                    ${
                      item.together.length > 0
                        ? html`<span data-testid="preview-together"> · together with ${item.together.map(label).join(', ')}</span>`
                        : nothing
                    }
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}

/** @example fingerprintRulesView(project, state, actions) */
export function fingerprintRulesView(project: Project, state: AppState, actions: Actions) {
  const ui = state.fingerprintRulesUi;
  const drafts = draftsOf(ui, project);
  const mine = ui.projectId === project.id || ui.projectId === undefined;
  const unsaved = ui.projectId === project.id && ui.drafts !== undefined;
  return html`<div data-testid="fingerprint-rules">
    <p class="muted">The first rule whose conditions all hold (patterns: * matches anything, case-insensitive)
      sets an error event's fingerprint, so later events of that shape group into one issue, or apart.</p>
    ${drafts.length === 0 ? html`<p class="muted" data-testid="rules-none">No rules: the default grouping.</p>` : nothing}
    <ol class="rules">${drafts.map((d, i) => ruleView(project, d, i, drafts.length, actions))}</ol>
    ${mine && ui.problem ? html`<p class="error" role="alert" data-testid="rules-problem">${ui.problem}</p>` : nothing}
    <div class="actions">
      <button type="button" @click=${() => actions.addRuleDraft(project)} data-testid="add-rule">Add rule</button>
      <button type="button" ?disabled=${ui.busy} @click=${() => actions.previewRuleDrafts(project)}
        data-testid="preview-rules">Preview</button>
      <button type="button" ?disabled=${ui.busy} @click=${() => actions.saveRuleDrafts(project)}
        data-testid="save-rules">Save rules</button>
      ${unsaved ? html`<span class="hint" data-testid="rules-unsaved">Not saved yet</span>` : nothing}
    </div>
    ${mine && ui.preview ? previewView(ui.preview, actions) : nothing}
  </div>`;
}
