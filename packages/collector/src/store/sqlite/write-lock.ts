/**
 * Taking SQLite's write lock (BEGIN IMMEDIATE) for the store's writer without stalling the event
 * loop when another process holds it: the wait runs on a timer (busy-retry.ts) up to
 * SQLITE_LOCK_WAIT_MS, counted from when the transaction was asked for. Once a transaction has
 * given up, the lock is known to be held by something long (a shell, a backup): the transactions
 * after it fail at once, and at most one try per SQLITE_BUSY_RETRY_MS checks whether it is free
 * again, instead of each of them waiting (and blocking the loop SQLITE_BUSY_TIMEOUT_MS per try).
 */

import type { Database } from 'better-sqlite3';
import { SQLITE_BUSY_RETRY_MS, SQLITE_LOCK_WAIT_MS } from '../../limits.js';
import { isStoreUnavailable, StoreUnavailableError } from '../store-errors.js';
import { withBusyRetry } from './busy-retry.js';

/**
 * Returns `begin(requestedAt)`, which starts a write transaction on `writer`; `requestedAt` is
 * when the caller asked for it (Date.now()), from which its lock wait counts.
 * @example const begin = writeLock(writer); await begin(Date.now()); … writer.exec('COMMIT')
 */
export function writeLock(writer: Database): (requestedAt: number) => Promise<void> {
  let lockedOut = false;
  let lastTry = 0;
  const tryBegin = () => {
    lastTry = Date.now();
    writer.exec('BEGIN IMMEDIATE');
  };
  return async (requestedAt) => {
    if (lockedOut && Date.now() - lastTry < SQLITE_BUSY_RETRY_MS)
      throw new StoreUnavailableError('locked', 'the SQLite database is still locked by another process');
    try {
      await withBusyRetry(tryBegin, lockedOut ? 0 : requestedAt + SQLITE_LOCK_WAIT_MS);
      lockedOut = false;
    } catch (error) {
      lockedOut = isStoreUnavailable(error) && error.kind === 'locked';
      throw error;
    }
  };
}
