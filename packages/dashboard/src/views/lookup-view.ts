/** The incident box: the request id from a 500 body (or an event id) straight to its event. */

import { html, nothing } from 'lit-html';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { MAX_LOOKUP_ID_CHARS } from '../limits.js';

export function lookupView(state: AppState, actions: Actions) {
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('incident') as HTMLInputElement;
    actions.lookup(input.value);
  };
  return html`<form class="lookup" role="search" @submit=${submit} data-testid="lookup-form">
    <input
      name="incident"
      aria-label="Request id or event id"
      placeholder="Request id or event id"
      maxlength=${MAX_LOOKUP_ID_CHARS}
    />
    <button type="submit" ?disabled=${state.lookup.busy}>Find</button>
    ${state.lookup.error ? html`<span class="error" role="alert">${state.lookup.error}</span>` : nothing}
  </form>`;
}
