/**
 * What the fault tests across collectors start with: several `faultline serve` processes on one
 * PostgreSQL, each with the fault load of the single-collector tests (fault-load.ts) flowing into
 * it, and the reconciliation of what they acknowledged against the database by event id.
 */

import assert from 'node:assert/strict';
import { killServeChildren, type ServeChild, startServeChildren } from '@faultline/test-support';
import pg from 'pg';
import { type FaultLoad, startFaultLoad, statusCounts } from './fault-load.js';

/** The collectors' admin token (FAULTLINE_ADMIN_TOKEN), which the loads' readers send. */
const TOKEN = 'scale-fault-admin-token';

export interface CollectorsUnderLoad {
  collectors: ServeChild[];
  /** loads[i] drives collectors[i]. */
  loads: FaultLoad[];
  /** Stops every load. */
  stopLoads(): Promise<void>;
  /** Stops the loads, then SIGKILLs the collectors still running. */
  close(): Promise<void>;
}

/**
 * Starts `count` collectors on `db` and a load of `senders` and `readers` on each.
 * @example const rig = await startCollectorsUnderLoad(dbUrl, { count: 3, senders: 2, readers: 1 });
 */
export async function startCollectorsUnderLoad(
  db: string,
  options: { count: number; senders: number; readers: number },
): Promise<CollectorsUnderLoad> {
  const collectors = await startServeChildren(options.count, db, {
    env: { ...process.env, FAULTLINE_ADMIN_TOKEN: TOKEN },
  });
  const loads = collectors.map((c) => {
    const ingest = new URL(c.envelopeUrl);
    return startFaultLoad({
      base: ingest.origin,
      publicKey: ingest.searchParams.get('sentry_key') ?? '',
      token: TOKEN,
      senders: options.senders,
      readers: options.readers,
    });
  });
  const stopLoads = async () => void (await Promise.all(loads.map((l) => l.stop())));
  return {
    collectors,
    loads,
    stopLoads,
    async close() {
      await stopLoads();
      killServeChildren(collectors);
    },
  };
}

/** Status counts of every load, one entry per collector, for assertion messages. */
export function countsByCollector(loads: readonly FaultLoad[]): string {
  return loads.map((l, i) => `#${i}: ${JSON.stringify(statusCounts(l.outcomes))}`).join('; ');
}

/** Acknowledged events each load must have before the check below means something. */
export const MIN_ACKNOWLEDGED = 21;

/**
 * Lets the loads run until each has MIN_ACKNOWLEDGED events acknowledged (or `timeoutMs`
 * passed): on a machine busy with other tests, a fixed pause may leave a load short.
 * @example await untilAcknowledged(rig.loads, 15_000); await rig.stopLoads();
 */
export async function untilAcknowledged(loads: readonly FaultLoad[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && loads.some((l) => l.acked.length < MIN_ACKNOWLEDGED))
    await new Promise((resolve) => setTimeout(resolve, 100));
}

/**
 * Asserts that each load had at least MIN_ACKNOWLEDGED events acknowledged and that every acknowledged event
 * id is in the `events` table of `db` (read straight from the database, not through a collector).
 * @example await assertAcknowledgedInDatabase(rig.loads, dbUrl);
 */
export async function assertAcknowledgedInDatabase(loads: readonly FaultLoad[], db: string): Promise<void> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    for (const [i, load] of loads.entries()) {
      assert.ok(
        load.acked.length >= MIN_ACKNOWLEDGED,
        `collector #${i} acknowledged events (${load.acked.length})`,
      );
      const { rows } = await client.query<{ event_id: string }>(
        'SELECT event_id FROM events WHERE event_id = ANY($1::text[])',
        [load.acked],
      );
      const stored = new Set(rows.map((r) => r.event_id));
      const missing = load.acked.filter((id) => !stored.has(id));
      assert.deepEqual(
        missing.slice(0, 5),
        [],
        `${missing.length} of ${load.acked.length} events acknowledged by collector #${i} are missing`,
      );
    }
  } finally {
    await client.end();
  }
}
