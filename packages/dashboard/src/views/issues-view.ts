/**
 * The issue list: filters kept in the URL, sort, resolve/ignore per row and in bulk (tick rows,
 * then one button), Merge of the ticked issues, and the keyboard: j/k move a visible cursor,
 * Enter opens, x ticks.
 */

import { html, nothing } from 'lit-html';
import { ago, shown } from '../api/format.js';
import {
  ISSUE_CATEGORIES,
  ISSUE_SORTS,
  ISSUE_STATUSES,
  type IssueFilters,
  narrowsList,
} from '../api/issue-filters.js';
import { LIST_STATS_PERIOD, sparklineOf } from '../api/issue-stats.js';
import { phaseOf } from '../api/query-state.js';
import type { Issue } from '../api/types.js';
import type { AppState } from '../app/app-state.js';
import type { Actions } from '../app/controller.js';
import { ALL_PROJECTS, issueHref } from '../app/routes.js';
import { MAX_LIST_TEXT_CHARS } from '../limits.js';
import { emptyView } from './empty-view.js';
import { assignedToMeFilter, assigneeCell } from './issue-assignee-view.js';
import { appLink } from './link.js';
import { loadFailure } from './load-state.js';
import { sparklineView } from './sparkline.js';

function filtersForm(filters: IssueFilters, actions: Actions, user: string | null) {
  const submit = (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    const status = value('status');
    const category = value('category');
    const sort = value('sort');
    actions.setFilters({
      status: status === 'all' ? undefined : (status as IssueFilters['status']),
      release: value('release'),
      environment: value('environment'),
      route: value('route'),
      category: category === 'any' ? undefined : (category as IssueFilters['category']),
      text: value('q'),
      // The default sort stays out of the URL, so a shared link is as short as it can be.
      sort: sort === 'lastSeen' ? undefined : (sort as IssueFilters['sort']),
      ...(data.get('assigned') === 'me' ? { assignedToMe: true } : {}),
    });
  };
  const submitForm = (e: Event) => (e.currentTarget as HTMLSelectElement).form?.requestSubmit();
  return html`<form class="filters" @submit=${submit} data-testid="filters">
    <select name="status" aria-label="Status" @change=${submitForm}>
      ${ISSUE_STATUSES.map((s) => html`<option value=${s} .selected=${filters.status === s}>${s}</option>`)}
      <option value="all" .selected=${filters.status === undefined}>all</option>
    </select>
    <input name="q" aria-label="Search" placeholder="Search title or culprit" .value=${filters.text ?? ''} />
    <input name="release" aria-label="Release" placeholder="release" .value=${filters.release ?? ''} />
    <input name="environment" aria-label="Environment" placeholder="environment" .value=${filters.environment ?? ''} />
    <input
      name="route"
      aria-label="Route"
      placeholder="route, e.g. /users/:id"
      title="The route template the error happened on, exactly as the server reports it"
      .value=${filters.route ?? ''}
    />
    <select name="category" aria-label="Category" @change=${submitForm}>
      <option value="any" .selected=${filters.category === undefined}>any category</option>
      ${ISSUE_CATEGORIES.map((c) => html`<option value=${c} .selected=${filters.category === c}>${c}</option>`)}
    </select>
    <select name="sort" aria-label="Sort" @change=${submitForm}>
      ${ISSUE_SORTS.map((s) => html`<option value=${s} .selected=${(filters.sort ?? 'lastSeen') === s}>${s}</option>`)}
    </select>
    ${assignedToMeFilter(filters, user, submitForm)}
    <button type="submit">Filter</button>
  </form>`;
}

/** The project an issue of the all-projects list belongs to, by name once the list has loaded. */
function projectName(state: AppState, projectId: number): string {
  const project = state.projects.data?.items.find((p) => p.id === projectId);
  return project ? shown(project.name, MAX_LIST_TEXT_CHARS) : `#${projectId}`;
}

function row(issue: Issue, index: number, state: AppState, actions: Actions) {
  const ticked = state.selected.includes(issue.id);
  const focused = state.cursor === index;
  return html`<tr
    data-testid="issue-row"
    data-issue-id=${issue.id}
    data-index=${index}
    class=${[focused ? 'cursor' : '', ticked ? 'ticked' : ''].join(' ')}
  >
    <td class="tick">
      <input
        type="checkbox"
        aria-label=${`Select ${shown(issue.title, MAX_LIST_TEXT_CHARS)}`}
        data-testid="issue-tick"
        .checked=${ticked}
        @change=${() => actions.toggleSelected(issue.id)}
      />
    </td>
    <td><span class="status status-${issue.status}">${issue.status}</span></td>
    <td class="title" title=${shown(issue.title, MAX_LIST_TEXT_CHARS)}>
      ${appLink(actions, issueHref(issue.id), shown(issue.title, MAX_LIST_TEXT_CHARS), 'issue-link')}
      <div class="culprit" title=${shown(issue.culprit, MAX_LIST_TEXT_CHARS)}>${shown(issue.culprit, MAX_LIST_TEXT_CHARS)}</div>
      ${state.project === ALL_PROJECTS ? html`<div class="project-name" data-testid="issue-project">${projectName(state, issue.projectId)}</div>` : nothing}
    </td>
    ${assigneeCell(issue)}
    <td class="spark">${sparklineView(sparklineOf(issue.stats, LIST_STATS_PERIOD))}</td>
    <td class="num">${issue.count}</td>
    <td class="num secondary">${issue.usersAffected}</td>
    <td class="secondary" title=${issue.lastSeen}>${ago(issue.lastSeen)}</td>
    <td class="secondary" title=${issue.firstSeen}>${ago(issue.firstSeen)}</td>
    <td class="actions">
      <button @click=${() => actions.setStatus(issue.id, 'resolved')} ?disabled=${issue.status === 'resolved'}>
        Resolve
      </button>
      <button @click=${() => actions.setStatus(issue.id, 'ignored')} ?disabled=${issue.status === 'ignored'}>
        Ignore
      </button>
    </td>
  </tr>`;
}

function bulkBar(state: AppState, actions: Actions, items: Issue[]) {
  const count = state.selected.length;
  const all = count > 0 && items.every((i) => state.selected.includes(i.id));
  return html`<div class="bulk" data-testid="bulk-bar">
    <label class="tick-all">
      <input
        type="checkbox"
        data-testid="tick-all"
        .checked=${all}
        .indeterminate=${count > 0 && !all}
        @change=${(e: Event) => actions.selectAll((e.currentTarget as HTMLInputElement).checked)}
      />
      ${count > 0 ? `${count} selected` : 'Select all'}
    </label>
    <button
      type="button"
      data-testid="bulk-resolve"
      ?disabled=${count === 0 || state.bulkBusy}
      @click=${() => actions.bulkSetStatus('resolved')}
    >Resolve selected</button>
    <button
      type="button"
      data-testid="bulk-ignore"
      ?disabled=${count === 0 || state.bulkBusy}
      @click=${() => actions.bulkSetStatus('ignored')}
    >Ignore selected</button>
    <button
      type="button"
      data-testid="bulk-merge"
      title="Merge the selected issues into the one with the most events"
      ?disabled=${count < 2 || state.bulkBusy}
      @click=${() => actions.bulkMerge()}
    >Merge</button>
    <span class="hint keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>x</kbd> selects</span>
  </div>`;
}

export function issuesView(state: AppState, actions: Actions, filters: IssueFilters) {
  const phase = phaseOf(state.issues);
  const items = state.issues.data?.items;
  const filtered = narrowsList(filters);
  const projects = state.projects.data?.items;
  const all = state.project === ALL_PROJECTS;
  if (projects && !all && !projects.some((p) => p.id === state.project))
    return html`<section><p class="error" role="alert" data-testid="no-project">No project #${state.project}.</p></section>`;
  return html`<section>
    ${filtersForm(filters, actions, state.user)}
    ${phase === 'refreshing' ? html`<p class="refreshing" aria-live="polite">Refreshing…</p>` : nothing}
    ${phase === 'loading' ? html`<p class="loading">Loading issues…</p>` : nothing}
    ${loadFailure(state.issues, 'the issues', actions)}
    ${
      items && items.length === 0 && !filtered && filters.status === 'unresolved' && !all
        ? emptyView(state)
        : items && items.length === 0
          ? html`<p>No issues match these filters.</p>`
          : nothing
    }
    ${
      items && items.length > 0
        ? html`${bulkBar(state, actions, items)}
            <table class="issues" data-testid="issues">
              <thead>
                <tr>
                  <th><span class="visually-hidden">Select</span></th><th>Status</th><th>Issue</th><th class="secondary">Assignee</th>
                  <th class="spark">Last ${LIST_STATS_PERIOD}</th><th>Events</th>
                  <th class="secondary">Users</th><th class="secondary">Last seen</th><th class="secondary">First seen</th>
                  <th class="actions"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>${items.map((issue, index) => row(issue, index, state, actions))}</tbody>
            </table>`
        : nothing
    }
  </section>`;
}
