/**
 * Which SQLite (and WAL fsync) failures mean "the store cannot answer now": a full or failing
 * disk, a closed store. They become a StoreUnavailableError (503 + Retry-After); anything else
 * (a constraint, a bug) passes through unchanged. A lock held by another process is handled
 * before this, by retries on a timer (busy-retry.ts). Codes: https://www.sqlite.org/rescode.html
 */

import { StoreUnavailableError, type StoreUnavailableKind } from '../store-errors.js';

/** better-sqlite3's `code` is the extended result code's name, e.g. SQLITE_IOERR_FSYNC. */
const DISK_CODES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)(_|$)/;
/** Node's codes for a failed fsync or write of the WAL (wal-sync.ts). */
const FS_DISK_CODES = new Set(['EIO', 'ENOSPC', 'EDQUOT', 'EROFS']);
/** better-sqlite3 throws a TypeError with this message on a closed connection. */
const CLOSED_MESSAGE = /database connection is not open/i;

/**
 * True when another connection holds the lock SQLite needs now.
 * @example isBusy(error) // error.code === 'SQLITE_BUSY'
 */
export function isBusy(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

function kindOf(error: unknown): StoreUnavailableKind | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = String((error as { code?: unknown }).code ?? '');
  if (DISK_CODES.test(code) || FS_DISK_CODES.has(code)) return 'disk';
  if (CLOSED_MESSAGE.test(String((error as { message?: unknown }).message ?? ''))) return 'closed';
  return undefined;
}

/**
 * The error to throw for a failure of SQLite or of the WAL's fsync: a StoreUnavailableError
 * (original as `cause`) when the store cannot answer now, else `error` itself.
 * @example try { statement.run() } catch (e) { throw sqliteFailure(e) }
 */
export function sqliteFailure(error: unknown): unknown {
  const kind = kindOf(error);
  if (kind === undefined) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(kind, `SQLite cannot answer now (${kind}): ${detail}`, { cause: error });
}
