/** The page frame: header with the incident box and logout, then the page for the route. */

import { html } from 'lit-html';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { issueView } from './issue-view.js';
import { issuesView } from './issues-view.js';
import { appLink } from './link.js';
import { loginView } from './login-view.js';
import { lookupView } from './lookup-view.js';

function page(state: AppState, actions: Actions) {
  const { route } = state;
  switch (route.name) {
    case 'issues':
      return issuesView(state, actions, route.filters);
    case 'issue':
      return issueView(state, actions, route.eventId);
    case 'not-found':
      return html`<p>No page at <code>${route.path}</code>.</p>`;
    default: {
      const never: never = route;
      return never;
    }
  }
}

export function appView(state: AppState, actions: Actions) {
  if (state.auth === 'checking') return html`<p class="loading">Loading…</p>`;
  if (state.auth === 'signed-out') return loginView(state, actions);
  return html`<header class="top">
      <span class="brand">${appLink(actions, '/issues', 'Faultline')}</span>
      ${lookupView(state, actions)}
      <button type="button" class="logout" @click=${() => actions.logout()} data-testid="logout">Log out</button>
    </header>
    ${state.notice ? html`<p class="error" role="alert">${state.notice}</p>` : ''}
    <div class="page">${page(state, actions)}</div>`;
}
