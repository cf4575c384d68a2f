/** The login form: the admin token or an API token, exchanged for a session cookie. */

import { html, nothing } from 'lit-html';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';

export function loginView(state: AppState, actions: Actions) {
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
    actions.login(input.value);
  };
  return html`<section class="login">
    <h1>Faultline</h1>
    <form @submit=${submit} data-testid="login-form">
      <label for="token">Admin token or API token</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required />
      <button type="submit" ?disabled=${state.login.busy}>Log in</button>
      ${state.login.error ? html`<p class="error" role="alert">${state.login.error}</p>` : nothing}
    </form>
    <p class="hint">
      <code>faultline serve</code> prints the admin token on first start (or set FAULTLINE_ADMIN_TOKEN).
    </p>
  </section>`;
}
