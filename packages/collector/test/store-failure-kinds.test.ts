/**
 * Which driver failures mean "the store cannot answer now" (503 + Retry-After, by kind) and which
 * are bugs or bad data that must pass through unchanged (a content error of one batch, or a 500).
 * The errors are shaped as pg, Node's sockets and better-sqlite3 throw them.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pgFailure } from '../src/store/postgres/pg-errors.js';
import { sqliteFailure } from '../src/store/sqlite/sqlite-errors.js';
import { isStoreUnavailable, StoreUnavailableError } from '../src/store/store-errors.js';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

function kindOf(error: unknown): string | undefined {
  return isStoreUnavailable(error) ? error.kind : undefined;
}

test('PostgreSQL: connection, timeout and resource failures are unavailability; SQL errors are not', () => {
  const cases: [Error, string | undefined][] = [
    [withCode('57P01', 'terminating connection due to administrator command'), 'connection'],
    [withCode('57P02'), 'connection'],
    [withCode('57P03', 'the database system is starting up'), 'connection'],
    [withCode('08006'), 'connection'],
    [withCode('08001'), 'connection'],
    [withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'connection'],
    [withCode('ECONNRESET'), 'connection'],
    [new Error('Connection terminated unexpectedly'), 'connection'],
    [new Error('Client has encountered a connection error and is not queryable'), 'connection'],
    [withCode('57014', 'canceling statement due to statement timeout'), 'timeout'],
    [withCode('55P03', 'canceling statement due to lock timeout'), 'timeout'],
    [new Error('timeout exceeded when trying to connect'), 'timeout'],
    [new Error('Connection terminated due to connection timeout'), 'timeout'],
    [new Error('Query read timeout'), 'timeout'],
    [withCode('53100', 'could not extend file: No space left on device'), 'disk'],
    [new Error('Cannot use a pool after calling end on the pool'), 'closed'],
    [withCode('23505', 'duplicate key value violates unique constraint'), undefined],
    [withCode('42P01', 'relation "issues" does not exist'), undefined],
    [withCode('40P01', 'deadlock detected'), undefined],
    [new TypeError('Cannot read properties of undefined'), undefined],
  ];
  for (const [error, kind] of cases) {
    const mapped = pgFailure(error);
    assert.equal(kindOf(mapped), kind, error.message);
    if (kind === undefined) assert.equal(mapped, error, 'passed through unchanged');
    else assert.equal((mapped as StoreUnavailableError).cause, error, 'the original is the cause');
  }
});

test('SQLite: a full or failing disk and a closed store are unavailability; constraints are not', () => {
  const cases: [Error, string | undefined][] = [
    [withCode('SQLITE_FULL', 'database or disk is full'), 'disk'],
    [withCode('SQLITE_IOERR_FSYNC', 'disk I/O error'), 'disk'],
    [withCode('SQLITE_IOERR', 'disk I/O error'), 'disk'],
    [withCode('SQLITE_READONLY', 'attempt to write a readonly database'), 'disk'],
    [withCode('ENOSPC', 'no space left on device, fdatasync'), 'disk'],
    [withCode('EIO', 'i/o error, fdatasync'), 'disk'],
    [new TypeError('The database connection is not open'), 'closed'],
    [withCode('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: events.event_id'), undefined],
    [withCode('SQLITE_ERROR', 'no such table: issues'), undefined],
    [withCode('SQLITE_IOERRX'), undefined],
  ];
  for (const [error, kind] of cases) {
    const mapped = sqliteFailure(error);
    assert.equal(kindOf(mapped), kind, error.message);
    if (kind === undefined) assert.equal(mapped, error, 'passed through unchanged');
  }
});

test('a StoreUnavailableError passes through either mapping unchanged', () => {
  const error = new StoreUnavailableError('locked', 'held by a shell', { retryAfterS: 3 });
  assert.equal(pgFailure(error), error);
  assert.equal(sqliteFailure(error), error);
});
