/**
 * Login throttling: failed logins are counted per submitted email and per client address in a
 * fixed window; past LOGIN_FAILURES_PER_EMAIL (or LOGIN_FAILURES_PER_ADDRESS) the login is refused
 * with 429 and Retry-After before any password is checked, so guessing costs the attacker the
 * window. The count does not depend on whether the email exists, so the answer reveals nothing
 * about accounts. A success clears its email's count. Memory is bounded by MAX_LOGIN_FAILURE_KEYS.
 */

import {
  LOGIN_FAILURE_WINDOW_MS,
  LOGIN_FAILURES_PER_ADDRESS,
  LOGIN_FAILURES_PER_EMAIL,
  MAX_LOGIN_FAILURE_KEYS,
} from '../limits-api.js';

interface Window {
  startedAt: number;
  failures: number;
}

export interface LoginThrottleOptions {
  perEmail?: number;
  perAddress?: number;
  windowMs?: number;
  maxKeys?: number;
}

export interface LoginThrottle {
  /** Seconds to wait before trying again, or 0 when this login may be checked. */
  retryAfter(email: string | undefined, address: string, now: number): number;
  failed(email: string | undefined, address: string, now: number): void;
  succeeded(email: string | undefined): void;
}

const emailKey = (email: string) => `e:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `a:${address}`;

/**
 * @example
 * const throttle = createLoginThrottle();
 * if (throttle.retryAfter(email, ip, Date.now()) > 0) refuse429();
 */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const perEmail = options.perEmail ?? LOGIN_FAILURES_PER_EMAIL;
  const perAddress = options.perAddress ?? LOGIN_FAILURES_PER_ADDRESS;
  const windowMs = options.windowMs ?? LOGIN_FAILURE_WINDOW_MS;
  const maxKeys = options.maxKeys ?? MAX_LOGIN_FAILURE_KEYS;
  // Insertion order is age order: the first key is the oldest window.
  const windows = new Map<string, Window>();

  const current = (key: string, now: number): Window | undefined => {
    const w = windows.get(key);
    if (w !== undefined && now - w.startedAt >= windowMs) {
      windows.delete(key);
      return undefined;
    }
    return w;
  };
  const wait = (key: string, limit: number, now: number): number => {
    const w = current(key, now);
    return w !== undefined && w.failures >= limit ? Math.ceil((w.startedAt + windowMs - now) / 1000) : 0;
  };
  const count = (key: string, now: number): void => {
    const w = current(key, now);
    if (w !== undefined) {
      w.failures++;
      return;
    }
    if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
    windows.set(key, { startedAt: now, failures: 1 });
  };

  return {
    retryAfter(email, address, now) {
      const byAddress = wait(addressKey(address), perAddress, now);
      return Math.max(byAddress, email === undefined ? 0 : wait(emailKey(email), perEmail, now));
    },
    failed(email, address, now) {
      count(addressKey(address), now);
      if (email !== undefined) count(emailKey(email), now);
    },
    succeeded(email) {
      if (email !== undefined) windows.delete(emailKey(email));
    },
  };
}
