/**
 * The typed read-API client: a fetch wrapper with no framework in it (house style 15). It
 * authenticates with the session cookie (the browser sends it; page scripts never see it) and
 * adds the CSRF token the collector handed out at login to every state-changing request.
 */

import { ApiError } from './api-error.js';
import { ENDPOINTS, type Endpoint, pathOf } from './endpoints.js';
import type { IssueFilters } from './issue-filters.js';
import { filtersToApiQuery } from './issue-filters.js';
import type { EventRecord, Issue, IssueStatus, IssueWithEvent, Key, Page, Session } from './types.js';

export const CSRF_HEADER = 'x-faultline-csrf';

export interface ApiClientOptions {
  /** The collector's origin; '' means the page's own (the collector serves the dashboard). */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export interface ApiClient {
  login(token: string): Promise<Session>;
  /** The current session, or undefined when the cookie is missing or expired. */
  session(): Promise<Session | undefined>;
  logout(): Promise<void>;
  listIssues(projectId: number, filters: IssueFilters): Promise<Page<Issue>>;
  getIssue(issueId: number): Promise<IssueWithEvent>;
  updateIssue(issueId: number, status: IssueStatus): Promise<Issue>;
  incident(id: string): Promise<EventRecord>;
  listKeys(projectId: number): Promise<{ items: Key[] }>;
}

interface Call {
  params?: Record<string, string | number>;
  query?: URLSearchParams;
  body?: unknown;
}

async function problemTitle(res: Response): Promise<string> {
  try {
    const problem = (await res.json()) as { title?: unknown; detail?: unknown };
    const text = [problem.title, problem.detail].filter((s) => typeof s === 'string').join(': ');
    return text || res.statusText;
  } catch {
    return res.statusText;
  }
}

/**
 * @example
 * const api = createApiClient();
 * await api.login(token);
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
    if (!res.ok) throw new ApiError(res.status, await problemTitle(res), endpoint.method, path);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  const remember = (session: Session) => {
    csrfToken = session.csrfToken;
    return session;
  };

  return {
    login: async (token) => remember(await call<Session>(ENDPOINTS.login, { body: { token } })),
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
    getIssue: (issueId) => call(ENDPOINTS.getIssue, { params: { issueId } }),
    updateIssue: (issueId, status) => call(ENDPOINTS.updateIssue, { params: { issueId }, body: { status } }),
    incident: (id) => call(ENDPOINTS.incident, { params: { id } }),
    listKeys: (projectId) => call(ENDPOINTS.listKeys, { params: { projectId } }),
  };
}
