/**
 * The Settings page's API tokens (issue 17 §1): the list (name, scopes, project, prefix,
 * created, last used) with Revoke after a confirmation, the create form, and the token just
 * created, shown once with a Copy button. Names are user data: rendered as text only. A session
 * without `admin` gets one line instead (the token routes would answer it 403).
 */

import { html, nothing } from 'lit-html';
import { canManageTokens, tokenRowOf } from '../api/api-tokens.js';
import { shown } from '../api/format.js';
import { phaseOf } from '../api/query-state.js';
import { type ApiToken, type NewApiToken, TOKEN_SCOPES } from '../api/token-types.js';
import type { Project } from '../api/types.js';
import type { AppState, TokensUi } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { MAX_LIST_TEXT_CHARS, MAX_TOKEN_NAME_CHARS } from '../limits.js';
import { focusOnShow } from './focus-on-show.js';
import { loadFailure } from './load-state.js';

function row(token: ApiToken, projects: Project[], confirmRevoke: number | undefined, actions: Actions) {
  const r = tokenRowOf(token, projects);
  const name = shown(r.name, MAX_LIST_TEXT_CHARS);
  return html`<tr data-testid="token-row" data-token-id=${token.id}>
    <td data-testid="token-name">${name}</td>
    <td data-testid="token-scopes">${r.scopes}</td>
    <td data-testid="token-project">${shown(r.project, MAX_LIST_TEXT_CHARS)}</td>
    <td><code class="nowrap" data-testid="token-prefix">${r.prefix}</code></td>
    <td title=${token.createdAt}>${r.created}</td>
    <td data-testid="token-last-used" title=${token.lastUsedAt ?? ''}>${r.lastUsed}</td>
    <td class="rule-actions">${
      confirmRevoke === token.id
        ? html`<span role="group" aria-label="Confirm revoke" data-testid="confirm-revoke">
            Revoke ${name}? Whatever uses it gets 401 from now on.
            <button type="button" @click=${() => actions.confirmRevokeToken(true)}>Yes, revoke</button>
            <button type="button" ${focusOnShow} @click=${() => actions.confirmRevokeToken(false)}>Keep it</button>
          </span>`
        : html`<button type="button" class="nowrap" @click=${() => actions.askRevokeToken(token.id)}>Revoke<span class="visually-hidden"> ${name}</span></button>`
    }</td>
  </tr>`;
}

function createdView(created: NewApiToken, actions: Actions) {
  return html`<div class="secrets" role="status" data-testid="new-token">
    <p><strong>Copy the token now: it is not shown again.</strong> The list keeps only its first characters.</p>
    <label for="new-token-value">Token ${shown(created.name, MAX_LIST_TEXT_CHARS)}</label>
    <div class="token-copy">
      <input id="new-token-value" class="secret-value" data-testid="new-token-value" readonly .value=${created.token} />
      <button type="button" data-testid="copy-token" @click=${() => actions.copyNewToken()}>Copy</button>
    </div>
  </div>`;
}

function createForm(ui: TokensUi, projects: Project[], actions: Actions) {
  const { form } = ui;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    actions.createToken();
  };
  return html`<form class="settings-form token-form" data-testid="token-form" @submit=${submit} novalidate>
    <label for="token-name">Name <span class="hint">(what uses it: ci, grafana…)</span></label>
    <input id="token-name" maxlength=${MAX_TOKEN_NAME_CHARS} .value=${form.name}
      @input=${(e: InputEvent) => actions.editTokenForm({ name: (e.target as HTMLInputElement).value })} />
    <fieldset>
      <legend>Scopes</legend>
      ${TOKEN_SCOPES.map(
        (scope) => html`<label class="choice"><input type="checkbox" value=${scope}
          .checked=${form.scopes.includes(scope)}
          @change=${(e: Event) => actions.toggleTokenScope(scope, (e.target as HTMLInputElement).checked)}
        /> ${scope}</label>`,
      )}
    </fieldset>
    <label for="token-project">Project <span class="hint">(an admin token reaches every project)</span></label>
    <select id="token-project" .value=${form.projectId}
      @change=${(e: Event) => actions.editTokenForm({ projectId: (e.target as HTMLSelectElement).value })}>
      <option value="" ?selected=${form.projectId === ''}>all projects</option>
      ${projects.map(
        (p) =>
          html`<option value=${p.id} ?selected=${form.projectId === String(p.id)}>${shown(`${p.name} (#${p.id})`, MAX_LIST_TEXT_CHARS)}</option>`,
      )}
    </select>
    ${ui.problem ? html`<p class="error" role="alert" data-testid="token-form-error">${ui.problem}</p>` : nothing}
    <button type="submit" ?disabled=${ui.busy}>${ui.busy ? 'Creating…' : 'Create token'}</button>
  </form>`;
}

/** @example tokensView(state, actions) */
export function tokensView(state: AppState, actions: Actions) {
  if (!canManageTokens(state.scopes))
    return html`<section class="tokens" data-testid="tokens-admin-only">
      <h3>API tokens</h3>
      <p class="hint">Only admins manage API tokens.</p>
    </section>`;
  const projects = state.projects.data?.items ?? [];
  const items = state.tokens.data?.items;
  const ui = state.tokenUi;
  return html`<section class="tokens" data-testid="tokens">
    <h3>API tokens</h3>
    ${phaseOf(state.tokens) === 'loading' ? html`<p class="loading">Loading tokens…</p>` : nothing}
    ${loadFailure(state.tokens, 'the API tokens', actions)}
    ${items && items.length === 0 ? html`<p class="empty" data-testid="tokens-empty">No API token yet.</p>` : nothing}
    ${
      items && items.length > 0
        ? html`<table class="silences-list tokens-list">
            <thead><tr><th>Name</th><th>Scopes</th><th>Project</th><th>Prefix</th><th>Created</th><th>Last used</th><th></th></tr></thead>
            <tbody>${items.map((t) => row(t, projects, ui.confirmRevoke, actions))}</tbody>
          </table>`
        : nothing
    }
    ${ui.created ? createdView(ui.created, actions) : nothing}
    <h4>New token</h4>
    ${createForm(ui, projects, actions)}
  </section>`;
}
