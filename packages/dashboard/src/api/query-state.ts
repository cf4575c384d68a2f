/**
 * The state of one remote read, after TanStack Query's two axes: `status` says whether there
 * is data (pending → success | error), `fetchStatus` whether a request is in flight. So "no data
 * yet" (pending + fetching) and "refreshing" (success + fetching) are different states and the
 * views can show a spinner for the first and keep the rows for the second.
 */

import type { Failure } from './failure.js';

export type QueryState<T> =
  | { status: 'pending'; fetchStatus: 'fetching' | 'idle'; data?: undefined; error?: undefined }
  | { status: 'success'; fetchStatus: 'fetching' | 'idle'; data: T; error?: undefined }
  | { status: 'error'; fetchStatus: 'fetching' | 'idle'; data?: T; error: string; failure?: Failure };

export type QueryAction<T> =
  | { type: 'fetch' }
  | { type: 'success'; data: T }
  | { type: 'error'; error: string; failure?: Failure }
  /** A new key (another issue, other filters): old data must not be shown as this one's. */
  | { type: 'reset' };

export function initialQuery<T>(): QueryState<T> {
  return { status: 'pending', fetchStatus: 'idle' };
}

/**
 * @example
 * let s = initialQuery<number>();
 * s = queryReducer(s, { type: 'fetch' }); // pending, fetching: "loading"
 * s = queryReducer(s, { type: 'success', data: 1 });
 * s = queryReducer(s, { type: 'fetch' }); // success, fetching: "refreshing"
 */
export function queryReducer<T>(state: QueryState<T>, action: QueryAction<T>): QueryState<T> {
  switch (action.type) {
    case 'fetch':
      return { ...state, fetchStatus: 'fetching' } as QueryState<T>;
    case 'success':
      return { status: 'success', fetchStatus: 'idle', data: action.data };
    case 'error': {
      const failure = action.failure ? { failure: action.failure } : {};
      return state.data === undefined
        ? { status: 'error', fetchStatus: 'idle', error: action.error, ...failure }
        : { status: 'error', fetchStatus: 'idle', data: state.data, error: action.error, ...failure };
    }
    case 'reset':
      return initialQuery();
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** The phase a view shows: separate words for a first load and a background refresh. */
export function phaseOf(state: QueryState<unknown>): 'loading' | 'refreshing' | 'error' | 'ready' | 'idle' {
  if (state.status === 'error') return 'error';
  if (state.status === 'pending') return state.fetchStatus === 'fetching' ? 'loading' : 'idle';
  return state.fetchStatus === 'fetching' ? 'refreshing' : 'ready';
}
