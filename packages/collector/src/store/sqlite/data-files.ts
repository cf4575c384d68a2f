/**
 * The data folder and database files are the owner's alone: they hold event payloads (request
 * data, user details), dashboard users' password hashes and API token hashes. Under the usual
 * umask 022 they used to be created 0755 and 0644, readable by every local user.
 */

import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** rwx for the owner only. */
const DATA_DIR_MODE = 0o700;
/** rw for the owner only; SQLite creates the -wal and -shm files with the database file's mode. */
const DATA_FILE_MODE = 0o600;

/** SQLite's companions of a database file (WAL mode). */
const COMPANIONS = ['', '-wal', '-shm'];

const warn = (message: string) => process.emitWarning(message, 'FaultlineWarning');

/**
 * Creates `dir` (and missing parents) 0700. An existing folder is left as it is (it may be one
 * the operator shares on purpose), with a warning when other users can enter or read it.
 * @example prepareDataDir('.faultline')
 */
export function prepareDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) !== 0)
    warn(
      `the data folder ${dir} is open to other users (mode ${mode.toString(8)}); \`chmod 700 ${dir}\` keeps its events private`,
    );
}

/**
 * Makes the database file exist 0600 before SQLite opens it (so its -wal and -shm follow), and
 * tightens an existing database's files to 0600.
 * @example prepareDatabaseFiles('.faultline/faultline.db')
 */
export function prepareDatabaseFiles(file: string): void {
  // 'a' creates an empty file (SQLite's new database) or leaves an existing one untouched.
  closeSync(openSync(file, 'a', DATA_FILE_MODE));
  for (const suffix of COMPANIONS) {
    const path = `${file}${suffix}`;
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, DATA_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      warn(`cannot make ${path} private (mode ${DATA_FILE_MODE.toString(8)}): ${(error as Error).message}`);
    }
  }
}
