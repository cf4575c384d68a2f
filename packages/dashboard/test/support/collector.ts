/** A real collector over a temporary SQLite store, serving the built dashboard. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, createSqliteStore, type RunningCollector, startCollector } from '@faultline/collector';

export const ADMIN_TOKEN = 'dashboard-test-admin-token';

export interface TestCollector {
  collector: RunningCollector;
  url: string;
  dsn: string;
  close(): Promise<void>;
}

export async function startTestCollector(): Promise<TestCollector> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-dashboard-'));
  const store = createSqliteStore({ dataDir, synchronous: 'normal' });
  await store.migrate();
  const collector = await startCollector({ store, adminToken: ADMIN_TOKEN, log: () => undefined });
  const { dsn } = await bootstrap(store, collector.url, ADMIN_TOKEN);
  return {
    collector,
    url: collector.url,
    dsn,
    async close() {
      await collector.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
