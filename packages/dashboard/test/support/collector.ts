/**
 * A real collector for the browser tests: test-support's, over SQLite, serving the built
 * dashboard (the default `dashboardDir`), with dashboard users if asked.
 */

import { startTestCollector as start, type TestCollector } from '@faultline/test-support';

export type { TestCollector };

export const ADMIN_TOKEN = 'dashboard-test-admin-token';

export interface TestCollectorOptions {
  /** Dashboard users to create (as `faultline user add` does: the password only as its hash). */
  users?: { email: string; password: string }[];
  /** Hosts and CIDRs alerts may reach although not global (a test's receiver on 127.0.0.1). */
  webhookAllow?: string[];
  /** Between two passes of the rate rules (the collector's default is a minute); tests run it fast. */
  rateIntervalMs?: number;
}

/** @example const server = await startTestCollector(); after(() => server.close()); */
export function startTestCollector(options: TestCollectorOptions = {}): Promise<TestCollector> {
  return start({
    adminToken: ADMIN_TOKEN,
    users: Object.fromEntries((options.users ?? []).map((u) => [u.email, u.password])),
    options: {
      alerts: {
        ...(options.webhookAllow ? { webhookAllow: options.webhookAllow } : {}),
        ...(options.rateIntervalMs ? { rateIntervalMs: options.rateIntervalMs } : {}),
      },
    },
  });
}
