/** The header's project selector: which project the issue list, rates and releases show, and
 * (with more than one project) "All projects" for the issue list. */

import { html, nothing } from 'lit-html';
import { shown } from '../api/format.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { ALL_PROJECTS } from '../app/routes.js';
import { MAX_LIST_TEXT_CHARS } from '../limits.js';

export function projectSelect(state: AppState, actions: Actions) {
  const projects = state.projects.data?.items;
  if (!projects || projects.length === 0) return nothing;
  const known = state.project === ALL_PROJECTS || projects.some((p) => p.id === state.project);
  const change = (e: Event) => actions.selectProject(Number((e.currentTarget as HTMLSelectElement).value));
  // `.selected` (the property): after a pick, back/forward must still move the selection.
  // Project names are typed by users: option text is set as text, like all data.
  return html`<select class="project-select" aria-label="Project" data-testid="project-select" @change=${change}>
    ${projects.length > 1 ? html`<option value=${ALL_PROJECTS} .selected=${state.project === ALL_PROJECTS}>All projects</option>` : nothing}
    ${projects.map(
      (p) =>
        html`<option value=${p.id} .selected=${p.id === state.project}>${shown(`${p.name} (#${p.id})`, MAX_LIST_TEXT_CHARS)}</option>`,
    )}
    ${known ? nothing : html`<option value=${state.project} .selected=${true}>#${state.project} (no such project)</option>`}
  </select>`;
}
