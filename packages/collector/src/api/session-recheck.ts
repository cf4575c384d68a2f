/**
 * Sessions live in memory while what they were made with (a user, an API token) lives in the
 * store, where another process can remove it. A session keeps a binding to it and re-reads it
 * at most once per interval; this module holds that timing, shared by session-user.ts and
 * session-token.ts. Road not taken: re-reading on every request costs a query per API call; a
 * notification channel would need one per store.
 */

import type { Session } from './session-store.js';

/** What a session keeps of the thing it re-reads: when it was last found unchanged. */
export interface Checked {
  /** At first the login; then the start of the last read that found it unchanged. */
  checkedAt: number;
}

/** False when what made the session is gone (or changed): the caller ends the session. */
export type SessionRecheck = (session: Session) => Promise<boolean>;

/**
 * `check(binding, read)` is true without reading while the binding's last check is younger than
 * `intervalMs`; else it runs `read` (once for all the requests that ask meanwhile: the dashboard
 * sends several at once) and, when that finds it unchanged, restarts the interval.
 * @example
 * const check = periodicCheck(5_000);
 * if (!(await check(session.token, () => tokenStillThere(session.token)))) sessions.delete(id);
 */
export function periodicCheck<B extends Checked>(
  intervalMs: number,
  now: () => number = Date.now,
): (binding: B, read: () => Promise<boolean>) => Promise<boolean> {
  const reading = new WeakMap<B, Promise<boolean>>();
  return async (binding, read) => {
    if (now() - binding.checkedAt < intervalMs) return true;
    let pending = reading.get(binding);
    if (pending === undefined) {
      const started = now();
      pending = read()
        .then((unchanged) => {
          if (unchanged) binding.checkedAt = Math.max(binding.checkedAt, started);
          return unchanged;
        })
        .finally(() => reading.delete(binding));
      reading.set(binding, pending);
    }
    return pending;
  };
}

/**
 * One recheck of every binding a session may have; true when each still holds.
 * @example createAuthenticator(verify, sessions, allRechecks(createUserRecheck(store), createTokenRecheck(store)))
 */
export function allRechecks(...rechecks: SessionRecheck[]): SessionRecheck {
  return async (session) => {
    for (const recheck of rechecks) if (!(await recheck(session))) return false;
    return true;
  };
}
