/**
 * GET /health: 200 `{"status":"ok"}`, or 503 with Retry-After and
 * `{"status":"degraded","reasons":[{"check":"store-write","kind":"disk","since":…,"failures":…}]}`
 * while a store lane is in a failure episode (store-health.ts).
 *
 * It probes the store itself only when nothing settled on a lane for HEALTH_PROBE_FRESH_MS: under
 * traffic the real calls already tell, so health checks from many balancers cost no queries.
 * - Reads are probed with one indexed read (`projectExists(1)`), so an idle collector whose
 *   database went away says so.
 * - Writes are probed only while their lane is failing, with an empty transaction (BEGIN, COMMIT:
 *   nothing written). Without it, a collector that a balancer took out of rotation for being
 *   degraded would get no commit to show it recovered, and stay out. An empty transaction cannot
 *   tell a full disk from a freed one, so after a `disk` episode it may end too early; the next
 *   failing commit then starts a new one (and logs it): the price of never staying out for good.
 *   A healthy write lane is never probed: a probe waiting behind a long commit is no failure.
 * At most one probe per lane runs at a time, and /health waits for it at most
 * HEALTH_PROBE_TIMEOUT_MS: a probe still running then is a `timeout` failure of its lane, so a
 * hung store gets a degraded answer in time instead of a hung check.
 * The answer never carries a cause's message (it is unauthenticated): only lanes, kinds, counts.
 */

import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/json.js';
import { DEFAULT_STORE_RETRY_AFTER_S, HEALTH_PROBE_FRESH_MS, HEALTH_PROBE_TIMEOUT_MS } from '../limits.js';
import type { Store } from '../store/store.js';
import { StoreUnavailableError } from '../store/store-errors.js';
import type { StoreHealth, StoreLane } from './store-health.js';

export interface HealthCheckOptions {
  probeTimeoutMs?: number;
  probeFreshMs?: number;
}

/** Answers one /health request. */
export type HealthRoute = (res: ServerResponse) => Promise<void>;

/**
 * @param store the observed store (observe-store.ts), so the probes' outcomes reach `health`
 * @example const healthRoute = createHealthRoute(observed, storeHealth); if (url.pathname === '/health') await healthRoute(res);
 */
export function createHealthRoute(
  store: Pick<Store, 'projectExists' | 'write'>,
  health: StoreHealth,
  options: HealthCheckOptions = {},
): HealthRoute {
  const timeoutMs = options.probeTimeoutMs ?? HEALTH_PROBE_TIMEOUT_MS;
  const freshMs = options.probeFreshMs ?? HEALTH_PROBE_FRESH_MS;
  const calls: Record<StoreLane, () => Promise<unknown>> = {
    read: () => store.projectExists(1),
    write: () => store.write(async () => undefined),
  };
  /** The running probe of each lane (cleared when it settles): resolves when it settles or
   * passes its deadline, so awaiting it never takes longer than timeoutMs. */
  const probes: Record<StoreLane, Promise<void> | undefined> = { read: undefined, write: undefined };

  const startProbe = (lane: StoreLane): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const overdue = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        const error = new StoreUnavailableError('timeout', `the store did not answer within ${timeoutMs} ms`);
        health.failed(lane, 'the /health probe', error);
        resolve();
      }, timeoutMs);
      timer.unref();
    });
    // The outcome is recorded by the observed store.
    const done = calls[lane]()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        clearTimeout(timer);
        probes[lane] = undefined;
      });
    return Promise.race([done, overdue]);
  };

  const stale = (lane: StoreLane) => {
    const last = health.lastSettledAt(lane);
    return last === undefined || health.now() - last > freshMs;
  };

  return async (res) => {
    const failing = new Set(health.problems().map((p) => p.lane));
    for (const lane of ['read', 'write'] as const)
      if (probes[lane] === undefined && stale(lane) && (lane === 'read' || failing.has(lane)))
        probes[lane] = startProbe(lane);
    await Promise.all([probes.read, probes.write]);
    const problems = health.problems();
    if (problems.length === 0) return sendJson(res, 200, { status: 'ok' });
    sendJson(
      res,
      503,
      {
        status: 'degraded',
        reasons: problems.map((p) => ({
          check: `store-${p.lane}`,
          kind: p.kind,
          since: new Date(p.since).toISOString(),
          failures: p.failures,
        })),
      },
      { 'retry-after': String(DEFAULT_STORE_RETRY_AFTER_S) },
    );
  };
}
