/**
 * The issue header's snooze menu and Delete (issue 19 §2). A snooze is one click (it is undone by
 * Unresolve); a delete is asked first, with "also discard future events" unticked, and nothing
 * is deleted until Delete in the dialog. Part of the controller; it reaches state only through
 * `set`.
 */

import { errorMessage } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import { type SnoozePreset, snoozePreset } from '../api/snooze-words.js';
import type { AppState, IssueUi } from './app-state.js';

export interface IssueStatusActions {
  /** Ignores the issue until the preset's condition (or forever). */
  snoozeIssue(issueId: number, preset: SnoozePreset): void;
  /** Opens the delete dialog for the issue. */
  askDeleteIssue(issueId: number): void;
  /** The dialog's "also discard future events". */
  setDiscard(on: boolean): void;
  /** The dialog's answer: `true` deletes, `false` closes it. */
  confirmDeleteIssue(confirmed: boolean): void;
}

export interface IssueStatusActionContext {
  api: ApiClient;
  state(): AppState;
  set(patch: Partial<AppState>): void;
  /** Reloads the page's data in place (after a snooze). */
  refresh(): void;
  /** Leaves the deleted issue's page for the list. */
  leave(): void;
}

/** @example const issueStatus = createIssueStatusActions({ api, state: () => state, set, refresh, leave }) */
export function createIssueStatusActions(ctx: IssueStatusActionContext): IssueStatusActions {
  const ui = () => ctx.state().issueUi;
  const setUi = (patch: Partial<IssueUi>) => ctx.set({ issueUi: { ...ui(), ...patch } });
  return {
    snoozeIssue(issueId, preset) {
      ctx.api.updateIssue(issueId, 'ignored', snoozePreset(preset).condition).then(
        () => {
          ctx.set({ notice: undefined, flash: `Ignored: ${snoozePreset(preset).label.toLowerCase()}` });
          ctx.refresh();
        },
        (error: unknown) => ctx.set({ notice: errorMessage(error) }),
      );
    },
    askDeleteIssue(issueId) {
      setUi({ confirmDelete: issueId, discard: false, error: undefined });
    },
    setDiscard(on) {
      setUi({ discard: on });
    },
    confirmDeleteIssue(confirmed) {
      const issueId = ui().confirmDelete;
      if (!confirmed || issueId === undefined) return setUi({ confirmDelete: undefined, error: undefined });
      const { discard } = ui();
      setUi({ busy: true, error: undefined });
      ctx.api.deleteIssue(issueId, discard).then(
        () => {
          setUi({ busy: false, confirmDelete: undefined, discard: false });
          // After leaving: a new page starts without the last page's flash.
          ctx.leave();
          ctx.set({ flash: discard ? 'Issue deleted; its future events are discarded' : 'Issue deleted' });
        },
        (error: unknown) => setUi({ busy: false, error: errorMessage(error) }),
      );
    },
  };
}
