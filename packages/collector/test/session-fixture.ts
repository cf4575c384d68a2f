/**
 * A real collector for the session tests (test-support's, over SQLite, the dashboard's files
 * absent: the API is what is tested) and a helper to log in to it.
 */

import { startTestCollector } from '@faultline/test-support';
import type { CollectorOptions, RunningCollector, Store } from '../src/index.js';

export interface SessionCollector {
  store: Store;
  collector: RunningCollector;
  /** POST /api/v1/session with `body` as JSON (and extra headers). */
  postSession(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** @example const s = await startSessionCollector('admin-token', { users: { 'ada@example.com': 'a long password!' } }) */
export async function startSessionCollector(
  adminToken: string,
  { users = {}, options = {} }: { users?: Record<string, string>; options?: Partial<CollectorOptions> } = {},
): Promise<SessionCollector> {
  const c = await startTestCollector({
    adminToken,
    users,
    options: { dashboardDir: '/nonexistent', ...options },
  });
  return {
    store: c.store,
    collector: c.collector,
    postSession: (body, headers = {}) =>
      fetch(`${c.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () => c.close(),
  };
}
