/**
 * Issue "Hardening the collector" §4: a PostgreSQL restart (`pg_ctl restart -m fast`) under load
 * crashed the collector in 3 of 4 tries (an unhandled 'error' of a checked-out pooled client:
 * "terminating connection due to administrator command"). Against a PostgreSQL of its own, with
 * events and API reads flowing: a fast restart, then a stop of 20 s and a start. The process
 * stays up, answers 503 + Retry-After while the database is away (never a 500, never a hang),
 * serves again by itself, and every event it acknowledged is in the database.
 */

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { type PgInstance, startPgInstance } from '@faultline/test-support';
import { createPostgresStore, type RunningCollector, type Store, startCollector } from '../src/index.js';
import { PG_CONNECT_TIMEOUT_MS, PG_TRANSACTION_TIMEOUT_MS } from '../src/limits.js';
import {
  badAnswers,
  type FaultLoad,
  slowest,
  startFaultLoad,
  statusCounts,
  waitForSuccess,
} from './fault-load.js';

const TOKEN = 'store-postgres-restart-admin-token';
/** The outage: the database stopped this long. */
const STOPPED_MS = 20_000;
/** Once the database is back, ingest and reads succeed again within this (a new connection is
 * a few ms; the rest is margin for a loaded 2-core machine). */
const RECOVERY_MS = 10_000;
/** No answer may take longer than the store's bound on a write (a key lookup, a commit) plus
 * margin for a loaded machine: while the database is stopped, refusals are immediate. */
const ANSWER_BOUND_MS = PG_CONNECT_TIMEOUT_MS + PG_TRANSACTION_TIMEOUT_MS + 3_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pg: PgInstance | undefined;
let store: Store | undefined;
let collector: RunningCollector | undefined;
let load: FaultLoad | undefined;

after(async () => {
  pg?.thaw();
  await load?.stop();
  await collector?.close();
  await store?.close().catch(() => {});
  await pg?.dispose();
});

test('PostgreSQL restarted, then stopped 20 s under load: the collector stays up, answers 503 + Retry-After, recovers by itself, loses nothing acknowledged', async () => {
  pg = await startPgInstance();
  store = createPostgresStore({ connectionString: pg.url });
  await store.migrate();
  const { key } = await store.ensureDefaultProject();
  collector = await startCollector({ store, adminToken: TOKEN, dashboardDir: '/nonexistent', log: () => {} });
  load = startFaultLoad({
    base: collector.url,
    publicKey: key.publicKey,
    token: TOKEN,
    senders: 4,
    readers: 2,
  });
  await pause(1_500);

  await pg.restart();
  const restartedAt = Date.now();
  await waitForSuccess(load, 'ingest', restartedAt, RECOVERY_MS);
  await waitForSuccess(load, 'read', restartedAt, RECOVERY_MS);
  await pause(1_000);

  await pg.halt();
  const stoppedAt = Date.now();
  await pause(STOPPED_MS);
  const resumingAt = Date.now();
  await pg.resume();
  const resumedAt = Date.now();
  const ingestBack = await waitForSuccess(load, 'ingest', resumedAt, RECOVERY_MS);
  const readBack = await waitForSuccess(load, 'read', resumedAt, RECOVERY_MS);
  await pause(1_000);
  await load.stop();

  const { outcomes, acked } = load;
  const counts = JSON.stringify(statusCounts(outcomes));
  const slowestMs = slowest(outcomes);
  console.log(
    `restart + 20 s stop: ${counts}; slowest answer ${Math.round(slowestMs)} ms; back after ` +
      `${Math.round(ingestBack)} ms (ingest), ${Math.round(readBack)} ms (read); ${acked.length} acknowledged`,
  );
  // Still serving: the process did not crash, and its health route answers.
  assert.equal((await fetch(`${collector.url}/health`)).status, 200);
  assert.deepEqual(
    badAnswers(outcomes).slice(0, 5),
    [],
    `every answer is 200, or 503/429 with Retry-After: ${counts}`,
  );
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

  assert.ok(acked.length > 20, `events were acknowledged (${acked.length})`);
  const missing: string[] = [];
  for (const id of acked) if (!(await store.getEvent(id))) missing.push(id);
  assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged events are missing`);
});
