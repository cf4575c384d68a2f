/**
 * Failover under three collectors: a primary and a streaming standby of it (`pg_basebackup -R`,
 * synchronous replication), the collectors on a connection string listing both hosts; the
 * primary is stopped at once under load, as if its host died (`pg_ctl stop -m immediate`), and
 * the standby promoted (`pg_ctl promote`). Every collector
 * reaches the new primary by itself, without a restart, answering 503 + Retry-After meanwhile
 * (never a 500, never a hang past the store's bound), and every event acknowledged before or
 * after the failover is on the new primary, checked by id.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type PgInstance, type PgReplica, startPgInstance, startPgReplica } from '@faultline/test-support';
import pg from 'pg';
import { PG_CONNECT_TIMEOUT_MS, PG_TRANSACTION_TIMEOUT_MS } from '../src/limits.js';
import { assertNoBadAnswers, slowest, waitForRecovery } from './fault-load.js';
import {
  assertAcknowledgedInDatabase,
  type CollectorsUnderLoad,
  countsByCollector,
  startCollectorsUnderLoad,
  untilAcknowledged,
} from './scale-fault-rig.js';

const COLLECTORS = 3;
/** This test's own primary and standby listen on ports of this range. */
/** How long the loads may run on after recovery to reach MIN_ACKNOWLEDGED each. */
const ACKNOWLEDGED_WAIT_MS = 15_000;
const PORTS = [54_475, 54_479] as const;
/** The standby streams synchronously within this of its start on a loaded machine. */
const SYNC_MS = 20_000;
/** Each collector acknowledges this many events before the failover (the check needs > 20). */
const ACKED_BEFORE = 25;
const ACKED_BY_MS = 30_000;
/** Once the standby is promoted, ingest and reads succeed again within this on every collector:
 * a few refused connections while the pool moves on, then a new one; the rest is margin. */
const RECOVERY_MS = 15_000;
/** No answer may take longer than the store's bound on a write plus margin for a loaded machine. */
const ANSWER_BOUND_MS = PG_CONNECT_TIMEOUT_MS + PG_TRANSACTION_TIMEOUT_MS + 3_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let primary: PgInstance | undefined;
let standby: PgReplica | undefined;
let rig: CollectorsUnderLoad | undefined;

/** Runs `sql` on the instance at `url`, one connection. */
async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

before(async () => {
  primary = await startPgInstance({ ports: PORTS });
  standby = await startPgReplica(primary, { ports: PORTS });
  // Synchronous: a COMMIT (and so a 200) returns once the standby has the WAL flushed, so a
  // promoted standby has every acknowledged event.
  await query(primary.url, "ALTER SYSTEM SET synchronous_standby_names = '*'");
  await query(primary.url, 'SELECT pg_reload_conf()');
  const deadline = Date.now() + SYNC_MS;
  while (
    (await query<{ s: string }>(primary.url, 'SELECT sync_state AS s FROM pg_stat_replication'))[0]?.s !==
    'sync'
  ) {
    assert.ok(Date.now() < deadline, 'the standby streams synchronously');
    await pause(100);
  }
  // libpq's host list; WHATWG URL cannot hold one, so it is written out.
  const hosts = `postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/postgres?target_session_attrs=read-write`;
  rig = await startCollectorsUnderLoad(hosts, {
    count: COLLECTORS,
    senders: 2,
    readers: 1,
  });
});

after(async () => {
  await rig?.close();
  await standby?.dispose();
  await primary?.dispose();
});

test(`primary crashed and standby promoted under ${COLLECTORS} collectors: each reaches the new primary by itself, nothing acknowledged is lost`, async () => {
  const { loads } = rig as CollectorsUnderLoad;
  const deadline = Date.now() + ACKED_BY_MS;
  while (loads.some((l) => l.acked.length < ACKED_BEFORE)) {
    assert.ok(Date.now() < deadline, `every collector acknowledged events: ${countsByCollector(loads)}`);
    await pause(50);
  }
  const ackedBefore = loads.map((l) => l.acked.length);

  await primary?.crash();
  await standby?.promote();
  const promotedAt = Date.now();
  const back = [];
  for (const load of loads) back.push(await waitForRecovery(load, promotedAt, RECOVERY_MS));
  await pause(1_000);
  await untilAcknowledged(loads, ACKNOWLEDGED_WAIT_MS);
  await rig?.stopLoads();

  const counts = countsByCollector(loads);
  const slowestMs = Math.max(...loads.map((l) => slowest(l.outcomes)));
  console.log(
    `failover under ${COLLECTORS} collectors: ${counts}; slowest answer ${Math.round(slowestMs)} ms; ` +
      `back after ${back.map((b) => `${Math.round(b.ingest)}/${Math.round(b.read)}`).join(', ')} ms (ingest/read); ` +
      `${ackedBefore.join(' + ')} acknowledged before, ${loads.map((l) => l.acked.length).join(' + ')} in all`,
  );
  for (const load of loads) assertNoBadAnswers(load.outcomes);
  assert.ok(
    slowestMs < ANSWER_BOUND_MS,
    `slowest answer ${Math.round(slowestMs)} ms < ${ANSWER_BOUND_MS} ms`,
  );
  await assertAcknowledgedInDatabase(loads, standby?.url ?? '');
});
