/**
 * The typed read-API client: a fetch wrapper with no framework in it (house style 15). It
 * authenticates with the session cookie (the browser sends it; page scripts never see it) and
 * adds the CSRF token the collector handed out at login to every state-changing request.
 */

import {
  ALERT_DELIVERIES_SHOWN,
  ALERT_EVALUATIONS_PAGE_SIZE,
  EVENTS_PAGE_SIZE,
  GATE_VERDICTS_SHOWN,
  ISSUE_ALERTS_SHOWN,
  RATE_INCIDENTS_SHOWN,
  TIMELINE_PAGE_SIZE,
} from '../limits.js';
import type { ruleFromForm } from './alert-form.js';
import type { AlertDelivery, AlertEvaluation, AlertRule, AlertTestResult } from './alert-types.js';
import { ApiError } from './api-error.js';
import { ENDPOINTS, type Endpoint, pathOf } from './endpoints.js';
import { type EventTag, tagParam } from './event-tag.js';
import type { FingerprintRule, FingerprintRulesPreview } from './fingerprint-rule-types.js';
import type { GateVerdictRecord } from './gate-types.js';
import type { IssueFilters } from './issue-filters.js';
import { filtersToApiQuery } from './issue-filters.js';
import type { IssueFingerprint, MergeResult, UnmergeResult } from './merge-types.js';
import type { RateIncident } from './rate-incidents.js';
import { type RatesView, ratesToApiQuery } from './rates-query.js';
import type { Silence, SilenceBody } from './silence-types.js';
import type { IssueActivity, IssueComment } from './team-types.js';
import type { ApiToken, NewApiToken, TokenBody } from './token-types.js';
import type {
  Attachment,
  Credentials,
  DiscardTotal,
  EventRecord,
  EventSummary,
  Incident,
  Issue,
  IssueStatus,
  IssueWithEvent,
  Key,
  Page,
  Project,
  ProjectSettings,
  Rates,
  ReleaseDetail,
  ReleaseHealth,
  SampledIncident,
  Session,
  SnoozeCondition,
  TagFacet,
  Trace,
} from './types.js';

export const CSRF_HEADER = 'x-faultline-csrf';

export interface ApiClientOptions {
  /** The collector's origin; '' means the page's own (the collector serves the dashboard). */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export interface ApiClient {
  login(credentials: Credentials): Promise<Session>;
  /** The current session, or undefined when the cookie is missing or expired. */
  session(): Promise<Session | undefined>;
  logout(): Promise<void>;
  listIssues(projectId: number, filters: IssueFilters): Promise<Page<Issue>>;
  /** Every project's issues the session may read, merged in the list's order. */
  listIssuesAcross(filters: IssueFilters): Promise<Page<Issue>>;
  getIssue(issueId: number): Promise<IssueWithEvent>;
  /** Sets the status; with `ignored`, `ignoreUntil` is the snooze condition (none: forever). */
  updateIssue(issueId: number, status: IssueStatus, ignoreUntil?: SnoozeCondition): Promise<Issue>;
  /** Deletes the issue; `discard`: its fingerprint's later events are discarded, not stored. */
  deleteIssue(issueId: number, discard: boolean): Promise<void>;
  /** Merges issues of a project into the one with the most events. */
  mergeIssues(projectId: number, issueIds: readonly number[]): Promise<MergeResult>;
  /** Moves a merged fingerprint back out to its own issue. */
  unmergeIssue(issueId: number, fingerprint: string): Promise<UnmergeResult>;
  issueFingerprints(issueId: number): Promise<{ items: IssueFingerprint[] }>;
  /** Assigns the issue to the user with this email; null: to nobody. */
  assignIssue(issueId: number, assignee: string | null): Promise<Issue>;
  /** The issue's comments, newest first. */
  listComments(issueId: number): Promise<Page<IssueComment>>;
  addComment(issueId: number, text: string): Promise<IssueComment>;
  deleteComment(issueId: number, commentId: number): Promise<void>;
  /** The issue's history, newest first; `cursor`: the page after it. */
  issueActivity(issueId: number, cursor?: string): Promise<Page<IssueActivity>>;
  /** Whom an issue can be assigned to (emails only). */
  listUsers(): Promise<{ items: { email: string }[] }>;
  incident(id: string): Promise<Incident | SampledIncident>;
  listKeys(projectId: number): Promise<{ items: Key[] }>;
  createKey(projectId: number): Promise<Key>;
  listProjects(): Promise<{ items: Project[] }>;
  createProject(name: string): Promise<Project & { keys: Key[] }>;
  updateProject(projectId: number, settings: Partial<ProjectSettings>): Promise<Project>;
  /** What the project's events lost before storage since `since` (a duration such as `30d`). */
  discards(projectId: number, since: string): Promise<{ items: DiscardTotal[] }>;
  /** What these fingerprint rules would regroup among the project's stored events (nothing saved). */
  previewFingerprintRules(projectId: number, rules: FingerprintRule[]): Promise<FingerprintRulesPreview>;
  /** Events of an issue, newest first, EVENTS_PAGE_SIZE at a time; with `tag`, those carrying it. */
  listEvents(issueId: number, cursor?: string, tag?: EventTag): Promise<Page<EventSummary>>;
  /** The issue's tag keys, each with its commonest values. */
  issueTags(issueId: number): Promise<{ items: TagFacet[] }>;
  /** An event id is unique only within a project: without `projectId`, the newest of any. */
  getEvent(eventId: string, projectId?: number): Promise<EventRecord>;
  /** The attachments of an event of a project (no bytes). */
  listAttachments(eventId: string, projectId: number): Promise<{ items: Attachment[] }>;
  /** One project's 5xx rates. */
  rates(view: RatesView, projectId: number): Promise<Rates>;
  /** One project's releases, newest first. */
  releases(projectId: number): Promise<{ items: ReleaseHealth[] }>;
  trace(traceId: string): Promise<Trace>;
  listAlertRules(projectId: number): Promise<{ items: AlertRule[] }>;
  /** The answer is the one place a new webhook channel's secret is shown whole. */
  createAlertRule(projectId: number, body: AlertRuleInput): Promise<AlertRule>;
  updateAlertRule(ruleId: number, body: AlertRuleInput): Promise<AlertRule>;
  deleteAlertRule(ruleId: number): Promise<void>;
  /** A test notification through every enabled channel, sent the way real alerts are. */
  testAlertRule(ruleId: number): Promise<{ items: AlertTestResult[] }>;
  /** A rule's decisions, newest first. */
  alertEvaluations(ruleId: number, cursor?: string): Promise<Page<AlertEvaluation>>;
  /** A rule's deliveries, failures first. */
  alertDeliveries(ruleId: number): Promise<{ items: AlertDelivery[] }>;
  redeliverAlert(deliveryId: number): Promise<AlertDelivery>;
  /** The project's newest alerts; with `issueId`, those about that issue. */
  projectAlerts(projectId: number, issueId?: number): Promise<{ items: AlertDelivery[] }>;
  /** The project's silences that hold now, newest first. */
  listSilences(projectId: number): Promise<{ items: Silence[] }>;
  createSilence(projectId: number, body: SilenceBody): Promise<Silence>;
  /** Ends a silence now. */
  expireSilence(silenceId: number): Promise<Silence>;
  /** The canary verdicts asked for with `release` as either arm, newest first. */
  gateVerdicts(projectId: number, release: string): Promise<{ items: GateVerdictRecord[] }>;
  releaseDetail(projectId: number, version: string): Promise<ReleaseDetail>;
  /** The project's rate alert incidents, newest first. */
  alertIncidents(projectId: number): Promise<{ items: RateIncident[] }>;
  /** Every API token, never the token itself (admin sessions only). */
  listTokens(): Promise<{ items: ApiToken[] }>;
  /** The answer is the one place the new token is shown whole. */
  createToken(body: TokenBody): Promise<NewApiToken>;
  revokeToken(tokenId: number): Promise<void>;
}

/** What POST and PATCH of a rule take: the form's JSON. */
export type AlertRuleInput = ReturnType<typeof ruleFromForm>;

interface Call {
  params?: Record<string, string | number>;
  query?: URLSearchParams;
  body?: unknown;
}

interface ProblemText {
  text: string;
  detail: string;
  field: string | undefined;
  code: string | undefined;
}

async function problemOf(res: Response): Promise<ProblemText> {
  try {
    const problem = (await res.json()) as {
      title?: unknown;
      detail?: unknown;
      field?: unknown;
      code?: unknown;
    };
    const words = [problem.title, problem.detail].filter((s): s is string => typeof s === 'string');
    const text = words.join(': ') || res.statusText;
    return {
      text,
      detail: words.at(-1) ?? text,
      field: typeof problem.field === 'string' ? problem.field : undefined,
      code: typeof problem.code === 'string' ? problem.code : undefined,
    };
  } catch {
    return { text: res.statusText, detail: res.statusText, field: undefined, code: undefined };
  }
}

/**
 * @example
 * const api = createApiClient();
 * await api.login({ email, password }); // or { token }
 * const page = await api.listIssues(1, { status: 'unresolved' });
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const base = options.baseUrl ?? '';
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let csrfToken: string | undefined;

  async function call<T>(endpoint: Endpoint, { params, query, body }: Call = {}): Promise<T> {
    const path = pathOf(endpoint.path, params);
    const qs = query?.toString();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (endpoint.method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
    const res = await fetchFn(`${base}${path}${qs ? `?${qs}` : ''}`, {
      method: endpoint.method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) {
      const problem = await problemOf(res);
      throw new ApiError(
        res.status,
        problem.text,
        endpoint.method,
        path,
        problem.field,
        problem.detail,
        problem.code,
      );
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  const remember = (session: Session) => {
    csrfToken = session.csrfToken;
    return session;
  };

  return {
    login: async (credentials) => remember(await call<Session>(ENDPOINTS.login, { body: credentials })),
    async session() {
      try {
        return remember(await call<Session>(ENDPOINTS.session));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return undefined;
        throw error;
      }
    },
    async logout() {
      await call<void>(ENDPOINTS.logout);
      csrfToken = undefined;
    },
    listIssues: (projectId, filters) =>
      call(ENDPOINTS.listIssues, { params: { projectId }, query: filtersToApiQuery(filters) }),
    listIssuesAcross: (filters) => call(ENDPOINTS.listIssuesAcross, { query: filtersToApiQuery(filters) }),
    getIssue: (issueId) => call(ENDPOINTS.getIssue, { params: { issueId } }),
    updateIssue: (issueId, status, ignoreUntil) =>
      call(ENDPOINTS.updateIssue, {
        params: { issueId },
        body: ignoreUntil ? { status, ignoreUntil } : { status },
      }),
    deleteIssue: (issueId, discard) =>
      call(ENDPOINTS.deleteIssue, {
        params: { issueId },
        ...(discard ? { query: new URLSearchParams({ discard: 'true' }) } : {}),
      }),
    mergeIssues: (projectId, issueIds) =>
      call(ENDPOINTS.mergeIssues, { params: { projectId }, body: { issueIds: [...issueIds] } }),
    unmergeIssue: (issueId, fingerprint) =>
      call(ENDPOINTS.unmergeIssue, { params: { issueId }, body: { fingerprint } }),
    issueFingerprints: (issueId) => call(ENDPOINTS.issueFingerprints, { params: { issueId } }),
    assignIssue: (issueId, assignee) =>
      call(ENDPOINTS.updateIssue, { params: { issueId }, body: { assignee } }),
    listComments: (issueId) =>
      call(ENDPOINTS.listComments, {
        params: { issueId },
        query: new URLSearchParams({ limit: String(TIMELINE_PAGE_SIZE) }),
      }),
    addComment: (issueId, text) => call(ENDPOINTS.addComment, { params: { issueId }, body: { text } }),
    deleteComment: (issueId, commentId) => call(ENDPOINTS.deleteComment, { params: { issueId, commentId } }),
    issueActivity: (issueId, cursor) => {
      const query = new URLSearchParams({ limit: String(TIMELINE_PAGE_SIZE) });
      if (cursor) query.set('cursor', cursor);
      return call(ENDPOINTS.issueActivity, { params: { issueId }, query });
    },
    listUsers: () => call(ENDPOINTS.listUsers),
    incident: (id) => call(ENDPOINTS.incident, { params: { id } }),
    listKeys: (projectId) => call(ENDPOINTS.listKeys, { params: { projectId } }),
    createKey: (projectId) => call(ENDPOINTS.createKey, { params: { projectId }, body: {} }),
    listProjects: () => call(ENDPOINTS.listProjects),
    createProject: (name) => call(ENDPOINTS.createProject, { body: { name } }),
    updateProject: (projectId, settings) =>
      call(ENDPOINTS.updateProject, { params: { projectId }, body: settings }),
    previewFingerprintRules: (projectId, rules) =>
      call(ENDPOINTS.previewFingerprintRules, { params: { projectId }, body: { rules } }),
    discards: (projectId, since) =>
      call(ENDPOINTS.discards, { params: { projectId }, query: new URLSearchParams({ since }) }),
    listEvents(issueId, cursor, tag) {
      const query = new URLSearchParams({ limit: String(EVENTS_PAGE_SIZE) });
      if (cursor) query.set('cursor', cursor);
      if (tag) query.set('tag', tagParam(tag));
      return call(ENDPOINTS.listEvents, { params: { issueId }, query });
    },
    issueTags: (issueId) => call(ENDPOINTS.issueTags, { params: { issueId } }),
    getEvent: (eventId, projectId) =>
      call(ENDPOINTS.getEvent, {
        params: { eventId },
        ...(projectId === undefined ? {} : { query: new URLSearchParams({ project: String(projectId) }) }),
      }),
    listAttachments: (eventId, projectId) =>
      call(ENDPOINTS.listAttachments, {
        params: { eventId },
        query: new URLSearchParams({ project: String(projectId) }),
      }),
    rates: (view, projectId) => call(ENDPOINTS.rates, { query: ratesToApiQuery(view, projectId) }),
    releases: (projectId) =>
      call(ENDPOINTS.releases, { query: new URLSearchParams({ project: String(projectId) }) }),
    trace: (traceId) => call(ENDPOINTS.trace, { params: { traceId } }),
    listAlertRules: (projectId) => call(ENDPOINTS.listAlertRules, { params: { projectId } }),
    createAlertRule: (projectId, body) => call(ENDPOINTS.createAlertRule, { params: { projectId }, body }),
    updateAlertRule: (ruleId, body) => call(ENDPOINTS.updateAlertRule, { params: { ruleId }, body }),
    deleteAlertRule: (ruleId) => call(ENDPOINTS.deleteAlertRule, { params: { ruleId } }),
    testAlertRule: (ruleId) => call(ENDPOINTS.testAlertRule, { params: { ruleId }, body: {} }),
    alertEvaluations(ruleId, cursor) {
      const query = new URLSearchParams({ limit: String(ALERT_EVALUATIONS_PAGE_SIZE) });
      if (cursor) query.set('cursor', cursor);
      return call(ENDPOINTS.alertEvaluations, { params: { ruleId }, query });
    },
    alertDeliveries: (ruleId) =>
      call(ENDPOINTS.alertDeliveries, {
        params: { ruleId },
        query: new URLSearchParams({ limit: String(ALERT_DELIVERIES_SHOWN) }),
      }),
    projectAlerts(projectId, issueId) {
      const query = new URLSearchParams({
        limit: String(issueId === undefined ? ALERT_DELIVERIES_SHOWN : ISSUE_ALERTS_SHOWN),
      });
      if (issueId !== undefined) query.set('issueId', String(issueId));
      return call(ENDPOINTS.projectAlerts, { params: { projectId }, query });
    },
    redeliverAlert: (deliveryId) => call(ENDPOINTS.redeliverAlert, { params: { deliveryId }, body: {} }),
    listSilences: (projectId) => call(ENDPOINTS.listSilences, { params: { projectId } }),
    createSilence: (projectId, body) => call(ENDPOINTS.createSilence, { params: { projectId }, body }),
    expireSilence: (silenceId) => call(ENDPOINTS.expireSilence, { params: { silenceId }, body: {} }),
    alertIncidents: (projectId) =>
      call(ENDPOINTS.alertIncidents, {
        params: { projectId },
        query: new URLSearchParams({ limit: String(RATE_INCIDENTS_SHOWN) }),
      }),
    gateVerdicts: (projectId, release) =>
      call(ENDPOINTS.gateVerdicts, {
        query: new URLSearchParams({
          project: String(projectId),
          release,
          limit: String(GATE_VERDICTS_SHOWN),
        }),
      }),
    releaseDetail: (projectId, version) => call(ENDPOINTS.releaseDetail, { params: { projectId, version } }),
    listTokens: () => call(ENDPOINTS.listTokens),
    createToken: (body) => call(ENDPOINTS.createToken, { body }),
    revokeToken: (tokenId) => call(ENDPOINTS.revokeToken, { params: { tokenId } }),
  };
}
