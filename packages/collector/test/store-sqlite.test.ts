/** The store contract against SQLite, in a temporary data folder per database. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { storeContract } from './store-contract.js';

const dirs: string[] = [];

storeContract('sqlite', {
  async create() {
    const dataDir = mkdtempSync(join(tmpdir(), 'faultline-store-'));
    dirs.push(dataDir);
    const open = async () => {
      const store = createSqliteStore({ dataDir });
      await store.migrate();
      return store;
    };
    return { store: await open(), open, concurrentHandles: false };
  },
  async cleanup() {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  },
});
