/** Everything the views render, in one plain object; the controller is its only writer. */

import { initialQuery, type QueryState } from '../api/query-state.js';
import type { EventRecord, Issue, IssueWithEvent, Key, Page } from '../api/types.js';
import type { Route } from './routes.js';

export interface AppState {
  route: Route;
  /** 'checking' until GET /api/v1/session answers on start-up. */
  auth: 'checking' | 'signed-out' | 'signed-in';
  login: { busy: boolean; error: string | undefined };
  issues: QueryState<Page<Issue>>;
  issue: QueryState<IssueWithEvent>;
  /** The event named by ?event= (an incident lookup lands here); else the issue's latest. */
  event: QueryState<EventRecord>;
  keys: QueryState<{ items: Key[] }>;
  lookup: { busy: boolean; error: string | undefined };
  /** The last "copy as curl" command, shown so it can be copied by hand too. */
  curl: string | undefined;
  /** A failed action (resolve, logout), shown until the next one. */
  notice: string | undefined;
}

export function initialState(route: Route): AppState {
  return {
    route,
    auth: 'checking',
    login: { busy: false, error: undefined },
    issues: initialQuery(),
    issue: initialQuery(),
    event: initialQuery(),
    keys: initialQuery(),
    lookup: { busy: false, error: undefined },
    curl: undefined,
    notice: undefined,
  };
}
