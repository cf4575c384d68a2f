/** The page frame: header with the pages, the incident box and logout, then the page for the route. */

import { html } from 'lit-html';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import type { Route } from '../app/routes.js';
import { issueView } from './issue-view.js';
import { issuesView } from './issues-view.js';
import { appLink } from './link.js';
import { loginView } from './login-view.js';
import { lookupView } from './lookup-view.js';
import { ratesView } from './rates-view.js';
import { releasesView } from './releases-view.js';
import { settingsView } from './settings-view.js';
import { traceView } from './trace-view.js';

function page(state: AppState, actions: Actions) {
  const { route } = state;
  switch (route.name) {
    case 'issues':
      return issuesView(state, actions, route.filters);
    case 'issue':
      return issueView(state, actions, route.eventId);
    case 'rates':
      return ratesView(state, actions, route.view);
    case 'releases':
      return releasesView(state, actions);
    case 'trace':
      return traceView(state, actions, route.traceId);
    case 'settings':
      return settingsView(state, actions, route.projectId);
    case 'not-found':
      return html`<p>No page at <code>${route.path}</code>.</p>`;
    default: {
      const never: never = route;
      return never;
    }
  }
}

const SECTIONS: { href: string; label: string; covers: Route['name'][] }[] = [
  { href: '/issues', label: 'Issues', covers: ['issues', 'issue'] },
  { href: '/rates', label: 'Rates', covers: ['rates'] },
  { href: '/releases', label: 'Releases', covers: ['releases'] },
  { href: '/settings', label: 'Settings', covers: ['settings'] },
];

function nav(state: AppState, actions: Actions) {
  return html`<nav class="sections" aria-label="Pages">
    ${SECTIONS.map((s) =>
      s.covers.includes(state.route.name)
        ? html`<span class="section current" aria-current="page">${appLink(actions, s.href, s.label, `nav-${s.label.toLowerCase()}`)}</span>`
        : html`<span class="section">${appLink(actions, s.href, s.label, `nav-${s.label.toLowerCase()}`)}</span>`,
    )}
  </nav>`;
}

export function appView(state: AppState, actions: Actions) {
  if (state.auth === 'checking') return html`<p class="loading">Loading…</p>`;
  if (state.auth === 'signed-out') return loginView(state, actions);
  return html`<header class="top">
      <span class="brand">${appLink(actions, '/issues', 'Faultline')}</span>
      ${nav(state, actions)}
      ${lookupView(state, actions)}
      ${state.user ? html`<span class="user" data-testid="user">${state.user}</span>` : ''}
      <button type="button" class="logout" @click=${() => actions.logout()} data-testid="logout">Log out</button>
    </header>
    ${state.notice ? html`<p class="error" role="alert">${state.notice}</p>` : ''}
    <p class="flash" role="status" data-testid="flash">${state.flash ?? ''}</p>
    <div class="page">${page(state, actions)}</div>`;
}
