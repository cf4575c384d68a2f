/**
 * Login throttling without lockouts. Failed logins are counted per (account, client address):
 * the first LOGIN_FREE_FAILURES cost nothing (typos), then each failure makes that pair wait
 * LOGIN_DELAY_BASE_MS, doubled per further failure up to LOGIN_DELAY_MAX_MS; a login arriving
 * during the wait is refused with 429 and Retry-After before any password is checked. The same
 * account from another address is never slowed, so failing someone's email cannot lock them
 * out (a fixed per-email lock could: five wrong passwords from anyone, and the owner waited 15
 * minutes). Guessing many accounts from one address meets a separate, generous bound:
 * LOGIN_FAILURES_PER_ADDRESS failures per LOGIN_FAILURE_WINDOW_MS, then that address waits for
 * the window's end. The counts do not depend on whether the email exists, so the answers reveal
 * nothing about accounts. A success clears its pair (not the address's count: an attacker's
 * own account must not reset a spray).
 *
 * The counts live in the store (migration 11), keyed by SHA-256 digests of the pair and of the
 * address, so guesses spread over several collectors on one database count together; each
 * failure is an atomic upsert, and rows past their memory or window are removed a few at a time
 * with each failure (LOGIN_FAILURE_SWEEP_ROWS), so the tables hold about the failures of the last
 * LOGIN_FAILURE_MEMORY_MS.
 *
 * The address is the one `http/client-address.ts` gives: behind a reverse proxy without
 * `trustProxy`, every client shares the proxy's address, and the per-address bound is shared.
 */

import { createHash } from 'node:crypto';
import { compositeKey } from '../composite-key.js';
import {
  LOGIN_DELAY_BASE_MS,
  LOGIN_DELAY_MAX_MS,
  LOGIN_FAILURE_MEMORY_MS,
  LOGIN_FAILURE_SWEEP_ROWS,
  LOGIN_FAILURE_WINDOW_MS,
  LOGIN_FAILURES_PER_ADDRESS,
  LOGIN_FREE_FAILURES,
} from '../limits.js';
import type { Store } from '../store/index.js';

export interface LoginThrottleOptions {
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A pair without a failure for this long starts again from nothing. */
  memoryMs?: number;
  perAddress?: number;
  windowMs?: number;
  /** Stale rows removed with each failure. */
  sweepRows?: number;
}

export interface LoginThrottle {
  /** Seconds to wait before this login may be checked, or 0 when it may be checked now. */
  retryAfter(email: string | undefined, address: string, now: number): Promise<number>;
  failed(email: string | undefined, address: string, now: number): Promise<void>;
  succeeded(email: string | undefined, address: string): Promise<void>;
}

/** Where the counts are kept: the store. */
export type LoginFailureRows = Pick<Store, 'loginFailures' | 'recordLoginFailure' | 'clearLoginFailures'>;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const digest = (s: string) => createHash('sha256').update(s).digest('base64url');
const pairHash = (email: string, address: string) =>
  digest(compositeKey(email.trim().toLowerCase(), address));
const addressHash = (address: string) => digest(address);

/**
 * The wait after a pair's `failures`-th failure: none for the free ones, then the base delay
 * doubled per failure, capped.
 * @example loginDelayMs(7, { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 900_000 }) // 2000
 */
export function loginDelayMs(
  failures: number,
  o: { freeFailures: number; baseDelayMs: number; maxDelayMs: number },
): number {
  const over = failures - o.freeFailures;
  if (over <= 0) return 0;
  // 2 ** 31 is far past any cap; clamping the exponent keeps the number finite.
  return Math.min(o.baseDelayMs * 2 ** Math.min(over - 1, 31), o.maxDelayMs);
}

/**
 * @example
 * const throttle = createLoginThrottle(store);
 * const wait = await throttle.retryAfter(email, address, Date.now());
 * if (wait > 0) refuse429(wait);
 */
export function createLoginThrottle(
  rows: LoginFailureRows,
  options: LoginThrottleOptions = {},
): LoginThrottle {
  const delays = {
    freeFailures: options.freeFailures ?? LOGIN_FREE_FAILURES,
    baseDelayMs: options.baseDelayMs ?? LOGIN_DELAY_BASE_MS,
    maxDelayMs: options.maxDelayMs ?? LOGIN_DELAY_MAX_MS,
  };
  const memoryMs = options.memoryMs ?? LOGIN_FAILURE_MEMORY_MS;
  const perAddress = options.perAddress ?? LOGIN_FAILURES_PER_ADDRESS;
  const windowMs = options.windowMs ?? LOGIN_FAILURE_WINDOW_MS;
  const sweepRows = options.sweepRows ?? LOGIN_FAILURE_SWEEP_ROWS;

  return {
    async retryAfter(email, address, now) {
      const { pair, address: w } = await rows.loginFailures(
        email === undefined ? undefined : pairHash(email, address),
        addressHash(address),
      );
      const windowLive = w !== undefined && now - w.startedAt < windowMs;
      const byAddress = windowLive && w.failures >= perAddress ? w.startedAt + windowMs - now : 0;
      // The pair waits from its last failure; the time it waits is the one its count earned.
      const pairLive = pair !== undefined && now - pair.lastFailureAt < memoryMs;
      const byPair = pairLive ? pair.lastFailureAt + loginDelayMs(pair.failures, delays) - now : 0;
      const wait = Math.max(byAddress, byPair);
      return wait > 0 ? seconds(wait) : 0;
    },
    async failed(email, address, now) {
      await rows.recordLoginFailure(
        {
          ...(email === undefined ? {} : { pairHash: pairHash(email, address) }),
          addressHash: addressHash(address),
          now,
          memoryMs,
          windowMs,
        },
        sweepRows,
      );
    },
    async succeeded(email, address) {
      if (email !== undefined) await rows.clearLoginFailures(pairHash(email, address));
    },
  };
}
