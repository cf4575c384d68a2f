/**
 * The dashboard's behaviour without its looks: it owns the state, runs API calls through the
 * query reducer, follows the URL, and tells the render loop when something changed. No
 * framework code here either; views call the `Actions` it returns.
 */

import { errorMessage } from '../api/api-error.js';
import { runBulk } from '../api/bulk.js';
import type { ApiClient } from '../api/client.js';
import { toCurl } from '../api/curl.js';
import { requestOf } from '../api/event-data.js';
import { appendPage, nextMatches, pagerPosition } from '../api/event-pager.js';
import { type EventTag, sameTag, tagParam } from '../api/event-tag.js';
import { failureOf } from '../api/failure.js';
import { filtersFromForm, type InboundFiltersForm } from '../api/inbound-filters-form.js';
import type { IssueFilters } from '../api/issue-filters.js';
import { type SettingsForm, settingsFromForm } from '../api/project-settings.js';
import { type QueryAction, type QueryState, queryReducer } from '../api/query-state.js';
import { fittingRange, type RatesView } from '../api/rates-query.js';
import { shownEvent } from '../api/shown-event.js';
import type { Credentials, EventRecord, Issue, IssueStatus, Page } from '../api/types.js';
import {
  BULK_CONCURRENCY,
  DISCARDS_SINCE,
  MAX_EMPTY_SEARCH_PAGES,
  MAX_LOOKUP_ID_CHARS,
  MAX_PROJECT_NAME_CHARS,
} from '../limits.js';
import { type AlertActions, createAlertActions } from './alert-actions.js';
import { type AppState, initialState, initialTokensUi } from './app-state.js';
import { DEFAULT_PROJECT_ID, linkProject, projectHref, shownProject } from './current-project.js';
import { createFingerprintRuleActions, type FingerprintRuleActions } from './fingerprint-rule-actions.js';
import { createIssueStatusActions, type IssueStatusActions } from './issue-status-actions.js';
import { type KeyCommand, moveCursor } from './keyboard.js';
import { createMergeActions, type MergeActions } from './merge-actions.js';
import {
  ALL_PROJECTS,
  eventTagOf,
  issueHref,
  issuesHref,
  parseRoute,
  ratesHref,
  settingsHref,
} from './routes.js';
import { createSilenceActions, type SilenceActions } from './silence-actions.js';
import { createTeamActions, type TeamActions } from './team-actions.js';
import { createTokenActions, type TokenActions } from './token-actions.js';

export interface Actions
  extends AlertActions,
    SilenceActions,
    TokenActions,
    FingerprintRuleActions,
    IssueStatusActions,
    MergeActions,
    TeamActions {
  login(credentials: Credentials): void;
  logout(): void;
  /** An in-app link: push the URL and load its page. */
  navigate(href: string): void;
  setFilters(filters: IssueFilters): void;
  /** The header's project selector: the same page for that project (an issue page: its list). */
  selectProject(projectId: number): void;
  setStatus(issueId: number, status: IssueStatus): void;
  lookup(id: string): void;
  copyCurl(event: EventRecord): void;
  /** Ticks or unticks one issue of the list. */
  toggleSelected(issueId: number): void;
  /** Ticks every issue of the list, or none. */
  selectAll(on: boolean): void;
  /** Sets the status of every ticked issue. */
  bulkSetStatus(status: IssueStatus): void;
  /** A keyboard command on the issue list; false when it means nothing on this page. */
  key(command: KeyCommand): boolean;
  /** The issue page's pager: the next older event, loading the next page of events if needed. */
  olderEvent(): void;
  /** The issue page's events narrowed to those carrying `tag` (a facet clicked); undefined: all. */
  filterEvents(tag: EventTag | undefined): void;
  setRatesView(view: RatesView): void;
  createProject(name: string): void;
  createKey(projectId: number): void;
  saveSettings(projectId: number, form: SettingsForm): void;
  saveInboundFilters(projectId: number, form: InboundFiltersForm): void;
  /** Copies a value (a DSN) to the clipboard and says so. */
  copyText(text: string, what: string): void;
  /** Asks again for everything the page shows (a load failed and the user clicked Try again). */
  retry(): void;
}

export interface Env {
  location: { pathname: string; search: string };
  history: { pushState(data: unknown, unused: string, url: string): void };
  clipboard?: { writeText(text: string): Promise<void> };
}

type QueryKey =
  | 'issues'
  | 'issue'
  | 'attachments'
  | 'fingerprints'
  | 'event'
  | 'events'
  | 'issueTags'
  | 'keys'
  | 'rates'
  | 'releases'
  | 'trace'
  | 'projects'
  | 'projectKeys'
  | 'discards'
  | 'alertRules'
  | 'alertDeliveries'
  | 'alertEvaluations'
  | 'recentAlerts'
  | 'silences'
  | 'verdicts'
  | 'releaseDetail'
  | 'rateIncidents'
  | 'tokens'
  | 'teamUsers'
  | 'issueComments'
  | 'issueActivity';

/** What `state.events` holds: one issue's events, with one filter or none. */
const eventsKey = (issueId: number, tag: EventTag | undefined) =>
  tag === undefined ? String(issueId) : `${issueId}\n${tagParam(tag)}`;

export function createController(api: ApiClient, env: Env, onChange: (state: AppState) => void) {
  let state = initialState(parseRoute(env.location.pathname, env.location.search));
  // A response that arrives after the user moved on must not overwrite the newer page.
  const generation: Record<QueryKey, number> = {
    issues: 0,
    issue: 0,
    attachments: 0,
    fingerprints: 0,
    event: 0,
    events: 0,
    issueTags: 0,
    keys: 0,
    rates: 0,
    releases: 0,
    trace: 0,
    projects: 0,
    projectKeys: 0,
    discards: 0,
    alertRules: 0,
    alertDeliveries: 0,
    alertEvaluations: 0,
    recentAlerts: 0,
    silences: 0,
    verdicts: 0,
    releaseDetail: 0,
    rateIncidents: 0,
    tokens: 0,
    teamUsers: 0,
    issueComments: 0,
    issueActivity: 0,
  };
  /** The list row to move DOM focus to after the next render (keyboard navigation). */
  let focusRequest: number | undefined;
  /** The issue (and filter) whose events `state.events` holds: `eventsKey`. */
  let eventsOf: string | undefined;
  /** The event (project and id) whose attachments `state.attachments` holds or is asking for. */
  let attachmentsOf: string | undefined;
  /** The issue whose facets `state.issueTags` holds. */
  let tagsOf: number | undefined;
  /** The project whose keys `state.keys` holds. */
  let keysOf: number | undefined;

  const set = (patch: Partial<AppState>) => {
    const next = { ...state, ...patch };
    state = { ...next, project: shownProject(next.route, next.issue.data, state.project) };
    onChange(state);
    followShownEvent();
  };
  const dispatch = (key: QueryKey, action: QueryAction<unknown>) =>
    set({ [key]: queryReducer(state[key] as QueryState<unknown>, action) });

  /**
   * Asks for the attachments of the event the issue page shows, once per event, however it came
   * to be shown (the latest, `?event=`, a pager step).
   */
  function followShownEvent() {
    const { route } = state;
    if (route.name !== 'issue') return;
    const latest = state.issue.data?.id === route.issueId ? state.issue.data.latestEvent : undefined;
    const event = shownEvent(route.eventId, state.event.data, latest);
    if (!event || attachmentsOf === `${event.projectId}:${event.eventId}`) return;
    attachmentsOf = `${event.projectId}:${event.eventId}`;
    const { eventId, projectId } = event;
    void load(
      'attachments',
      async () => ({ eventId, projectId, items: (await api.listAttachments(eventId, projectId)).items }),
      true,
    );
  }

  async function load<T>(key: QueryKey, fetcher: () => Promise<T>, reset = false): Promise<boolean> {
    const mine = ++generation[key];
    if (reset) dispatch(key, { type: 'reset' });
    dispatch(key, { type: 'fetch' });
    try {
      const data = await fetcher();
      if (mine !== generation[key]) return false;
      dispatch(key, { type: 'success', data });
      return true;
    } catch (error) {
      if (mine === generation[key])
        dispatch(key, { type: 'error', error: errorMessage(error), failure: failureOf(error) });
      return false;
    }
  }

  /**
   * The event `eventId` of this issue. An event id is unique only within a project, and any DSN
   * key can send a copy of one into another project: when the newest event with this id is not
   * this issue's, the one of the issue's project is asked for.
   */
  async function eventOfIssue(issueId: number, eventId: string): Promise<EventRecord> {
    const event = await api.getEvent(eventId);
    if (event.issueId === issueId) return event;
    const { projectId } = await api.getIssue(issueId);
    const own = await api.getEvent(eventId, projectId);
    if (own.issueId !== issueId) throw new Error(`event ${eventId} is not one of this issue's events`);
    return own;
  }

  const alerts = createAlertActions({ api, state: () => state, set, load, go });
  const silences = createSilenceActions({ api, state: () => state, set, load, go });
  const issueStatus = createIssueStatusActions({
    api,
    state: () => state,
    set,
    refresh: () => loadRoute(true),
    leave: () => go(issuesHref({ status: 'unresolved' }, linkProject(state.project))),
  });
  const team = createTeamActions({
    api,
    state: () => state,
    set,
    load,
    reloadIssue: () => {
      const { route } = state;
      if (route.name === 'issue') void load('issue', () => api.getIssue(route.issueId));
    },
  });
  const merge = createMergeActions({ api, state: () => state, set, load, reload: () => loadRoute(true), go });
  const tokens = createTokenActions({
    api,
    state: () => state,
    set,
    load,
    copyText: (text, what) => actions.copyText(text, what),
  });

  const fingerprintRules = createFingerprintRuleActions({ api, state: () => state, set, load });

  /** The alerts fired for the issue: asked once its project is known. */
  function loadIssueAlerts(issueId: number, reset: boolean) {
    const issue = state.issue.data;
    const { route } = state;
    if (issue?.id !== issueId || route.name !== 'issue' || route.issueId !== issueId) return;
    void load('recentAlerts', () => api.projectAlerts(issue.projectId, issueId), reset);
    silences.loadSilences(issue.projectId);
  }

  function loadIssuePage(issueId: number, eventId: string | undefined, keepData: boolean) {
    // keepData: a refresh after a status change; the events list is kept either way.
    const sameIssue = state.issue.data?.id === issueId;
    void load('issue', () => api.getIssue(issueId), !keepData && !sameIssue).then(() =>
      loadIssueAlerts(issueId, !sameIssue),
    );
    merge.loadFingerprints(issueId, !sameIssue);
    team.loadTeam(issueId, !sameIssue);
    if (eventId) void load('event', () => eventOfIssue(issueId, eventId), !sameIssue);
    else dispatch('event', { type: 'reset' });
    if (tagsOf !== issueId) {
      tagsOf = issueId;
      void load('issueTags', () => api.issueTags(issueId), true);
    }
    // Pager steps within one issue keep the pages loaded so far (and where the pager is).
    const tag = eventTagOf(state.route);
    if (eventsOf !== eventsKey(issueId, tag)) {
      eventsOf = eventsKey(issueId, tag);
      const fetchPage = (cursor: string | undefined) => api.listEvents(issueId, cursor, tag);
      void load('events', () => nextMatches(fetchPage, undefined, MAX_EMPTY_SEARCH_PAGES), true).then(
        (loaded) => {
          if (loaded && tag) showNewestMatching(issueId, tag);
        },
      );
    }
  }

  /**
   * A filter without ?event= shows the newest event carrying the tag (the issue's latest may
   * not), as if the URL named it, so the pager starts there; the URL stays the filter's link.
   */
  function showNewestMatching(issueId: number, tag: EventTag) {
    const { route } = state;
    const newest = state.events.data?.items[0];
    if (route.name !== 'issue' || route.issueId !== issueId || route.eventId !== undefined) return;
    if (!sameTag(route.tag, tag) || newest === undefined) return;
    set({ route: { ...route, eventId: newest.eventId } });
    void load('event', () => eventOfIssue(issueId, newest.eventId));
  }

  async function loadSettings(projectId: number | undefined) {
    tokens.loadTokens();
    await load('projects', () => api.listProjects());
    const id = projectId ?? state.projects.data?.items[0]?.id;
    if (id !== undefined && state.route.name === 'settings') {
      void load('projectKeys', () => api.listKeys(id), true);
      void load('discards', () => api.discards(id, DISCARDS_SINCE), true);
    }
  }

  /** The empty state's DSN: another project's keys are not shown as this one's. */
  function loadKeys(projectId: number) {
    if (keysOf === projectId && state.keys.status !== 'error') return;
    keysOf = projectId;
    void load('keys', () => api.listKeys(projectId), true);
  }

  /** The header's project selector lists every project; the settings page loads them itself. */
  function loadProjectList() {
    if (state.auth !== 'signed-in' || state.route.name === 'settings' || state.projects.status === 'success')
      return;
    if (state.projects.fetchStatus === 'idle') void load('projects', () => api.listProjects());
  }

  /** The rates asked for; with no range in the URL, narrowed to the shortest one holding every
   * point (a fresh install's counts are a few dots at the edge of a day otherwise). */
  async function fittedRates(view: RatesView, projectId: number) {
    const rates = await api.rates(view, projectId);
    if (!view.auto) return rates;
    const fit = fittingRange(rates, view.since, Date.now());
    return fit === view.since
      ? rates
      : { ...(await api.rates({ ...view, since: fit }, projectId)), fitted: fit };
  }

  /** One project's issue list, or every project's (ALL_PROJECTS). */
  const issueList = (projectId: number, filters: IssueFilters) =>
    projectId === ALL_PROJECTS ? api.listIssuesAcross(filters) : api.listIssues(projectId, filters);

  /** `early`: the issue list's request, already under way (see `start`). */
  function loadRoute(keepData: boolean, early?: Promise<Page<Issue>>) {
    const { route } = state;
    if (state.auth !== 'signed-in') return;
    switch (route.name) {
      case 'issues': {
        const projectId = route.projectId ?? DEFAULT_PROJECT_ID;
        void load('issues', () => early ?? issueList(projectId, route.filters), !keepData);
        if (projectId !== ALL_PROJECTS) loadKeys(projectId);
        return;
      }
      case 'issue':
        return loadIssuePage(route.issueId, route.eventId, keepData);
      case 'rates': {
        const projectId = route.projectId ?? DEFAULT_PROJECT_ID;
        void load('rates', () => fittedRates(route.view, projectId), !keepData);
        void load('rateIncidents', () => api.alertIncidents(projectId), !keepData);
        return;
      }
      case 'releases': {
        const projectId = route.projectId ?? DEFAULT_PROJECT_ID;
        void load('releases', () => api.releases(projectId), !keepData);
        void load('discards', () => api.discards(projectId, DISCARDS_SINCE), !keepData);
        const { release } = route;
        if (release !== undefined) {
          void load('verdicts', () => api.gateVerdicts(projectId, release), true);
          void load('releaseDetail', () => api.releaseDetail(projectId, release), true);
        }
        return;
      }
      case 'trace':
        void load('trace', () => api.trace(route.traceId), !keepData);
        return;
      case 'settings':
        void loadSettings(route.projectId);
        return;
      case 'alerts':
        alerts.loadAlertsPage(route, route.projectId ?? DEFAULT_PROJECT_ID);
        silences.loadSilences(route.projectId ?? DEFAULT_PROJECT_ID);
        return;
      case 'not-found':
        return;
      default: {
        const never: never = route;
        return never;
      }
    }
  }

  function show(pathname: string, search: string) {
    const route = parseRoute(pathname, search);
    const { secrets } = state.alerts;
    // Leaving the issue (or coming back to it later) reloads its events from the newest.
    if (route.name !== 'issue' || eventsKey(route.issueId, route.tag) !== eventsOf) eventsOf = undefined;
    if (route.name !== 'issue' || route.issueId !== tagsOf) tagsOf = undefined;
    // A new list (other filters, or coming back to it) starts with no selection and no cursor.
    set({
      route,
      curl: undefined,
      notice: undefined,
      flash: undefined,
      selected: [],
      cursor: -1,
      lookup: { ...state.lookup, matches: undefined, sampled: undefined },
      // A secret shown once stays on the page of the rule just saved, and nowhere else.
      alerts: {
        editor: undefined,
        test: undefined,
        confirmDelete: undefined,
        secrets: route.name === 'alerts' && route.ruleId === secrets?.ruleId ? secrets : undefined,
      },
      silenceUi: { editor: undefined, muteBusy: false, muteError: undefined },
      // A token shown once stays while Settings is shown (another project's), and nowhere else.
      tokenUi: {
        ...initialTokensUi(),
        ...(route.name === 'settings' ? { form: state.tokenUi.form, created: state.tokenUi.created } : {}),
      },
    });
    loadRoute(false);
  }

  function go(href: string) {
    env.history.pushState(null, '', href);
    const url = new URL(href, 'http://dashboard.invalid');
    show(url.pathname, url.search);
  }

  const listItems = () => (state.route.name === 'issues' ? (state.issues.data?.items ?? []) : []);

  function toggleSelected(issueId: number) {
    const selected = state.selected.includes(issueId)
      ? state.selected.filter((id) => id !== issueId)
      : [...state.selected, issueId];
    set({ selected });
  }

  const actions: Actions = {
    ...alerts.actions,
    ...silences.actions,
    ...tokens.actions,
    ...fingerprintRules,
    ...issueStatus,
    ...merge.actions,
    ...team.actions,
    login(credentials) {
      set({ login: { busy: true, error: undefined } });
      const trimmed: Credentials =
        'token' in credentials
          ? { token: credentials.token.trim() }
          : { email: credentials.email.trim(), password: credentials.password };
      api.login(trimmed).then(
        (session) => {
          set({
            auth: 'signed-in',
            user: session.user,
            scopes: session.scopes,
            login: { busy: false, error: undefined },
          });
          loadProjectList();
          loadRoute(false);
        },
        (error: unknown) => set({ login: { busy: false, error: errorMessage(error) } }),
      );
    },
    logout() {
      api.logout().then(
        () => {
          eventsOf = undefined;
          tagsOf = undefined;
          keysOf = undefined;
          set({ ...initialState(state.route), auth: 'signed-out' });
        },
        (error: unknown) => set({ notice: errorMessage(error) }),
      );
    },
    navigate: go,
    retry: () => loadRoute(true),
    setFilters: (filters) => go(issuesHref(filters, linkProject(state.project))),
    selectProject: (projectId) => go(projectHref(state.route, projectId)),
    setStatus(issueId, status) {
      api.updateIssue(issueId, status).then(
        () => loadRoute(true),
        (error: unknown) => set({ notice: errorMessage(error) }),
      );
    },
    lookup(raw) {
      const id = raw.trim();
      if (!id || id.length > MAX_LOOKUP_ID_CHARS)
        return set({ lookup: { busy: false, error: 'not an id', matches: undefined } });
      set({ lookup: { busy: true, error: undefined, matches: undefined } });
      api.incident(id).then(
        (incident) => {
          if (incident.matchedBy === 'sampled')
            return set({
              lookup: { busy: false, error: undefined, matches: undefined, sampled: incident.sampled },
            });
          // Several events carry the id (any DSN key can send any request id): the user
          // chooses, seeing each one's project and SDK, instead of landing on one of them.
          const matches = incident.ambiguous
            ? { id, items: incident.matches, more: incident.moreMatches }
            : undefined;
          set({ lookup: { busy: false, error: undefined, matches } });
          if (!matches) go(issueHref(incident.issueId, incident.eventId));
        },
        (error: unknown) => set({ lookup: { busy: false, error: errorMessage(error), matches: undefined } }),
      );
    },
    copyCurl(event) {
      const request = requestOf(event.payload);
      if (!request) return;
      const curl = toCurl(request);
      set({ curl });
      // Clipboard access may be refused (no focus, no permission); the text stays on the page.
      env.clipboard?.writeText(curl).catch(() => undefined);
    },
    toggleSelected,
    selectAll(on) {
      set({ selected: on ? listItems().map((i) => i.id) : [] });
    },
    bulkSetStatus(status) {
      const ids = [...state.selected];
      if (ids.length === 0 || state.bulkBusy) return;
      set({ bulkBusy: true, notice: undefined, flash: undefined });
      void runBulk(ids, (id) => api.updateIssue(id, status), BULK_CONCURRENCY).then(({ done, failed }) => {
        const first = failed[0];
        set({
          bulkBusy: false,
          // What failed stays ticked, so it can be retried.
          selected: failed.map((f) => f.id),
          flash:
            done.length > 0
              ? `${done.length} issue${done.length === 1 ? '' : 's'} set to ${status}`
              : undefined,
          notice: first
            ? `${failed.length} of ${ids.length} could not be changed: ${errorMessage(first.error)}`
            : undefined,
        });
        loadRoute(true);
      });
    },
    key(command) {
      const items = listItems();
      if (items.length === 0) return false;
      const row = items[state.cursor];
      switch (command) {
        case 'next':
        case 'previous': {
          const cursor = moveCursor(state.cursor, command, items.length);
          focusRequest = cursor;
          set({ cursor });
          return true;
        }
        case 'open':
          if (!row) return false;
          go(issueHref(row.id));
          return true;
        case 'toggle':
          if (!row) return false;
          toggleSelected(row.id);
          return true;
        default: {
          const never: never = command;
          return never;
        }
      }
    },
    olderEvent() {
      const { route } = state;
      const events = state.events.data;
      if (route.name !== 'issue' || !events) return;
      const position = pagerPosition(events, route.eventId);
      if (position.older) return go(issueHref(route.issueId, position.older, route.tag));
      const cursor = events.nextCursor;
      if (cursor === null || position.index < 0) return;
      const fetchPage = (at: string | undefined) => api.listEvents(route.issueId, at, route.tag);
      void load('events', async () =>
        appendPage(events, await nextMatches(fetchPage, cursor, MAX_EMPTY_SEARCH_PAGES)),
      ).then((loaded) => {
        const after = state.events.data;
        const current = state.route;
        if (!loaded || !after || current.name !== 'issue' || current.issueId !== route.issueId) return;
        const older = pagerPosition(after, current.eventId).older;
        if (older) go(issueHref(current.issueId, older, current.tag));
      });
    },
    filterEvents(tag) {
      const { route } = state;
      if (route.name !== 'issue') return;
      // Narrowing starts at the newest match; widening again keeps the event on screen.
      go(issueHref(route.issueId, tag ? undefined : route.eventId, tag));
    },
    setRatesView: (view) => go(ratesHref(view, linkProject(state.project))),
    createProject(raw) {
      const name = raw.trim();
      if (!name || name.length > MAX_PROJECT_NAME_CHARS)
        return set({ notice: `a project name has 1-${MAX_PROJECT_NAME_CHARS} characters` });
      api.createProject(name).then(
        (project) => {
          go(settingsHref(project.id));
          set({ flash: `Project ${project.name} created` });
        },
        (error: unknown) => set({ notice: errorMessage(error) }),
      );
    },
    createKey(projectId) {
      api.createKey(projectId).then(
        () => {
          set({ flash: 'New DSN created' });
          void load('projectKeys', () => api.listKeys(projectId));
        },
        (error: unknown) => set({ notice: errorMessage(error) }),
      );
    },
    saveSettings(projectId, form) {
      const result = settingsFromForm(form);
      if (!result.ok) return set({ notice: result.problem, flash: undefined });
      set({ notice: undefined, flash: undefined });
      api.updateProject(projectId, result.settings).then(
        () => {
          set({ flash: 'Settings saved' });
          void load('projects', () => api.listProjects());
        },
        (error: unknown) => set({ notice: errorMessage(error) }),
      );
    },
    saveInboundFilters(projectId, form) {
      const result = filtersFromForm(form);
      if (!result.ok) return set({ notice: result.problem, flash: undefined });
      set({ notice: undefined, flash: undefined });
      api.updateProject(projectId, { inboundFilters: result.filters }).then(
        () => {
          set({ flash: 'Inbound filters saved' });
          void load('projects', () => api.listProjects());
        },
        (error: unknown) => set({ notice: errorMessage(error) }),
      );
    },
    copyText(text, what) {
      const refused = () =>
        set({ notice: `The browser refused the clipboard: select the ${what} and copy it` });
      if (!env.clipboard) return refused();
      env.clipboard.writeText(text).then(() => set({ flash: `${what} copied`, notice: undefined }), refused);
    },
  };

  return {
    actions,
    get state() {
      return state;
    },
    /**
     * Asks the collector whether the cookie still holds a session, then loads the page. On the
     * issue list the list's request goes out alongside the session check instead of after it
     * (one round trip sooner to the first rows); without a session its answer (a 401) is dropped.
     */
    async start() {
      const { route } = state;
      const early =
        route.name === 'issues' ? issueList(route.projectId ?? DEFAULT_PROJECT_ID, route.filters) : undefined;
      // Handled here so a 401 after a failed session check is not an unhandled rejection.
      early?.catch(() => undefined);
      try {
        const session = await api.session();
        set({
          auth: session ? 'signed-in' : 'signed-out',
          user: session?.user ?? null,
          scopes: session?.scopes ?? [],
        });
      } catch (error) {
        set({ auth: 'signed-out', login: { busy: false, error: errorMessage(error) } });
      }
      loadProjectList();
      // Back/forward during the check may have changed the page: then the early answer is not its.
      loadRoute(false, state.route === route ? early : undefined);
    },
    /** The browser's back/forward buttons. */
    popState() {
      show(env.location.pathname, env.location.search);
    },
    /** The list row to focus after this render, once (keyboard navigation moves DOM focus). */
    takeFocusRequest(): number | undefined {
      const row = focusRequest;
      focusRequest = undefined;
      return row;
    },
  };
}
