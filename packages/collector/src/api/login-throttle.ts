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
 * own account must not reset a spray). Memory is bounded by MAX_LOGIN_FAILURE_KEYS per map.
 *
 * The address is the one `http/client-address.ts` gives: behind a reverse proxy without
 * `trustProxy`, every client shares the proxy's address, and the per-address bound is shared.
 */

import { compositeKey } from '../composite-key.js';
import {
  LOGIN_DELAY_BASE_MS,
  LOGIN_DELAY_MAX_MS,
  LOGIN_FAILURE_MEMORY_MS,
  LOGIN_FAILURE_WINDOW_MS,
  LOGIN_FAILURES_PER_ADDRESS,
  LOGIN_FREE_FAILURES,
  MAX_LOGIN_FAILURE_KEYS,
} from '../limits.js';

export interface LoginThrottleOptions {
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A pair without a failure for this long starts again from nothing. */
  memoryMs?: number;
  perAddress?: number;
  windowMs?: number;
  maxKeys?: number;
}

export interface LoginThrottle {
  /** Seconds to wait before this login may be checked, or 0 when it may be checked now. */
  retryAfter(email: string | undefined, address: string, now: number): number;
  failed(email: string | undefined, address: string, now: number): void;
  succeeded(email: string | undefined, address: string): void;
}

/** One (account, address) pair's failures and the time before which it is refused. */
interface PairState {
  failures: number;
  lastFailureAt: number;
  until: number;
}

/** One address's failures in its current fixed window. */
interface AddressWindow {
  startedAt: number;
  failures: number;
}

/** A Map that forgets its least recently written key past `max`. */
class Bounded<V> extends Map<string, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: string, value: V): this {
    // Deleting first moves the key to the end: insertion order is write order.
    super.delete(key);
    if (this.size >= this.max) super.delete(this.keys().next().value as string);
    return super.set(key, value);
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const pairKey = (email: string, address: string) => compositeKey(email.trim().toLowerCase(), address);

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
 * const throttle = createLoginThrottle();
 * const wait = throttle.retryAfter(email, address, Date.now());
 * if (wait > 0) refuse429(wait);
 */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const delays = {
    freeFailures: options.freeFailures ?? LOGIN_FREE_FAILURES,
    baseDelayMs: options.baseDelayMs ?? LOGIN_DELAY_BASE_MS,
    maxDelayMs: options.maxDelayMs ?? LOGIN_DELAY_MAX_MS,
  };
  const memoryMs = options.memoryMs ?? LOGIN_FAILURE_MEMORY_MS;
  const perAddress = options.perAddress ?? LOGIN_FAILURES_PER_ADDRESS;
  const windowMs = options.windowMs ?? LOGIN_FAILURE_WINDOW_MS;
  const maxKeys = options.maxKeys ?? MAX_LOGIN_FAILURE_KEYS;
  const pairs = new Bounded<PairState>(maxKeys);
  const addresses = new Bounded<AddressWindow>(maxKeys);

  const pairOf = (key: string, now: number): PairState | undefined => {
    const p = pairs.get(key);
    if (p !== undefined && now - p.lastFailureAt >= memoryMs) {
      pairs.delete(key);
      return undefined;
    }
    return p;
  };
  const windowOf = (address: string, now: number): AddressWindow | undefined => {
    const w = addresses.get(address);
    if (w !== undefined && now - w.startedAt >= windowMs) {
      addresses.delete(address);
      return undefined;
    }
    return w;
  };

  return {
    retryAfter(email, address, now) {
      const w = windowOf(address, now);
      const byAddress = w !== undefined && w.failures >= perAddress ? w.startedAt + windowMs - now : 0;
      const p = email === undefined ? undefined : pairOf(pairKey(email, address), now);
      const byPair = p === undefined ? 0 : p.until - now;
      const wait = Math.max(byAddress, byPair);
      return wait > 0 ? seconds(wait) : 0;
    },
    failed(email, address, now) {
      const w = windowOf(address, now);
      addresses.set(
        address,
        w === undefined ? { startedAt: now, failures: 1 } : { ...w, failures: w.failures + 1 },
      );
      if (email === undefined) return;
      const key = pairKey(email, address);
      const failures = (pairOf(key, now)?.failures ?? 0) + 1;
      pairs.set(key, { failures, lastFailureAt: now, until: now + loginDelayMs(failures, delays) });
    },
    succeeded(email, address) {
      if (email !== undefined) pairs.delete(pairKey(email, address));
    },
  };
}
