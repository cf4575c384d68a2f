/**
 * A real collector for tests: over a migrated store (SQLite in a temporary folder unless an
 * engine is given), with project 1 and its DSN, an admin token, dashboard users if asked, and a
 * read-API helper. The one way every package's tests start one.
 */

import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import {
  bootstrap,
  type CollectorOptions,
  hashPassword,
  type RunningCollector,
  type Store,
  startCollector,
} from '@faultline/collector';
import { type Engine, sqliteEngine } from './store-engines.js';

export interface TestCollectorOptions {
  /** Accepted as a bearer token; default `test-admin-token`. */
  adminToken?: string;
  /** Dashboard users to create, email → password (hashed as `faultline user add` does). */
  users?: Record<string, string>;
  /** The store; default SQLite in a temporary folder. */
  engine?: Engine;
  /** Anything else startCollector takes (its own log is silent unless `log` is given). */
  options?: Partial<Omit<CollectorOptions, 'store' | 'adminToken'>>;
}

export interface TestCollector {
  store: Store;
  collector: RunningCollector;
  url: string;
  /** Project 1's DSN. */
  dsn: string;
  adminToken: string;
  /** GET on the read API with the admin token; asserts a 200 and returns the JSON. */
  api(path: string): Promise<any>;
  /** Any call with the admin token: the status and the parsed JSON answer (undefined when empty).
   * An object body is sent as JSON; a string as it is (a malformed body, say). */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Rows of a read-only statement, straight from the database (what the API does not show). */
  rows<R>(sql: string): Promise<R[]>;
  /** Closes the collector and removes its store. */
  close(): Promise<void>;
}

/**
 * @example const c = await startTestCollector({ users: { 'ada@example.com': 'a long password!' } }); after(() => c.close());
 */
export async function startTestCollector(opts: TestCollectorOptions = {}): Promise<TestCollector> {
  const adminToken = opts.adminToken ?? 'test-admin-token';
  const handle = await (opts.engine ?? sqliteEngine).open();
  const { store } = handle;
  for (const [email, password] of Object.entries(opts.users ?? {}))
    await store.createUser(email, await hashPassword(password));
  const collector = await startCollector({
    log: () => undefined,
    ...opts.options,
    store,
    adminToken,
  });
  const { dsn } = await bootstrap(store, collector.url, adminToken);
  return {
    store,
    collector,
    url: collector.url,
    dsn,
    adminToken,
    async api(path) {
      const res = await fetch(`${collector.url}${path}`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
      return res.json();
    },
    async call(method, path, body) {
      const res = await fetch(`${collector.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    rows: (sql) => handle.rows(sql),
    async close() {
      try {
        await collector.close();
      } finally {
        await handle.dispose();
      }
    },
  };
}

/**
 * The same, started in `before` and closed in `after` of the calling file or suite; the fields
 * are filled once `before` has run.
 * @example const real = useTestCollector(); test('…', () => fetch(real.url));
 */
export function useTestCollector(opts: TestCollectorOptions = {}): TestCollector {
  let started: TestCollector | undefined;
  const view = {} as TestCollector;
  before(async () => {
    started = await startTestCollector(opts);
    Object.assign(view, started);
  });
  after(() => started?.close());
  return view;
}
