/**
 * A real collector for the session tests (test-support's, over SQLite unless an engine is given,
 * the dashboard's files absent: the API is what is tested) and a helper to log in to it.
 */

import { type Engine, startTestCollector } from '@faultline/test-support';
import type { CollectorOptions, RunningCollector, Store } from '../src/index.js';

export interface SessionCollector {
  store: Store;
  collector: RunningCollector;
  /** Rows of a read-only statement, straight from the database. */
  rows<R>(sql: string): Promise<R[]>;
  /** POST /api/v1/session with `body` as JSON (and extra headers). */
  postSession(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** @example const s = await startSessionCollector('admin-token', { users: { 'ada@example.com': 'a long password!' } }) */
export async function startSessionCollector(
  adminToken: string,
  {
    users = {},
    options = {},
    engine,
  }: { users?: Record<string, string>; options?: Partial<CollectorOptions>; engine?: Engine } = {},
): Promise<SessionCollector> {
  const c = await startTestCollector({
    adminToken,
    users,
    ...(engine ? { engine } : {}),
    options: { dashboardDir: '/nonexistent', ...options },
  });
  return {
    store: c.store,
    collector: c.collector,
    rows: (sql) => c.rows(sql),
    postSession: (body, headers = {}) =>
      fetch(`${c.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () => c.close(),
  };
}
