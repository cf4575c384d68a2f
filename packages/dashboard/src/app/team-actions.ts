/**
 * The issue page's team parts (issue 19 §4): the assignee picker, the comments box and the
 * activity history. Each change reloads the history, which records it. Part of the controller;
 * it reaches state only through `set` and `load`.
 */

import { errorMessage } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import type { AppState } from './app-state.js';

export interface TeamActions {
  /** Assigns the issue to the user with this email; null: to nobody. */
  assignIssue(issueId: number, assignee: string | null): void;
  /** Adds a comment; resolves true once stored (the view then clears the box). */
  addComment(issueId: number, text: string): Promise<boolean>;
  deleteComment(issueId: number, commentId: number): void;
  /** The next page of the issue's history. */
  olderActivity(issueId: number): void;
}

type TeamQueryKey = 'teamUsers' | 'issueComments' | 'issueActivity';

export interface TeamActionContext {
  api: ApiClient;
  state(): AppState;
  set(patch: Partial<AppState>): void;
  load<T>(key: TeamQueryKey, fetcher: () => Promise<T>, reset?: boolean): Promise<boolean>;
  /** Reloads the issue (its header shows the assignee). */
  reloadIssue(): void;
}

/** @example const team = createTeamActions({ api, state: () => state, set, load, reloadIssue }) */
export function createTeamActions(ctx: TeamActionContext) {
  const { api } = ctx;
  const busy = () => ctx.set({ teamUi: { busy: true, error: undefined } });
  const done = () => ctx.set({ teamUi: { busy: false, error: undefined } });
  const refused = (error: unknown) => ctx.set({ teamUi: { busy: false, error: errorMessage(error) } });
  const loadTimeline = (issueId: number, reset: boolean) => {
    void ctx.load('issueComments', () => api.listComments(issueId), reset);
    void ctx.load('issueActivity', () => api.issueActivity(issueId), reset);
  };
  const actions: TeamActions = {
    assignIssue(issueId, assignee) {
      busy();
      api.assignIssue(issueId, assignee).then(() => {
        done();
        ctx.set({ flash: assignee ? `Assigned to ${assignee}` : 'Unassigned' });
        ctx.reloadIssue();
        loadTimeline(issueId, false);
      }, refused);
    },
    async addComment(issueId, text) {
      busy();
      try {
        await api.addComment(issueId, text);
        done();
        loadTimeline(issueId, false);
        return true;
      } catch (error) {
        refused(error);
        return false;
      }
    },
    deleteComment(issueId, commentId) {
      busy();
      api.deleteComment(issueId, commentId).then(() => {
        done();
        loadTimeline(issueId, false);
      }, refused);
    },
    olderActivity(issueId) {
      const loaded = ctx.state().issueActivity.data;
      if (!loaded?.nextCursor) return;
      const cursor = loaded.nextCursor;
      void ctx.load('issueActivity', async () => {
        const next = await api.issueActivity(issueId, cursor);
        return { items: [...loaded.items, ...next.items], nextCursor: next.nextCursor };
      });
    },
  };
  return {
    actions,
    /** Loads the issue page's users, comments and history (`reset`: another issue's are shown). */
    loadTeam(issueId: number, reset: boolean) {
      if (reset) ctx.set({ teamUi: { busy: false, error: undefined } });
      if (ctx.state().teamUsers.status !== 'success') void ctx.load('teamUsers', () => api.listUsers());
      loadTimeline(issueId, reset);
    },
  };
}
