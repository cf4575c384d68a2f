/**
 * The login page: a user's email and password (made by `faultline user add`), or the admin
 * token / an API token; either is exchanged for a session cookie.
 */

import { html, nothing } from 'lit-html';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';

const field = (form: HTMLFormElement, name: string) =>
  (form.elements.namedItem(name) as HTMLInputElement).value;

export function loginView(state: AppState, actions: Actions) {
  const withPassword = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    actions.login({ email: field(form, 'email'), password: field(form, 'password') });
  };
  const withToken = (e: SubmitEvent) => {
    e.preventDefault();
    actions.login({ token: field(e.currentTarget as HTMLFormElement, 'token') });
  };
  return html`<section class="login">
    <h1>Faultline</h1>
    <form @submit=${withPassword} data-testid="password-form">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="username" required />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      <button type="submit" ?disabled=${state.login.busy}>Log in</button>
    </form>
    ${state.login.error ? html`<p class="error" role="alert">${state.login.error}</p>` : nothing}
    <form @submit=${withToken} data-testid="login-form" class="token-login">
      <label for="token">Admin token or API token</label>
      <input id="token" name="token" type="password" autocomplete="off" required />
      <button type="submit" ?disabled=${state.login.busy}>Log in with token</button>
    </form>
    <p class="hint">
      <code>faultline user add you@example.com</code> creates a user. <code>faultline serve</code> prints the admin
      token on first start (or set FAULTLINE_ADMIN_TOKEN).
    </p>
  </section>`;
}
