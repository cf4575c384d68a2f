/**
 * Three `faultline serve` processes through PgBouncer in transaction pooling mode (Debian's
 * `pgbouncer`, started here), with few server connections so that every server connection
 * serves all three collectors in turn: ingest is acknowledged and stored, the read API answers,
 * and no session state is left on the server connections that pooling hands from client to
 * client (a session-level advisory lock would stay held there).
 *
 * PgBouncer refuses startup parameters it does not track, and pg sends the store's
 * statement_timeout, lock_timeout and idle_in_transaction_session_timeout as startup
 * parameters; the README's "Faults" section says to let PgBouncer ignore them and to set them
 * on the database or role instead, which is what this test does. Without that setting the store
 * says so: its refusal names the setting to change.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  createScratchDatabase,
  freePort,
  type PgBouncer,
  postgresUrl,
  registerPostgresMissing,
  type ScratchDatabase,
  startPgBouncer,
} from '@faultline/test-support';
import pg from 'pg';
import { createPostgresStore } from '../src/index.js';
import {
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  PG_LOCK_TIMEOUT_MS,
  PG_STATEMENT_TIMEOUT_MS,
} from '../src/limits.js';
import { assertNoBadAnswers } from './fault-load.js';
import {
  assertAcknowledgedInDatabase,
  type CollectorsUnderLoad,
  countsByCollector,
  startCollectorsUnderLoad,
} from './scale-fault-rig.js';

const COLLECTORS = 3;
/** PgBouncer listens on a port of this range. */
const PORTS = [54_480, 54_484] as const;
/** Server connections per database: fewer than the collectors' clients, so they are shared. */
const SERVER_CONNECTIONS = 4;
/** Each collector acknowledges this many events (the check needs > 20), within ACKED_BY_MS. */
const ACKED = 30;
const ACKED_BY_MS = 40_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('three collectors through PgBouncer');
else {
  let database: ScratchDatabase | undefined;
  let bouncer: PgBouncer | undefined;
  let rig: CollectorsUnderLoad | undefined;

  before(async () => {
    database = await createScratchDatabase(url, 'faultline_pgbouncer');
    const name = new URL(database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      // What the collector would send at startup, set where pooling keeps it: on the database.
      await admin.query(
        `ALTER DATABASE ${name} SET statement_timeout = ${PG_STATEMENT_TIMEOUT_MS};` +
          `ALTER DATABASE ${name} SET lock_timeout = ${PG_LOCK_TIMEOUT_MS};` +
          `ALTER DATABASE ${name} SET idle_in_transaction_session_timeout = ${PG_IDLE_IN_TRANSACTION_TIMEOUT_MS}`,
      );
    } finally {
      await admin.end();
    }
    bouncer = await startPgBouncer(database.url, await freePort(PORTS), {
      pool_mode: 'transaction',
      default_pool_size: String(SERVER_CONNECTIONS),
      ignore_startup_parameters: 'statement_timeout,lock_timeout,idle_in_transaction_session_timeout',
    });
    rig = await startCollectorsUnderLoad(bouncer.url, { count: COLLECTORS, senders: 2, readers: 1 });
  });

  after(async () => {
    await rig?.close();
    await bouncer?.dispose();
    await database?.drop();
  });

  test(`${COLLECTORS} collectors through PgBouncer in transaction pooling: ingest stored, reads answered, no session state left behind`, async () => {
    const { loads } = rig as CollectorsUnderLoad;
    const deadline = Date.now() + ACKED_BY_MS;
    while (loads.some((l) => l.acked.length < ACKED)) {
      assert.ok(Date.now() < deadline, `every collector acknowledged events: ${countsByCollector(loads)}`);
      await pause(50);
    }
    await rig?.stopLoads();

    const counts = countsByCollector(loads);
    console.log(`through PgBouncer (${SERVER_CONNECTIONS} server connections): ${counts}`);
    for (const [i, load] of loads.entries()) {
      assertNoBadAnswers(load.outcomes);
      const reads = load.outcomes.filter((o) => o.kind === 'read' && o.status === 200);
      assert.ok(reads.length >= 5, `collector #${i} answered reads: ${counts}`);
    }
    await assertAcknowledgedInDatabase(loads, database?.url ?? '');

    // Straight to the server, past PgBouncer: what its pooled server connections still hold (a
    // connection of a collector's own, outside the pool, is not asked about).
    const pids = await (bouncer as PgBouncer).serverPids();
    assert.ok(pids.length > 0, 'PgBouncer keeps server connections');
    const server = new pg.Client({ connectionString: database?.url ?? '' });
    await server.connect();
    try {
      const held = await server.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = ANY($1::int[])",
        [pids],
      );
      assert.equal(
        held.rows[0]?.n,
        0,
        'no advisory lock outlives its transaction on a pooled server connection',
      );
      const listening = await server.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1::int[]) AND query ILIKE 'LISTEN%'",
        [pids],
      );
      assert.equal(listening.rows[0]?.n, 0, 'nothing LISTENs on a pooled server connection');
    } finally {
      await server.end();
    }
  });

  test("through a PgBouncer that refuses the store's startup parameters, the store says which setting to change", async () => {
    const strict = await startPgBouncer(database?.url ?? '', await freePort(PORTS), {
      pool_mode: 'transaction',
    });
    const store = createPostgresStore({ connectionString: strict.url });
    try {
      await assert.rejects(store.migrate(), {
        code: 'FL_STORE_UNAVAILABLE',
        message: /startup parameter \w+: .*ignore_startup_parameters/,
      });
    } finally {
      await store.close();
      await strict.dispose();
    }
  });
}
