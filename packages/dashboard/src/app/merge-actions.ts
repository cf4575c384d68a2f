/**
 * Grouping you can correct (issue 19 §3): the list's bulk Merge, the issue page's fingerprints
 * ("why these events are grouped") and their Unmerge buttons. Part of the controller; it reaches
 * state only through `set` and `load`.
 */

import { errorMessage } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import type { AppState } from './app-state.js';
import { issueHref } from './routes.js';

export interface MergeActions {
  /** Merges the ticked issues (two or more) into the one with the most events. */
  bulkMerge(): void;
  /** Moves a fingerprint merged into the issue back out to its own issue, and opens that one. */
  unmerge(issueId: number, fingerprint: string): void;
}

export interface MergeActionContext {
  api: ApiClient;
  state(): AppState;
  set(patch: Partial<AppState>): void;
  load<T>(key: 'fingerprints', fetcher: () => Promise<T>, reset?: boolean): Promise<boolean>;
  /** Reloads the current page's data. */
  reload(): void;
  go(href: string): void;
}

/** @example const merge = createMergeActions({ api, state: () => state, set, load, reload, go }) */
export function createMergeActions(ctx: MergeActionContext) {
  const { api } = ctx;
  const actions: MergeActions = {
    bulkMerge() {
      const state = ctx.state();
      const ids = [...state.selected];
      if (ids.length < 2 || state.bulkBusy) return;
      ctx.set({ bulkBusy: true, notice: undefined, flash: undefined });
      api.mergeIssues(state.project, ids).then(
        ({ issue, merged }) => {
          ctx.set({
            bulkBusy: false,
            selected: [],
            flash: `${merged.length + 1} issues merged into #${issue.id} (${issue.count} events)`,
          });
          ctx.reload();
        },
        // Nothing was merged: the selection stays, to be changed or tried again.
        (error: unknown) => ctx.set({ bulkBusy: false, notice: `Merge failed: ${errorMessage(error)}` }),
      );
    },
    unmerge(issueId, fingerprint) {
      ctx.set({ notice: undefined, flash: undefined });
      api.unmergeIssue(issueId, fingerprint).then(
        ({ issue, movedEvents }) => {
          // Opening a page clears the flash: it is said on the page opened.
          ctx.go(issueHref(issue.id));
          ctx.set({ flash: `Unmerged into #${issue.id} (${movedEvents} events moved)` });
        },
        (error: unknown) => ctx.set({ notice: `Unmerge failed: ${errorMessage(error)}` }),
      );
    },
  };
  /** The issue page's fingerprints, asked with the issue. */
  function loadFingerprints(issueId: number, reset: boolean) {
    void ctx.load('fingerprints', () => api.issueFingerprints(issueId), reset);
  }
  return { actions, loadFingerprints };
}
