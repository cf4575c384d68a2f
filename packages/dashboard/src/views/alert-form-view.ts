/**
 * The alert rule form: name, trigger with its fields, filters, channels, action interval. Every
 * control has a label; the collector's refusal shows beside the field it names
 * (`aria-describedby`, `aria-invalid`), anything else at the top of the form.
 */

import { html, nothing, type TemplateResult } from 'lit-html';
import { type AlertFormText, type ChannelForm, RULE_FIELD_OF } from '../api/alert-form.js';
import {
  ALERT_CHANNEL_TYPES,
  ALERT_LEVELS,
  ALERT_TRIGGER_TYPES,
  type AlertChannelType,
  type AlertTriggerType,
} from '../api/alert-types.js';
import type { AlertEditor } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { focusOnShow } from './focus-on-show.js';

const TRIGGER_LABELS: Record<AlertTriggerType, string> = {
  'new-issue': 'New issue',
  regression: 'Regression',
  frequency: 'Frequency (events in a window)',
  'route-5xx-rate': "A route's 5xx rate",
  'slo-burn': 'SLO burn rate',
};

const CHANNEL_LABELS: Record<AlertChannelType, string> = {
  webhook: 'Webhook',
  slack: 'Slack',
  discord: 'Discord',
  pagerduty: 'PagerDuty',
  email: 'Email',
};

/** Form element ids from API field paths: `channels[0].url` → `alert-channels-0-url`. */
const idOf = (field: string) => `alert-${field.replace(/[[\].]+/g, '-').replace(/-$/, '')}`;

function fieldError(errors: Record<string, string>, field: string) {
  const message = errors[field];
  return message === undefined
    ? nothing
    : html`<p class="field-error" id=${`${idOf(field)}-error`} data-testid="field-error" data-field=${field}>${message}</p>`;
}

/**
 * A labelled control, its hint and its error (the silence form uses it too).
 * @example field(errors, 'endsAt', 'Ends at', ({ id }) => html`<input id=${id} />`)
 */
export function field(
  errors: Record<string, string>,
  name: string,
  label: string,
  control: (attrs: { id: string; invalid: boolean; describedBy: string | typeof nothing }) => TemplateResult,
  hint?: string,
) {
  const id = idOf(name);
  const invalid = errors[name] !== undefined;
  return html`<div class="field">
    <label for=${id}>${label}${hint ? html` <span class="hint">(${hint})</span>` : nothing}</label>
    ${control({ id, invalid, describedBy: invalid ? `${id}-error` : nothing })}
    ${fieldError(errors, name)}
  </div>`;
}

function textField(
  editor: AlertEditor,
  actions: Actions,
  name: AlertFormText,
  label: string,
  hint?: string,
  inputmode?: string,
) {
  return field(
    editor.errors,
    RULE_FIELD_OF[name],
    label,
    ({ id, invalid, describedBy }) => html`<input
      id=${id}
      ${name === 'name' ? focusOnShow : nothing}
      inputmode=${inputmode ?? nothing}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${describedBy}
      .value=${editor.form[name]}
      @input=${(e: InputEvent) => actions.editAlertForm({ [name]: (e.target as HTMLInputElement).value })}
    />`,
    hint,
  );
}

function triggerFields(editor: AlertEditor, actions: Actions) {
  const text = (name: AlertFormText, label: string, hint?: string) =>
    textField(editor, actions, name, label, hint, 'decimal');
  switch (editor.form.triggerType) {
    case 'new-issue':
    case 'regression':
      return nothing;
    case 'frequency':
      return html`${text('count', 'Events')}${text('windowMinutes', 'Window', 'minutes')}`;
    case 'route-5xx-rate':
      return html`${text('threshold', '5xx share that fires', 'from 0 to 1: 0.05 is 5%')}
        ${text('windowMinutes', 'Window', 'minutes')}
        ${text('minRequests', 'Minimum requests', 'below it the rule never fires')}`;
    case 'slo-burn':
      return text('objective', 'Availability objective', 'e.g. 0.999');
    default: {
      const never: never = editor.form.triggerType;
      return never;
    }
  }
}

function channelRow(editor: AlertEditor, actions: Actions, c: ChannelForm, i: number) {
  const errors = editor.errors;
  const edit = (patch: Partial<ChannelForm>) => actions.editAlertChannel(i, patch);
  const input = (key: 'url' | 'routingKey', label: string, hint?: string) =>
    field(
      errors,
      `channels[${i}].${key}`,
      label,
      ({ id, invalid, describedBy }) => html`<input
        id=${id}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${describedBy}
        .value=${c[key]}
        @input=${(e: InputEvent) => edit({ [key]: (e.target as HTMLInputElement).value })}
      />`,
      hint,
    );
  let config: TemplateResult;
  switch (c.type) {
    case 'webhook':
      config = html`${input('url', 'Webhook URL')}
        ${
          c.maskedSecret
            ? html`<p class="hint">Signing secret <code>${c.maskedSecret}</code> (kept)</p>`
            : html`<p class="hint">A signing secret is made when the rule is saved, and shown once.</p>`
        }`;
      break;
    case 'slack':
    case 'discord':
      config = input('url', `${CHANNEL_LABELS[c.type]} webhook URL`);
      break;
    case 'pagerduty':
      config = input('routingKey', 'Routing key', 'the Events API v2 integration key');
      break;
    case 'email':
      config = field(
        errors,
        `channels[${i}].to`,
        'Email addresses',
        ({ id, invalid, describedBy }) => html`<textarea
          id=${id}
          rows="2"
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy}
          .value=${c.to}
          @input=${(e: InputEvent) => edit({ to: (e.target as HTMLTextAreaElement).value })}
        ></textarea>`,
        'one per line',
      );
      break;
    default: {
      const never: never = c.type;
      config = never;
    }
  }
  return html`<fieldset class="channel" data-testid="channel-row">
    <legend>Channel ${i + 1}</legend>
    ${field(
      errors,
      `channels[${i}].type`,
      'Type',
      ({ id }) => html`<select
        id=${id}
        ?disabled=${c.id !== undefined}
        @change=${(e: Event) => edit({ type: (e.target as HTMLSelectElement).value as AlertChannelType })}
      >
        ${ALERT_CHANNEL_TYPES.map((t) => html`<option value=${t} ?selected=${t === c.type}>${CHANNEL_LABELS[t]}</option>`)}
      </select>`,
    )}
    ${config}
    <button type="button" @click=${() => actions.removeAlertChannel(i)}>Remove channel ${i + 1}</button>
  </fieldset>`;
}

/** @example alertFormView(state.alerts.editor, actions) */
export function alertFormView(editor: AlertEditor, actions: Actions) {
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    actions.saveAlertRule();
  };
  const { form, errors } = editor;
  return html`<form class="alert-form" @submit=${submit} data-testid="alert-form" novalidate>
    <h3>${editor.ruleId === undefined ? 'New alert rule' : 'Edit alert rule'}</h3>
    ${errors.form ? html`<p class="error" role="alert" data-testid="form-error">${errors.form}</p>` : nothing}
    ${textField(editor, actions, 'name', 'Name')}
    ${field(
      errors,
      'trigger.type',
      'Trigger',
      ({ id }) => html`<select
        id=${id}
        @change=${(e: Event) =>
          actions.editAlertForm({ triggerType: (e.target as HTMLSelectElement).value as AlertTriggerType })}
      >
        ${ALERT_TRIGGER_TYPES.map((t) => html`<option value=${t} ?selected=${t === form.triggerType}>${TRIGGER_LABELS[t]}</option>`)}
      </select>`,
    )}
    ${triggerFields(editor, actions)}
    <fieldset class="filters">
      <legend>Filters <span class="hint">(all optional; every one set must hold)</span></legend>
      ${textField(editor, actions, 'environment', 'Environment')}
      ${textField(editor, actions, 'release', 'Release')}
      ${textField(editor, actions, 'route', 'Route', 'the route template, e.g. /items/:id')}
      ${field(
        errors,
        'filters.level',
        'Level',
        ({ id }) => html`<select
          id=${id}
          @change=${(e: Event) => actions.editAlertForm({ level: (e.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${form.level === ''}>any</option>
          ${ALERT_LEVELS.map((l) => html`<option value=${l} ?selected=${l === form.level}>${l} or worse</option>`)}
        </select>`,
      )}
      ${textField(editor, actions, 'category', 'Category', 'bug, dependency, timeout, …')}
      ${field(
        errors,
        'filters.tags',
        'Tags',
        ({ id, invalid, describedBy }) => html`<textarea
          id=${id}
          rows="2"
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy}
          .value=${form.tags}
          @input=${(e: InputEvent) => actions.editAlertForm({ tags: (e.target as HTMLTextAreaElement).value })}
        ></textarea>`,
        'key=value, one per line',
      )}
    </fieldset>
    <fieldset class="channels">
      <legend>Channels</legend>
      ${form.channels.map((c, i) => channelRow(editor, actions, c, i))}
      <button type="button" @click=${() => actions.addAlertChannel()}>Add a channel</button>
    </fieldset>
    ${textField(editor, actions, 'actionIntervalMinutes', 'Action interval', 'minutes between two notifications about one issue; default 30', 'numeric')}
    <div class="form-actions">
      <button type="submit" ?disabled=${editor.busy}>${editor.busy ? 'Saving…' : 'Save rule'}</button>
      <button type="button" @click=${() => actions.cancelAlertEdit()}>Cancel</button>
    </div>
  </form>`;
}
