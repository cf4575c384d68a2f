/**
 * Waiting for a lock another process holds (a `sqlite3` shell's BEGIN IMMEDIATE, a backup, a
 * checkpoint) without blocking the event loop. better-sqlite3 is synchronous: with a 5 s busy
 * timeout the whole collector, /health included, froze for 5 s at a time. Now each attempt
 * blocks at most SQLITE_BUSY_TIMEOUT_MS, and the next one is scheduled on a timer
 * (SQLITE_BUSY_RETRY_MS), until the call's deadline; then it fails 503 ('locked').
 */

import { SQLITE_BUSY_RETRY_MS, SQLITE_LOCK_WAIT_MS } from '../../limits.js';
import { StoreUnavailableError } from '../store-errors.js';
import { isBusy, sqliteFailure } from './sqlite-errors.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function retryLater<T>(attempt: () => T, started: number, deadline: number, busy: unknown): Promise<T> {
  let last = busy;
  while (Date.now() + SQLITE_BUSY_RETRY_MS <= deadline) {
    await sleep(SQLITE_BUSY_RETRY_MS);
    try {
      return attempt();
    } catch (error) {
      if (!isBusy(error)) throw sqliteFailure(error);
      last = error;
    }
  }
  throw new StoreUnavailableError(
    'locked',
    `the SQLite database is locked by another process (waited ${Date.now() - started} ms; SQLITE_LOCK_WAIT_MS is ${SQLITE_LOCK_WAIT_MS})`,
    { cause: last },
  );
}

/**
 * Runs a synchronous SQLite call. Only when it finds the database locked does it become
 * asynchronous: tried again every SQLITE_BUSY_RETRY_MS while `Date.now()` is before `deadline`,
 * then a StoreUnavailableError ('locked'). Other failures are thrown through sqliteFailure.
 * @example await withBusyRetry(() => db.exec('BEGIN IMMEDIATE'), Date.now() + SQLITE_LOCK_WAIT_MS)
 */
export function withBusyRetry<T>(
  attempt: () => T,
  deadline = Date.now() + SQLITE_LOCK_WAIT_MS,
): T | Promise<T> {
  const started = Date.now();
  try {
    return attempt();
  } catch (error) {
    if (!isBusy(error)) throw sqliteFailure(error);
    return retryLater(attempt, started, deadline, error);
  }
}
