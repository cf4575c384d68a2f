/**
 * The default store: one SQLite file in a data folder, through better-sqlite3 in WAL mode.
 *
 * Durability ("acknowledged means stored", ARCHITECTURE.md): `write` resolves only after
 * COMMIT returned and, by default (`synchronous: 'full'`), after the WAL was fsynced, so an
 * acknowledged event survives a SIGKILL *and* a power loss; group commit (digest/commit.ts)
 * pays that fsync once per batch of requests. The fsync runs on libuv's thread pool, not inside
 * COMMIT (wal-sync.ts), so the event loop keeps serving requests while the disk flushes.
 * `synchronous: 'normal'` skips it: it survives SIGKILL (the WAL is already in the OS page
 * cache) but may lose the last commits on power loss, an explicit trade for disks with slow fsync.
 *
 * Two connections: the writer, used only inside the WriteQueue (one transaction at a time,
 * possibly spanning awaits), and a reader that sees only committed data, so API reads never
 * observe a half-done digest. In WAL mode the reader is never blocked by a writer, ours or
 * another process's.
 *
 * Faults: a lock held by another process (a `sqlite3` shell, a backup) is waited for on a timer,
 * never on the event loop, up to SQLITE_LOCK_WAIT_MS (write-lock.ts); a full or failing disk and
 * a closed store fail with a StoreUnavailableError (sqlite-errors.ts), answered 503. The data
 * folder is created 0700 and the database files 0600 (data-files.ts).
 */

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../limits.js';
import type { SqlExecutor } from '../sql/executor.js';
import { runMigrations } from '../sql/run-migrations.js';
import { createSqlStore } from '../sql/sql-store.js';
import type { Store } from '../store.js';
import { StoreUnavailableError } from '../store-errors.js';
import { WriteQueue } from '../write-queue.js';
import { prepareDatabaseFiles, prepareDataDir } from './data-files.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { sqliteFailure } from './sqlite-errors.js';
import { SqliteExecutor } from './sqlite-executor.js';
import { WalSync } from './wal-sync.js';
import { writeLock } from './write-lock.js';

/** The database file inside a data folder. */
export const SQLITE_FILE_NAME = 'faultline.db';

export interface SqliteStoreOptions {
  /** Folder holding `faultline.db` (created 0700 if missing). */
  dataDir?: string;
  /** Or an explicit database file path. */
  file?: string;
  /** `full` (default): durable across power loss; `normal`: across process crashes only. */
  synchronous?: 'full' | 'normal';
}

function databaseFile(options: SqliteStoreOptions): string {
  if (options.file !== undefined) return options.file;
  const dir = options.dataDir ?? '.faultline';
  prepareDataDir(dir);
  return join(dir, SQLITE_FILE_NAME);
}

/**
 * Opens (creating if needed) the SQLite store. Call `migrate()` before use.
 *
 * @example
 * const store = createSqliteStore({ dataDir: './.faultline' });
 * await store.migrate();
 */
export function createSqliteStore(options: SqliteStoreOptions = {}): Store {
  const file = databaseFile(options);
  prepareDatabaseFiles(file);
  const writer = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  writer.pragma('journal_mode = WAL');
  // FULL's per-commit fsync is done by `wal.sync()` below, off the event loop; NORMAL keeps
  // SQLite's own syncs around checkpoints.
  writer.pragma('synchronous = NORMAL');
  const wal = options.synchronous === 'normal' ? undefined : new WalSync(file);
  writer.pragma('foreign_keys = ON');
  const reader = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  reader.pragma('query_only = ON');
  const queue = new WriteQueue();
  const writeExec = new SqliteExecutor(writer);
  const begin = writeLock(writer);
  let closed = false;

  const transaction = async <T>(fn: (exec: SqlExecutor) => Promise<T>): Promise<T> => {
    // The lock wait counts from here: a transaction queued behind one that waits does not wait
    // its own SQLITE_LOCK_WAIT_MS on top.
    const requestedAt = Date.now();
    const { value, durable } = await queue.run(async () => {
      if (closed) throw new StoreUnavailableError('closed', 'the SQLite store is closed');
      await begin(requestedAt);
      try {
        const value = await fn(writeExec);
        writer.exec('COMMIT');
        // Committed, not yet durable. The fsync starts after this COMMIT, so it covers these
        // frames, and it is awaited outside the queue, so the next transaction is written while
        // this one flushes. Started here, so close() (after draining the queue) waits for it.
        return { value, durable: wal?.sync() };
      } catch (error) {
        if (writer.inTransaction) writer.exec('ROLLBACK');
        throw sqliteFailure(error);
      }
    });
    // A failed fsync rejects, so nothing is acknowledged (a retry is then a duplicate, stored once).
    await durable?.catch((error: unknown) => {
      throw sqliteFailure(error);
    });
    return value;
  };

  return createSqlStore(
    { read: new SqliteExecutor(reader), transaction },
    {
      async migrate() {
        await transaction((exec) => runMigrations(exec, SQLITE_MIGRATIONS));
      },
      async close() {
        await queue.drain();
        if (closed) return;
        closed = true;
        await wal?.close();
        reader.close();
        writer.close();
      },
    },
  );
}
