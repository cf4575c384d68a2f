/**
 * Silences (issue 14 §4–§5): the Alerts page's list, form and End button, and the issue page's
 * Mute control and mute links. A mute link (`/issues/42?mute=1h`, from a notification) only
 * asks: nothing is created until Confirm, so a mail scanner or chat preview that opens the link
 * mutes nothing. Part of the controller; it reaches state only through `set` and `load`.
 */

import { ApiError, errorMessage } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import {
  emptySilenceForm,
  type MutePreset,
  muteBody,
  mutePresetInWords,
  type SilenceForm,
  silenceFormFieldOf,
  silenceFromForm,
} from '../api/silence-form.js';
import type { Silence } from '../api/silence-types.js';
import type { AppState, SilenceEditor, SilencesUi } from './app-state.js';
import { issueHref } from './routes.js';

export interface SilenceActions {
  /** Opens the silence form on the Alerts page. */
  newSilence(): void;
  editSilenceForm(patch: Partial<SilenceForm>): void;
  cancelSilenceEdit(): void;
  saveSilence(): void;
  /** Ends a silence now (End button). */
  expireSilence(silenceId: number): void;
  /** The issue page's Mute control: silences the issue's alerts at once (a click is the confirmation). */
  muteIssue(issueId: number, preset: MutePreset): void;
  /** The answer to a mute link's question: `true` mutes, `false` leaves things as they are. */
  confirmMute(confirmed: boolean): void;
}

export interface SilenceActionContext {
  api: ApiClient;
  state(): AppState;
  set(patch: Partial<AppState>): void;
  load<T>(key: 'silences', fetcher: () => Promise<T>, reset?: boolean): Promise<boolean>;
  go(href: string): void;
}

/** @example const silences = createSilenceActions({ api, state: () => state, set, load, go }) */
export function createSilenceActions(ctx: SilenceActionContext) {
  const { api } = ctx;
  const ui = () => ctx.state().silenceUi;
  const setUi = (patch: Partial<SilencesUi>) => ctx.set({ silenceUi: { ...ui(), ...patch } });
  const setEditor = (patch: Partial<SilenceEditor>) => {
    const editor = ui().editor;
    if (editor) setUi({ editor: { ...editor, ...patch } });
  };

  /** The project whose silences the state holds: asked again, they are refreshed in place. */
  let silencesOf: number | undefined;

  function loadSilences(projectId: number) {
    const other = silencesOf !== projectId;
    silencesOf = projectId;
    void ctx.load('silences', () => api.listSilences(projectId), other);
  }

  const reload = () => {
    if (silencesOf !== undefined) loadSilences(silencesOf);
  };

  /** The project of the issue page, once its issue has loaded. */
  const issueProject = (issueId: number) => {
    const issue = ctx.state().issue.data;
    return issue?.id === issueId ? issue.projectId : undefined;
  };

  function mute(issueId: number, preset: MutePreset, after: (s: Silence) => void) {
    const projectId = issueProject(issueId);
    if (projectId === undefined || ui().muteBusy) return;
    setUi({ muteBusy: true, muteError: undefined });
    api.createSilence(projectId, muteBody(issueId, preset, Date.now())).then(
      (silence) => {
        setUi({ muteBusy: false });
        after(silence);
        ctx.set({ flash: `Alerts for this issue muted ${mutePresetInWords(preset)}` });
        loadSilences(projectId);
      },
      (error: unknown) =>
        setUi({
          muteBusy: false,
          muteError: error instanceof ApiError ? error.detail : errorMessage(error),
        }),
    );
  }

  const actions: SilenceActions = {
    newSilence: () => setUi({ editor: { form: emptySilenceForm(), busy: false, errors: {} } }),
    editSilenceForm(patch) {
      const editor = ui().editor;
      if (editor) setEditor({ form: { ...editor.form, ...patch } });
    },
    cancelSilenceEdit: () => setUi({ editor: undefined }),
    saveSilence() {
      const editor = ui().editor;
      if (!editor || editor.busy) return;
      const projectId = ctx.state().project;
      setEditor({ busy: true, errors: {} });
      api.createSilence(projectId, silenceFromForm(editor.form, Date.now())).then(
        (silence) => {
          setUi({ editor: undefined });
          ctx.set({ flash: `Silence #${silence.id} created` });
          loadSilences(projectId);
        },
        (error: unknown) => {
          const field =
            error instanceof ApiError && error.status === 400 ? silenceFormFieldOf(error.field) : 'form';
          const message = error instanceof ApiError ? error.detail : errorMessage(error);
          setEditor({ busy: false, errors: { [field]: message } });
        },
      );
    },
    expireSilence(silenceId) {
      api.expireSilence(silenceId).then(
        () => {
          ctx.set({ flash: `Silence #${silenceId} ended`, notice: undefined });
          reload();
        },
        (error: unknown) => ctx.set({ notice: errorMessage(error) }),
      );
    },
    muteIssue: (issueId, preset) => mute(issueId, preset, () => undefined),
    confirmMute(confirmed) {
      const { route } = ctx.state();
      if (route.name !== 'issue' || route.mute === undefined) return;
      const { issueId, eventId } = route;
      // Either way the question goes, and the URL no longer carries the link's mute.
      if (!confirmed) return ctx.go(issueHref(issueId, eventId));
      mute(issueId, route.mute, () => ctx.go(issueHref(issueId, eventId)));
    },
  };

  return { actions, loadSilences };
}
