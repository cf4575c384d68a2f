/** A migrated SQLite store in a temporary folder, for digest tests. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';

export async function tempStore(): Promise<{ store: Store; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-digest-'));
  const store = createSqliteStore({ dataDir, synchronous: 'normal' });
  await store.migrate();
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
