/**
 * The fingerprint rules editor on the Settings page: edit, add, remove and reorder rules as drafts,
 * preview what the drafts would regroup (nothing saved), and save them (PATCH the project's
 * `fingerprintRules`). Part of the controller; it reaches state only through `set` and `load`.
 */

import { ApiError, errorMessage } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import {
  draftFromRule,
  emptyDraft,
  moved,
  type RuleDraft,
  ruleFromDraft,
} from '../api/fingerprint-rules-form.js';
import type { Project } from '../api/types.js';
import type { AppState, FingerprintRulesUi } from './app-state.js';

export interface FingerprintRuleActions {
  editRuleDraft(project: Project, index: number, patch: Partial<RuleDraft>): void;
  addRuleDraft(project: Project): void;
  removeRuleDraft(project: Project, index: number): void;
  /** Moves rule `index` up (-1) or down (+1): the first matching rule wins. */
  moveRuleDraft(project: Project, index: number, delta: number): void;
  previewRuleDrafts(project: Project): void;
  saveRuleDrafts(project: Project): void;
}

export interface FingerprintRuleActionContext {
  api: ApiClient;
  state(): AppState;
  set(patch: Partial<AppState>): void;
  load<T>(key: 'projects', fetcher: () => Promise<T>, reset?: boolean): Promise<boolean>;
}

/**
 * The drafts of this project: those being edited, else its saved rules.
 * @example draftsOf(state.fingerprintRulesUi, project).length
 */
export function draftsOf(ui: FingerprintRulesUi, project: Project): RuleDraft[] {
  return ui.projectId === project.id && ui.drafts !== undefined
    ? ui.drafts
    : (project.fingerprintRules ?? []).map(draftFromRule);
}

/** @example const rules = createFingerprintRuleActions({ api, state: () => state, set, load }) */
export function createFingerprintRuleActions(ctx: FingerprintRuleActionContext): FingerprintRuleActions {
  const { api } = ctx;
  const ui = () => ctx.state().fingerprintRulesUi;
  const setUi = (patch: Partial<FingerprintRulesUi>) =>
    ctx.set({ fingerprintRulesUi: { ...ui(), ...patch } });
  const edit = (project: Project, change: (drafts: RuleDraft[]) => RuleDraft[]) =>
    setUi({
      projectId: project.id,
      drafts: change(draftsOf(ui(), project)),
      preview: undefined,
      problem: undefined,
    });
  const refused = (error: unknown) =>
    setUi({ busy: false, problem: error instanceof ApiError ? error.detail : errorMessage(error) });

  return {
    editRuleDraft: (project, index, patch) =>
      edit(project, (drafts) => drafts.map((d, i) => (i === index ? { ...d, ...patch } : d))),
    addRuleDraft: (project) => edit(project, (drafts) => [...drafts, emptyDraft()]),
    removeRuleDraft: (project, index) => edit(project, (drafts) => drafts.filter((_, i) => i !== index)),
    moveRuleDraft: (project, index, delta) => edit(project, (drafts) => moved(drafts, index, delta)),
    previewRuleDrafts(project) {
      if (ui().busy) return;
      const rules = draftsOf(ui(), project).map(ruleFromDraft);
      setUi({ busy: true, problem: undefined, preview: undefined });
      api
        .previewFingerprintRules(project.id, rules)
        .then((preview) => setUi({ busy: false, preview }), refused);
    },
    saveRuleDrafts(project) {
      if (ui().busy) return;
      const rules = draftsOf(ui(), project).map(ruleFromDraft);
      setUi({ busy: true, problem: undefined });
      api.updateProject(project.id, { fingerprintRules: rules }).then(() => {
        setUi({ busy: false, drafts: undefined, preview: undefined, projectId: undefined });
        ctx.set({ flash: 'Fingerprint rules saved', notice: undefined });
        void ctx.load('projects', () => api.listProjects());
      }, refused);
    },
  };
}
