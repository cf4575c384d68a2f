/** A real collector over a temporary SQLite store, serving the built dashboard. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bootstrap,
  createSqliteStore,
  hashPassword,
  type RunningCollector,
  type Store,
  startCollector,
} from '@faultline/collector';

export const ADMIN_TOKEN = 'dashboard-test-admin-token';

export interface TestCollector {
  collector: RunningCollector;
  store: Store;
  url: string;
  dsn: string;
  close(): Promise<void>;
}

export interface TestCollectorOptions {
  /** Dashboard users to create (as `faultline user add` does: the password only as its hash). */
  users?: { email: string; password: string }[];
}

export async function startTestCollector(options: TestCollectorOptions = {}): Promise<TestCollector> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-dashboard-'));
  const store = createSqliteStore({ dataDir, synchronous: 'normal' });
  await store.migrate();
  for (const user of options.users ?? [])
    await store.createUser(user.email, await hashPassword(user.password));
  const collector = await startCollector({ store, adminToken: ADMIN_TOKEN, log: () => undefined });
  const { dsn } = await bootstrap(store, collector.url, ADMIN_TOKEN);
  return {
    collector,
    store,
    url: collector.url,
    dsn,
    async close() {
      await collector.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
