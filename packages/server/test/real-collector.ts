/**
 * A real Faultline collector (SQLite in a temporary folder) for the tests that check what
 * the server's reporter delivers: started before the file's tests, closed after them.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import {
  bootstrap,
  createSqliteStore,
  type RunningCollector,
  type Store,
  startCollector,
} from '@faultline/collector';

export interface RealCollector {
  readonly store: Store;
  readonly url: string;
  readonly dsn: string;
  readonly adminToken: string;
  /** GET on the read API with the admin token; asserts a 200 and returns the JSON. */
  api(path: string): Promise<any>;
}

/**
 * Registers before/after hooks; the fields are filled in once `before` has run.
 * @example const real = useRealCollector('rates'); test('...', () => fetch(real.url));
 */
export function useRealCollector(name: string): RealCollector {
  const adminToken = `${name}-test-admin-token`;
  let dir = '';
  let collector: RunningCollector | undefined;
  const real = {
    store: undefined as unknown as Store,
    url: '',
    dsn: '',
    adminToken,
    async api(path: string): Promise<any> {
      const res = await fetch(`${real.url}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
      assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
      return res.json();
    },
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), `faultline-${name}-`));
    real.store = createSqliteStore({ dataDir: dir });
    await real.store.migrate();
    collector = await startCollector({ store: real.store, host: '127.0.0.1', port: 0, adminToken });
    real.url = collector.url;
    ({ dsn: real.dsn } = await bootstrap(real.store, collector.url, adminToken));
  });
  after(async () => {
    await collector?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return real;
}
