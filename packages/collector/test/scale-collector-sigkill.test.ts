/**
 * Three `faultline serve` processes on one PostgreSQL, under load; one of them is SIGKILLed. The
 * other two keep serving (ingest and reads, answered 200 or refused with Retry-After, nothing
 * else), and every event the killed one acknowledged before it died is in the database, checked
 * by id: a collector answers 200 only after its commit, so nothing it acknowledged lives in its
 * memory alone. (Which collector takes over its leases is the leases' tests' business.)
 */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import {
  createScratchDatabase,
  postgresUrl,
  registerPostgresMissing,
  type ScratchDatabase,
} from '@faultline/test-support';
import { assertNoBadAnswers } from './fault-load.js';
import {
  assertAcknowledgedInDatabase,
  type CollectorsUnderLoad,
  countsByCollector,
  startCollectorsUnderLoad,
} from './scale-fault-rig.js';

const COLLECTORS = 3;
/** The collector that is killed. */
const VICTIM = 1;
/** The victim is killed once it has acknowledged this many events (the reconciliation needs
 * more than 20), or fails the test if that takes longer than KILL_BY_MS. */
const ACKED_BEFORE_KILL = 30;
const KILL_BY_MS = 30_000;
/** After the kill, each other collector answers this many ingests and reads 200, within
 * SERVED_BY_MS (a few seconds' worth of their load; the rest is margin for a loaded machine). */
const SERVED_AFTER = 5;
const SERVED_BY_MS = 20_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('a collector SIGKILLed among three');
else {
  let database: ScratchDatabase | undefined;
  let rig: CollectorsUnderLoad | undefined;

  before(async () => {
    database = await createScratchDatabase(url, 'faultline_sigkill');
    rig = await startCollectorsUnderLoad(database.url, { count: COLLECTORS, senders: 2, readers: 1 });
  });

  after(async () => {
    await rig?.close();
    await database?.drop();
  });

  test(`one of ${COLLECTORS} collectors SIGKILLed under load: the others keep serving, its acknowledged events are stored`, async () => {
    const { collectors, loads } = rig as CollectorsUnderLoad;
    const deadline = Date.now() + KILL_BY_MS;
    while ((loads[VICTIM]?.acked.length ?? 0) < ACKED_BEFORE_KILL) {
      assert.ok(
        Date.now() < deadline,
        `collector #${VICTIM} acknowledged ${ACKED_BEFORE_KILL} events: ${countsByCollector(loads)}`,
      );
      await pause(50);
    }
    const victim = collectors[VICTIM]?.child;
    assert.ok(victim);
    const exited = once(victim, 'exit');
    victim.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    const survivors = loads.filter((_, i) => i !== VICTIM);
    const servedSince = (load: (typeof loads)[number], kind: 'ingest' | 'read') =>
      load.outcomes.filter((o) => o.kind === kind && o.at >= killedAt && o.status === 200).length;
    const servedBy = Date.now() + SERVED_BY_MS;
    while (
      Date.now() < servedBy &&
      survivors.some((l) => servedSince(l, 'ingest') < SERVED_AFTER || servedSince(l, 'read') < SERVED_AFTER)
    )
      await pause(50);
    await rig?.stopLoads();

    const counts = countsByCollector(loads);
    console.log(`SIGKILL of collector #${VICTIM}: ${counts}`);
    for (const [i, load] of loads.entries()) {
      if (i === VICTIM) {
        assertNoBadAnswers(load.outcomes.filter((o) => o.at + o.ms < killedAt - 1_000));
        continue;
      }
      assertNoBadAnswers(load.outcomes);
      for (const kind of ['ingest', 'read'] as const)
        assert.ok(
          servedSince(load, kind) >= SERVED_AFTER,
          `collector #${i} served ${kind} after the kill: ${counts}`,
        );
    }
    await assertAcknowledgedInDatabase(loads, database?.url ?? '');
  });
}
