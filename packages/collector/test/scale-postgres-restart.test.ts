/**
 * Three `faultline serve` processes on one PostgreSQL, under load, while the database is
 * restarted (`pg_ctl restart -m fast`) and then stopped for 20 s: every collector stays up,
 * answers 503 + Retry-After while the database is away (never a 500, never a hang past the
 * store's bound), serves again by itself once it is back, and every event any of them
 * acknowledged is in the database, checked by id.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type PgInstance, startPgInstance } from '@faultline/test-support';
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
/** The issue's outage: the database stopped this long. */
const STOPPED_MS = 20_000;
/** Once the database is back, ingest and reads succeed again within this on every collector (a
 * new connection is a few ms; the rest is margin for a loaded 2-core machine). */
const RECOVERY_MS = 15_000;
/** No answer may take longer than the store's bound on a write plus margin for a loaded machine. */
const ANSWER_BOUND_MS = PG_CONNECT_TIMEOUT_MS + PG_TRANSACTION_TIMEOUT_MS + 3_000;
/** This test's own PostgreSQL listens on a port of this range. */
/** How long the loads may run on after recovery to reach MIN_ACKNOWLEDGED each. */
const ACKNOWLEDGED_WAIT_MS = 15_000;
const PORTS = [54_470, 54_474] as const;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pg: PgInstance | undefined;
let rig: CollectorsUnderLoad | undefined;

before(async () => {
  pg = await startPgInstance({ ports: PORTS });
  rig = await startCollectorsUnderLoad(pg.url, { count: COLLECTORS, senders: 2, readers: 1 });
});

after(async () => {
  await rig?.close();
  await pg?.dispose();
});

test(`PostgreSQL restarted, then stopped 20 s under load with ${COLLECTORS} collectors: each answers 503 + Retry-After, recovers by itself, loses nothing acknowledged`, async () => {
  const { collectors, loads } = rig as CollectorsUnderLoad;
  const db = pg as PgInstance;
  await pause(1_500);

  await db.restart();
  const restartedAt = Date.now();
  for (const load of loads) await waitForRecovery(load, restartedAt, RECOVERY_MS);
  await pause(1_000);

  await db.halt();
  const stoppedAt = Date.now();
  await pause(STOPPED_MS);
  const resumingAt = Date.now();
  await db.resume();
  const resumedAt = Date.now();
  const back = [];
  for (const load of loads) back.push(await waitForRecovery(load, resumedAt, RECOVERY_MS));
  await pause(1_000);
  await untilAcknowledged(loads, ACKNOWLEDGED_WAIT_MS);
  await rig?.stopLoads();

  const counts = countsByCollector(loads);
  const slowestMs = Math.max(...loads.map((l) => slowest(l.outcomes)));
  console.log(
    `${COLLECTORS} collectors, restart + 20 s stop: ${counts}; slowest answer ${Math.round(slowestMs)} ms; ` +
      `back after ${back.map((b) => `${Math.round(b.ingest)}/${Math.round(b.read)}`).join(', ')} ms (ingest/read); ` +
      `${loads.map((l) => l.acked.length).join(' + ')} acknowledged`,
  );
  for (const c of collectors)
    assert.equal((await fetch(`${new URL(c.envelopeUrl).origin}/health`)).status, 200, 'still serving');
  for (const [i, load] of loads.entries()) {
    assertNoBadAnswers(load.outcomes);
    const whileStopped = load.outcomes.filter((o) => o.at >= stoppedAt + 1_000 && o.at < resumingAt);
    for (const kind of ['ingest', 'read'] as const) {
      const answers = whileStopped.filter((o) => o.kind === kind);
      assert.ok(answers.length > 10, `collector #${i}: ${kind} kept being answered while stopped: ${counts}`);
      assert.ok(
        answers.every((o) => o.status === 503 || o.status === 429),
        `collector #${i}: ${kind} refused while stopped: ${counts}`,
      );
    }
  }
  assert.ok(
    slowestMs < ANSWER_BOUND_MS,
    `slowest answer ${Math.round(slowestMs)} ms < ${ANSWER_BOUND_MS} ms`,
  );

  await assertAcknowledgedInDatabase(loads, db.url);
});
