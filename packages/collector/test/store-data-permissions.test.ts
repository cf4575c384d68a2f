/**
 * Issue "Hardening the collector" §6: data files were world-readable (0644 in a 0755 folder),
 * and they hold event payloads, users' password hashes and API token hashes. The SQLite store
 * creates its data folder 0700 and the database, its -wal and -shm 0600, whatever the umask
 * allows; an existing database's files are tightened, and an open existing folder is warned about.
 */

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSqliteStore, SQLITE_FILE_NAME, type Store } from '../src/index.js';
import { newEventId } from './digest-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'faultline-modes-'));
let umask: number;

before(() => {
  // The usual default, under which folders were created 0755 and files 0644.
  umask = process.umask(0o022);
});
after(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
const files = (dir: string) =>
  ['', '-wal', '-shm'].map((suffix) => join(dir, `${SQLITE_FILE_NAME}${suffix}`));

/** Writes (the migrations, the default project) and reads, so the WAL and its index exist. */
async function writeSomething(store: Store): Promise<void> {
  await store.migrate();
  await store.ensureDefaultProject();
  assert.equal(await store.getEvent(newEventId()), undefined);
}

test('a new data folder is 0700 and the database, -wal and -shm are 0600', async () => {
  const dir = join(root, 'new', 'data');
  const store = createSqliteStore({ dataDir: dir });
  try {
    await writeSomething(store);
    assert.equal(modeOf(dir), '700');
    assert.deepEqual(files(dir).map(modeOf), ['600', '600', '600']);
  } finally {
    await store.close();
  }
});

test('an existing database left readable by others is tightened to 0600, and an open folder is warned about', async () => {
  const dir = join(root, 'old');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  const first = createSqliteStore({ dataDir: dir });
  await writeSomething(first);
  for (const file of files(dir)) chmodSync(file, 0o644);
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  process.on('warning', onWarning);
  const second = createSqliteStore({ dataDir: dir });
  try {
    await writeSomething(second);
    assert.deepEqual(files(dir).map(modeOf), ['600', '600', '600']);
    // Warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));
    assert.ok(
      warnings.some((w) => w.includes(dir) && w.includes('755')),
      `a warning names the open folder: ${JSON.stringify(warnings)}`,
    );
  } finally {
    process.off('warning', onWarning);
    await second.close();
    await first.close();
  }
});
