/**
 * A real collector for the session tests: a temporary SQLite store with its default project and
 * the given dashboard users, the dashboard's files absent (the API is what is tested).
 */

import { hashPassword } from '../src/api/passwords.js';
import { type CollectorOptions, type RunningCollector, type Store, startCollector } from '../src/index.js';
import { tempStore } from './digest-sqlite.js';

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
  const { store, dispose } = await tempStore();
  await store.ensureDefaultProject();
  for (const [email, password] of Object.entries(users))
    await store.createUser(email, await hashPassword(password));
  const collector = await startCollector({ store, adminToken, dashboardDir: '/nonexistent', ...options });
  return {
    store,
    collector,
    postSession: (body, headers = {}) =>
      fetch(`${collector.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close() {
      await collector.close();
      await dispose();
    },
  };
}
