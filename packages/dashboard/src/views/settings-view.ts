/**
 * The Settings page: projects (pick one, create one), the chosen project's DSNs with a copy
 * button, its allowed origins, rate limit and scrub keys, its inbound filters with what they
 * dropped, and its fingerprint rules (fingerprint-rules-view.ts), through the project/key routes;
 * then the API tokens (tokens-view.ts).
 */

import { html, nothing } from 'lit-html';
import { shown } from '../api/format.js';
import { formFromSettings } from '../api/project-settings.js';
import { phaseOf } from '../api/query-state.js';
import type { Key, Project } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { settingsHref } from '../app/routes.js';
import { MAX_LIST_TEXT_CHARS, MAX_PROJECT_NAME_CHARS } from '../limits.js';
import { fingerprintRulesView } from './fingerprint-rules-view.js';
import { inboundFiltersView } from './inbound-filters-view.js';
import { appLink } from './link.js';
import { loadFailure } from './load-state.js';
import { tokensView } from './tokens-view.js';

function projectList(projects: Project[], current: Project | undefined, actions: Actions) {
  const create = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    actions.createProject((form.elements.namedItem('name') as HTMLInputElement).value);
  };
  return html`<nav class="projects" aria-label="Projects">
    <ul>
      ${projects.map(
        (p) =>
          html`<li class=${p.id === current?.id ? 'current' : ''}>
            ${appLink(actions, settingsHref(p.id), shown(`${p.name} (#${p.id})`, MAX_LIST_TEXT_CHARS), 'project-link')}
          </li>`,
      )}
    </ul>
    <form class="inline" @submit=${create} data-testid="new-project">
      <input name="name" aria-label="New project name" placeholder="new project" maxlength=${MAX_PROJECT_NAME_CHARS} required />
      <button type="submit">Create project</button>
    </form>
  </nav>`;
}

function keyRow(key: Key, actions: Actions) {
  return html`<li class="dsn" data-testid="settings-key">
    <code data-testid="settings-dsn">${key.dsn}</code>
    ${key.enabled ? nothing : html`<span class="tag">disabled</span>`}
    <button type="button" @click=${() => actions.copyText(key.dsn, 'DSN')} data-testid="copy-dsn">Copy</button>
  </li>`;
}

function settingsForm(project: Project, actions: Actions) {
  const form = formFromSettings(project);
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const el = (e.currentTarget as HTMLFormElement).elements;
    const value = (name: string) => (el.namedItem(name) as HTMLInputElement | HTMLTextAreaElement).value;
    actions.saveSettings(project.id, {
      allowedOrigins: value('allowedOrigins'),
      rateLimitPerMinute: value('rateLimitPerMinute'),
      scrubKeys: value('scrubKeys'),
    });
  };
  return html`<form class="settings-form" @submit=${submit} data-testid="settings-form">
    <label for="allowed-origins">Allowed origins <span class="hint">(one per line: https://app.example.com,
      app.example.com, *.example.com; empty allows any)</span></label>
    <textarea id="allowed-origins" name="allowedOrigins" rows="3" .value=${form.allowedOrigins}></textarea>
    <label for="rate-limit">Rate limit <span class="hint">(events per minute; empty for none)</span></label>
    <input id="rate-limit" name="rateLimitPerMinute" inputmode="numeric" .value=${form.rateLimitPerMinute} />
    <label for="scrub-keys">Scrub keys <span class="hint">(one per line, on top of the built-in secrets list)</span></label>
    <textarea id="scrub-keys" name="scrubKeys" rows="3" .value=${form.scrubKeys}></textarea>
    <button type="submit">Save settings</button>
  </form>`;
}

export function settingsView(state: AppState, actions: Actions, projectId: number | undefined) {
  const projects = state.projects.data?.items ?? [];
  const current = projectId === undefined ? projects[0] : projects.find((p) => p.id === projectId);
  const keys = state.projectKeys.data?.items;
  return html`<section class="settings-page">
    <h2>Settings</h2>
    ${phaseOf(state.projects) === 'loading' ? html`<p class="loading">Loading projects…</p>` : nothing}
    ${loadFailure(state.projects, 'the projects', actions)}
    ${projects.length > 0 ? projectList(projects, current, actions) : nothing}
    ${
      state.projects.data && !current
        ? html`<p class="error" role="alert">No project #${projectId ?? ''}.</p>`
        : nothing
    }
    ${
      current
        ? html`<article class="project" data-testid="project-settings" data-project-id=${current.id}>
            <h3>${shown(current.name, MAX_LIST_TEXT_CHARS)}</h3>
            <h4>DSNs</h4>
            ${loadFailure(state.projectKeys, "the project's DSNs", actions)}
            ${keys ? html`<ul class="dsns">${keys.map((k) => keyRow(k, actions))}</ul>` : html`<p class="loading">Loading keys…</p>`}
            <button type="button" @click=${() => actions.createKey(current.id)} data-testid="new-key">New DSN</button>
            <h4>Ingestion</h4>
            ${settingsForm(current, actions)}
            <h4>Inbound filters</h4>
            ${inboundFiltersView(current, state, actions)}
            <h4>Fingerprint rules</h4>
            ${fingerprintRulesView(current, state, actions)}
          </article>`
        : nothing
    }
    ${tokensView(state, actions)}
  </section>`;
}
