/**
 * Issue "Hardening the collector" §4: a PostgreSQL restart (`pg_ctl restart -m fast`) under load
 * crashed the collector in 3 of 4 tries (an unhandled 'error' of a checked-out pooled client:
 * "terminating connection due to administrator command"). Against a PostgreSQL of its own, with
 * events and API reads flowing: a fast restart, then a stop of 20 s and a start. The process
 * stays up, answers 503 + Retry-After while the database is away (never a 500, never a hang),
 * serves again by itself, and every event it acknowledged is in the database.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PG_CONNECT_TIMEOUT_MS, PG_TRANSACTION_TIMEOUT_MS } from '../src/limits.js';
import {
  assertAcknowledgedStored,
  assertNoBadAnswers,
  slowest,
  statusCounts,
  waitForRecovery,
} from './fault-load.js';
import { usePgFaultRig } from './fault-rig.js';

/** The outage: the database stopped this long. */
const STOPPED_MS = 20_000;
/** Once the database is back, ingest and reads succeed again within this (a new connection is
 * a few ms; the rest is margin for a loaded 2-core machine). */
const RECOVERY_MS = 10_000;
/** No answer may take longer than the store's bound on a write (a key lookup, a commit) plus
 * margin for a loaded machine: while the database is stopped, refusals are immediate. */
const ANSWER_BOUND_MS = PG_CONNECT_TIMEOUT_MS + PG_TRANSACTION_TIMEOUT_MS + 3_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const rig = usePgFaultRig({ senders: 4, readers: 2 });

test('PostgreSQL restarted, then stopped 20 s under load: the collector stays up, answers 503 + Retry-After, recovers by itself, loses nothing acknowledged', async () => {
  const { pg, store, collector, load } = rig;
  await pause(1_500);

  await pg.restart();
  await waitForRecovery(load, Date.now(), RECOVERY_MS);
  await pause(1_000);

  await pg.halt();
  const stoppedAt = Date.now();
  await pause(STOPPED_MS);
  const resumingAt = Date.now();
  await pg.resume();
  const back = await waitForRecovery(load, Date.now(), RECOVERY_MS);
  await pause(1_000);
  await load.stop();

  const { outcomes, acked } = load;
  const counts = JSON.stringify(statusCounts(outcomes));
  const slowestMs = slowest(outcomes);
  console.log(
    `restart + 20 s stop: ${counts}; slowest answer ${Math.round(slowestMs)} ms; back after ` +
      `${Math.round(back.ingest)} ms (ingest), ${Math.round(back.read)} ms (read); ${acked.length} acknowledged`,
  );
  // Still serving: the process did not crash, and its health route answers.
  assert.equal((await fetch(`${collector.url}/health`)).status, 200);
  assertNoBadAnswers(outcomes);
  const whileStopped = outcomes.filter((o) => o.at >= stoppedAt + 1_000 && o.at < resumingAt);
  for (const kind of ['ingest', 'read'] as const) {
    const answers = whileStopped.filter((o) => o.kind === kind);
    assert.ok(answers.length > 10, `${kind} kept being answered while the database was stopped: ${counts}`);
    assert.ok(
      answers.every((o) => o.status === 503 || o.status === 429),
      `${kind} refused while stopped: ${JSON.stringify(statusCounts(answers))}`,
    );
  }
  assert.ok(
    slowestMs < ANSWER_BOUND_MS,
    `slowest answer ${Math.round(slowestMs)} ms < ${ANSWER_BOUND_MS} ms`,
  );

  await assertAcknowledgedStored(load, store);
});
