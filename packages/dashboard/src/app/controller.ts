/**
 * The dashboard's behaviour without its looks: it owns the state, runs API calls through the
 * query reducer, follows the URL, and tells the render loop when something changed. No
 * framework code here either; views call the `Actions` it returns.
 */

import { errorMessage } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import { toCurl } from '../api/curl.js';
import { requestOf } from '../api/event-data.js';
import { filtersToQuery, type IssueFilters } from '../api/issue-filters.js';
import { type QueryAction, type QueryState, queryReducer } from '../api/query-state.js';
import type { EventRecord, IssueStatus } from '../api/types.js';
import { MAX_LOOKUP_ID_CHARS } from '../limits.js';
import { type AppState, initialState } from './app-state.js';
import { issueHref, PROJECT_ID, parseRoute } from './routes.js';

export interface Actions {
  login(token: string): void;
  logout(): void;
  /** An in-app link: push the URL and load its page. */
  navigate(href: string): void;
  setFilters(filters: IssueFilters): void;
  setStatus(issueId: number, status: IssueStatus): void;
  lookup(id: string): void;
  copyCurl(event: EventRecord): void;
}

export interface Env {
  location: { pathname: string; search: string };
  history: { pushState(data: unknown, unused: string, url: string): void };
  clipboard?: { writeText(text: string): Promise<void> };
}

type QueryKey = 'issues' | 'issue' | 'event' | 'keys';

export function createController(api: ApiClient, env: Env, onChange: (state: AppState) => void) {
  let state = initialState(parseRoute(env.location.pathname, env.location.search));
  // A response that arrives after the user moved on must not overwrite the newer page.
  const generation: Record<QueryKey, number> = { issues: 0, issue: 0, event: 0, keys: 0 };

  const set = (patch: Partial<AppState>) => {
    state = { ...state, ...patch };
    onChange(state);
  };
  const dispatch = (key: QueryKey, action: QueryAction<unknown>) =>
    set({ [key]: queryReducer(state[key] as QueryState<unknown>, action) });

  async function load<T>(key: QueryKey, fetcher: () => Promise<T>, reset = false): Promise<void> {
    const mine = ++generation[key];
    if (reset) dispatch(key, { type: 'reset' });
    dispatch(key, { type: 'fetch' });
    try {
      const data = await fetcher();
      if (mine === generation[key]) dispatch(key, { type: 'success', data });
    } catch (error) {
      if (mine === generation[key]) dispatch(key, { type: 'error', error: errorMessage(error) });
    }
  }

  function loadRoute(keepData: boolean) {
    const { route } = state;
    if (state.auth !== 'signed-in') return;
    if (route.name === 'issues') {
      void load('issues', () => api.listIssues(PROJECT_ID, route.filters), !keepData);
      if (state.keys.status !== 'success') void load('keys', () => api.listKeys(PROJECT_ID));
    } else if (route.name === 'issue') {
      void load('issue', () => api.getIssue(route.issueId), !keepData);
      const { eventId } = route;
      if (eventId) void load('event', () => api.incident(eventId), true);
      else dispatch('event', { type: 'reset' });
    }
  }

  function go(href: string) {
    env.history.pushState(null, '', href);
    const url = new URL(href, 'http://dashboard.invalid');
    set({ route: parseRoute(url.pathname, url.search), curl: undefined, notice: undefined });
    loadRoute(false);
  }

  const actions: Actions = {
    login(token) {
      set({ login: { busy: true, error: undefined } });
      api.login(token.trim()).then(
        () => {
          set({ auth: 'signed-in', login: { busy: false, error: undefined } });
          loadRoute(false);
        },
        (error: unknown) => set({ login: { busy: false, error: errorMessage(error) } }),
      );
    },
    logout() {
      api.logout().then(
        () => set({ ...initialState(state.route), auth: 'signed-out' }),
        (error: unknown) => set({ notice: errorMessage(error) }),
      );
    },
    navigate: go,
    setFilters: (filters) => go(`/issues?${filtersToQuery(filters)}`),
    setStatus(issueId, status) {
      api.updateIssue(issueId, status).then(
        () => loadRoute(true),
        (error: unknown) => set({ notice: errorMessage(error) }),
      );
    },
    lookup(raw) {
      const id = raw.trim();
      if (!id || id.length > MAX_LOOKUP_ID_CHARS) return set({ lookup: { busy: false, error: 'not an id' } });
      set({ lookup: { busy: true, error: undefined } });
      api.incident(id).then(
        (event) => {
          set({ lookup: { busy: false, error: undefined } });
          go(issueHref(event.issueId, event.eventId));
        },
        (error: unknown) => set({ lookup: { busy: false, error: errorMessage(error) } }),
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
  };

  return {
    actions,
    get state() {
      return state;
    },
    /** Asks the collector whether the cookie still holds a session, then loads the page. */
    async start() {
      try {
        const session = await api.session();
        set({ auth: session ? 'signed-in' : 'signed-out' });
      } catch (error) {
        set({ auth: 'signed-out', login: { busy: false, error: errorMessage(error) } });
      }
      loadRoute(false);
    },
    /** The browser's back/forward buttons. */
    popState() {
      set({ route: parseRoute(env.location.pathname, env.location.search), curl: undefined });
      loadRoute(false);
    },
  };
}
