/**
 * The fsync of SQLite's write-ahead log, off the event loop. With `synchronous=FULL` SQLite
 * fsyncs the WAL inside COMMIT, which blocks the collector's only thread for the disk's whole
 * flush (3-5 ms a commit on the bench machine, a quarter of its time at full rate). Instead the
 * writer runs `synchronous=NORMAL` (COMMIT only write()s the frames) and the store calls
 * `sync()` after each COMMIT: an fdatasync of the same WAL file on libuv's thread pool, awaited
 * before the write resolves. An acknowledged event is therefore on disk exactly as with FULL;
 * what changes is that a reader may see a commit a few ms before it is durable (and lose it with
 * a power cut, unacknowledged). SQLite itself still syncs around checkpoints (NORMAL keeps those).
 */

import { fstatSync, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';

export class WalSync {
  readonly #path: string;
  #handle: FileHandle | undefined;
  #inode = -1;
  #opening: Promise<FileHandle | undefined> | undefined;
  /** Syncs started and not yet finished (several overlap when commits are pipelined). */
  readonly #running = new Set<Promise<unknown>>();

  /** @param databaseFile the database file; its WAL is `<file>-wal` (SQLite's name for it). */
  constructor(databaseFile: string) {
    this.#path = `${databaseFile}-wal`;
  }

  /**
   * Flushes everything written to the WAL so far to the disk.
   * @example writer.exec('COMMIT'); await wal.sync(); // now durable
   */
  sync(): Promise<void> {
    const done = this.#sync();
    const tracked = done.catch(() => undefined).finally(() => this.#running.delete(tracked));
    this.#running.add(tracked);
    return done;
  }

  /** Waits for the syncs under way (a transaction may still be waiting on one), then closes. */
  async close(): Promise<void> {
    await Promise.all(this.#running);
    await this.#closeHandle();
  }

  async #sync(): Promise<void> {
    // Opening the handle is serialized: concurrent first syncs must not open it twice.
    this.#opening ??= this.#current().finally(() => {
      this.#opening = undefined;
    });
    const handle = await this.#opening;
    if (handle !== undefined) await handle.datasync();
  }

  async #closeHandle(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
  }

  /** A handle on the WAL file that exists now (SQLite deletes and recreates it only when the
   * last connection closes, but another process could do that, so the inode is checked). */
  async #current(): Promise<FileHandle | undefined> {
    let inode: number;
    try {
      inode = statSync(this.#path).ino;
    } catch {
      return undefined; // no WAL yet: nothing was written
    }
    if (this.#handle !== undefined && inode === this.#inode) return this.#handle;
    await this.#closeHandle();
    const handle = await open(this.#path, 'r+');
    this.#inode = fstatSync(handle.fd).ino;
    this.#handle = handle;
    // A new file's name is durable only once its directory is (SQLite's FULL mode syncs it too).
    const dir = await open(dirname(this.#path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return handle;
  }
}
