/**
 * The Alerts page's behaviour (issue 14 §5): loading the project's rules and the chosen rule's
 * logs, the rule form (new, edit, save with the collector's refusal shown by field), delete
 * after a confirmation, the test button, redelivery. Part of the controller, split out so each
 * file keeps one job; it reaches state only through the controller's `set` and `load`.
 */

import {
  type AlertRuleForm,
  type ChannelForm,
  emptyChannel,
  emptyRuleForm,
  formFieldOf,
  formFromRule,
  ruleFromForm,
} from '../api/alert-form.js';
import type { AlertRule } from '../api/alert-types.js';
import { ApiError, errorMessage } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import type { QueryState } from '../api/query-state.js';
import type { AlertEditor, AlertsUi, AppState } from './app-state.js';
import { linkProject } from './current-project.js';
import { alertsHref, type Route } from './routes.js';

export interface AlertActions {
  /** Opens the form for a new rule. */
  newAlertRule(): void;
  /** Opens the form on a stored rule. */
  editAlertRule(ruleId: number): void;
  /** A field of the open form changed (typed or picked). */
  editAlertForm(patch: Partial<Omit<AlertRuleForm, 'channels'>>): void;
  editAlertChannel(index: number, patch: Partial<ChannelForm>): void;
  addAlertChannel(): void;
  removeAlertChannel(index: number): void;
  cancelAlertEdit(): void;
  saveAlertRule(): void;
  /** Delete pressed: asks for a confirmation first. */
  askDeleteAlertRule(ruleId: number): void;
  /** The confirmation: `true` deletes, `false` keeps the rule. */
  confirmDeleteAlertRule(confirmed: boolean): void;
  testAlertRule(ruleId: number): void;
  redeliverAlert(deliveryId: number): void;
  olderAlertEvaluations(): void;
  /** Hides the secrets shown once after a save. */
  dismissAlertSecrets(): void;
  /** Asks for the rules and the picked rule's logs again (an alert may have fired since). */
  refreshAlerts(): void;
}

type AlertQueryKey = 'alertRules' | 'alertDeliveries' | 'alertEvaluations' | 'recentAlerts';

export interface AlertActionContext {
  api: ApiClient;
  state(): AppState;
  set(patch: Partial<AppState>): void;
  load<T>(key: AlertQueryKey, fetcher: () => Promise<T>, reset?: boolean): Promise<boolean>;
  go(href: string): void;
}

/** The secrets a create or update just made (whole: not the masked `whsec_AbCd…`). */
function newSecrets(rule: AlertRule): { url: string; secret: string }[] {
  return rule.channels.flatMap((c) =>
    c.type === 'webhook' && c.secret !== undefined && !c.secret.endsWith('…')
      ? [{ url: c.url, secret: c.secret }]
      : [],
  );
}

const rulesIn = (q: QueryState<{ items: AlertRule[] }>) => q.data?.items ?? [];

/** @example const alerts = createAlertActions({ api, state: () => state, set, load, go }) */
export function createAlertActions(ctx: AlertActionContext) {
  const { api } = ctx;
  const ui = () => ctx.state().alerts;
  const setUi = (patch: Partial<AlertsUi>) => ctx.set({ alerts: { ...ui(), ...patch } });
  const setEditor = (patch: Partial<AlertEditor>) => {
    const editor = ui().editor;
    if (editor) setUi({ editor: { ...editor, ...patch } });
  };
  const setForm = (form: AlertRuleForm) => setEditor({ form });

  /** The project and rule whose reads the state holds: asked again, they are refreshed in place. */
  let rulesOf: number | undefined;
  let logsOf: number | undefined;

  /**
   * The page's reads: the rules, the project's newest alerts (their "last fired"), the rule's
   * logs. Another project's or rule's data is cleared first; the same one's stays on screen
   * while it is asked again (picking a rule, a refresh after Test), so nothing flickers.
   */
  function loadAlertsPage(route: Extract<Route, { name: 'alerts' }>, projectId: number) {
    const otherProject = rulesOf !== projectId;
    rulesOf = projectId;
    void ctx.load('alertRules', () => api.listAlertRules(projectId), otherProject);
    void ctx.load('recentAlerts', () => api.projectAlerts(projectId), otherProject);
    const { ruleId } = route;
    if (ruleId === undefined) return;
    const otherRule = logsOf !== ruleId;
    logsOf = ruleId;
    void ctx.load('alertDeliveries', () => api.alertDeliveries(ruleId), otherRule);
    void ctx.load('alertEvaluations', () => api.alertEvaluations(ruleId), otherRule);
  }

  function refresh() {
    const { route } = ctx.state();
    if (route.name === 'alerts') loadAlertsPage(route, ctx.state().project);
  }

  const actions: AlertActions = {
    newAlertRule: () =>
      setUi({ editor: { ruleId: undefined, form: emptyRuleForm(), busy: false, errors: {} } }),
    editAlertRule(ruleId) {
      const rule = rulesIn(ctx.state().alertRules).find((r) => r.id === ruleId);
      if (rule) setUi({ editor: { ruleId, form: formFromRule(rule), busy: false, errors: {} } });
    },
    editAlertForm(patch) {
      const editor = ui().editor;
      if (editor) setForm({ ...editor.form, ...patch });
    },
    editAlertChannel(index, patch) {
      const editor = ui().editor;
      if (!editor) return;
      setForm({
        ...editor.form,
        channels: editor.form.channels.map((c, i) => (i === index ? { ...c, ...patch } : c)),
      });
    },
    addAlertChannel() {
      const editor = ui().editor;
      if (editor) setForm({ ...editor.form, channels: [...editor.form.channels, emptyChannel()] });
    },
    removeAlertChannel(index) {
      const editor = ui().editor;
      if (editor) setForm({ ...editor.form, channels: editor.form.channels.filter((_, i) => i !== index) });
    },
    cancelAlertEdit: () => setUi({ editor: undefined }),
    saveAlertRule() {
      const editor = ui().editor;
      if (!editor || editor.busy) return;
      const projectId = ctx.state().project;
      const body = ruleFromForm(editor.form);
      setEditor({ busy: true, errors: {} });
      const saving =
        editor.ruleId === undefined
          ? api.createAlertRule(projectId, body)
          : api.updateAlertRule(editor.ruleId, body);
      saving.then(
        (rule) => {
          const secrets = newSecrets(rule);
          setUi({
            editor: undefined,
            secrets: secrets.length > 0 ? { ruleId: rule.id, channels: secrets } : undefined,
          });
          ctx.set({ flash: `Alert rule ${rule.name} saved` });
          ctx.go(alertsHref(linkProject(projectId), rule.id));
        },
        (error: unknown) => {
          const field = error instanceof ApiError && error.status === 400 ? formFieldOf(error.field) : 'form';
          const message = error instanceof ApiError ? error.detail : errorMessage(error);
          setEditor({ busy: false, errors: { [field]: message } });
        },
      );
    },
    askDeleteAlertRule: (ruleId) => setUi({ confirmDelete: ruleId }),
    confirmDeleteAlertRule(confirmed) {
      const ruleId = ui().confirmDelete;
      setUi({ confirmDelete: undefined });
      if (!confirmed || ruleId === undefined) return;
      api.deleteAlertRule(ruleId).then(
        () => {
          ctx.set({ flash: 'Alert rule deleted', notice: undefined });
          const { route } = ctx.state();
          if (route.name === 'alerts' && route.ruleId === ruleId)
            ctx.go(alertsHref(linkProject(ctx.state().project)));
          else refresh();
        },
        (error: unknown) => ctx.set({ notice: errorMessage(error) }),
      );
    },
    testAlertRule(ruleId) {
      setUi({ test: { ruleId, busy: true, results: undefined, error: undefined } });
      api.testAlertRule(ruleId).then(
        ({ items }) => {
          setUi({ test: { ruleId, busy: false, results: items, error: undefined } });
          refresh();
        },
        (error: unknown) =>
          setUi({ test: { ruleId, busy: false, results: undefined, error: errorMessage(error) } }),
      );
    },
    redeliverAlert(deliveryId) {
      api.redeliverAlert(deliveryId).then(
        () => {
          ctx.set({ flash: `Delivery ${deliveryId} queued again`, notice: undefined });
          refresh();
        },
        (error: unknown) => ctx.set({ notice: errorMessage(error) }),
      );
    },
    olderAlertEvaluations() {
      const { route } = ctx.state();
      const page = ctx.state().alertEvaluations.data;
      if (route.name !== 'alerts' || route.ruleId === undefined || !page?.nextCursor) return;
      const { ruleId } = route;
      const cursor = page.nextCursor;
      void ctx.load('alertEvaluations', async () => {
        const next = await api.alertEvaluations(ruleId, cursor);
        return { items: [...page.items, ...next.items], nextCursor: next.nextCursor };
      });
    },
    dismissAlertSecrets: () => setUi({ secrets: undefined }),
    refreshAlerts: refresh,
  };

  return { actions, loadAlertsPage };
}
