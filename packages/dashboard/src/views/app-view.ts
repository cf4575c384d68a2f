/**
 * The page frame: header with the pages, the project selector, the incident box and logout, then
 * the page for the route.
 */

import { html } from 'lit-html';
import { DEFAULT_RATE_RANGE } from '../api/rates-query.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { linkProject } from '../app/current-project.js';
import { alertsHref, issuesHref, type Route, ratesHref, releasesHref, settingsHref } from '../app/routes.js';
import { lazyAlertsView } from './alerts-loader.js';
import { issueView } from './issue-view.js';
import { issuesView } from './issues-view.js';
import { appLink } from './link.js';
import { loginView } from './login-view.js';
import { lookupMatchesView, lookupView } from './lookup-view.js';
import { projectSelect } from './project-select.js';
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
      return releasesView(state, actions, route.release);
    case 'trace':
      return traceView(state, actions, route.traceId);
    case 'settings':
      return settingsView(state, actions, route.projectId);
    case 'alerts':
      return lazyAlertsView(state, actions, route.ruleId);
    case 'not-found':
      return html`<p>No page at <code>${route.path}</code>.</p>`;
    default: {
      const never: never = route;
      return never;
    }
  }
}

/** Each section's link keeps the project shown (none in the URL for the first one). */
const SECTIONS: { href: (project: number | undefined) => string; label: string; covers: Route['name'][] }[] =
  [
    { href: (p) => issuesHref({ status: 'unresolved' }, p), label: 'Issues', covers: ['issues', 'issue'] },
    {
      href: (p) => ratesHref({ by: 'route', since: DEFAULT_RATE_RANGE, auto: true }, p),
      label: 'Rates',
      covers: ['rates'],
    },
    { href: releasesHref, label: 'Releases', covers: ['releases'] },
    { href: (p) => alertsHref(p), label: 'Alerts', covers: ['alerts'] },
    { href: settingsHref, label: 'Settings', covers: ['settings'] },
  ];

function nav(state: AppState, actions: Actions) {
  const project = linkProject(state.project);
  return html`<nav class="sections" aria-label="Pages">
    ${SECTIONS.map((s) => {
      const link = appLink(actions, s.href(project), s.label, `nav-${s.label.toLowerCase()}`);
      return s.covers.includes(state.route.name)
        ? html`<span class="section current" aria-current="page">${link}</span>`
        : html`<span class="section">${link}</span>`;
    })}
  </nav>`;
}

export function appView(state: AppState, actions: Actions) {
  if (state.auth === 'checking') return html`<p class="loading">Loading…</p>`;
  if (state.auth === 'signed-out') return loginView(state, actions);
  return html`<header class="top">
      <span class="brand">${appLink(actions, issuesHref({ status: 'unresolved' }, linkProject(state.project)), 'Faultline')}</span>
      ${nav(state, actions)}
      ${projectSelect(state, actions)}
      ${lookupView(state, actions)}
      ${state.user ? html`<span class="user" data-testid="user">${state.user}</span>` : ''}
      <button type="button" class="logout" @click=${() => actions.logout()} data-testid="logout">Log out</button>
    </header>
    ${lookupMatchesView(state, actions)}
    ${state.notice ? html`<p class="error" role="alert">${state.notice}</p>` : ''}
    <p class="flash" role="status" data-testid="flash">${state.flash ?? ''}</p>
    <div class="page">${page(state, actions)}</div>`;
}
