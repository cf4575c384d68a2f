/**
 * Three `faultline serve` processes on one PostgreSQL with a 1 s retention interval: retention
 * runs on one collector at a time, once per interval between them (before the lease, each ran it
 * every interval); and when the lease's holder is SIGKILLed under load, another collector takes it
 * within LEASE_TAKEOVER_MS while the survivors keep acknowledging events, and every acknowledged
 * event is in the store.
 *
 * The runs are counted by the database, whoever runs them: each collector connects with its own
 * `application_name`, and a statement trigger on `issue_hourly_counts` (every retention run
 * deletes from it once) records who ran it.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { serializeEnvelope } from '@faultline/core';
import {
  createScratchDatabase,
  killServeChildren,
  postgresUrl,
  registerPostgresMissing,
  type ScratchDatabase,
  type ServeChild,
  startServeChildren,
} from '@faultline/test-support';
import pg from 'pg';
import { LEASE_TAKEOVER_MS } from '../src/limits.js';
import { newEventId } from './digest-fixtures.js';

const COLLECTORS = 3;
const INTERVAL_S = 1;
/** Long enough for several intervals on a loaded machine. */
const WATCH_MS = 8_000;
/** A loaded 2-core machine may be late with a tick, a renewal or a run by a few seconds. */
const TAKEOVER_MARGIN_MS = 8_000;
const LOAD_CONCURRENCY = 2;

const COUNT_RUNS = `
CREATE TABLE test_retention_runs (
  at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  app TEXT NOT NULL DEFAULT current_setting('application_name')
);
CREATE FUNCTION test_count_retention_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO test_retention_runs DEFAULT VALUES; RETURN NULL; END $$;
CREATE TRIGGER test_retention_run AFTER DELETE ON issue_hourly_counts
  FOR EACH STATEMENT EXECUTE FUNCTION test_count_retention_run();
`;

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('retention under a lease across three collectors');
else {
  let scratch: ScratchDatabase | undefined;
  let fleet: ServeChild[] = [];
  let db: pg.Client;
  const app = (i: number) => `collector-${i}`;

  before(async () => {
    const database = await createScratchDatabase(url, 'faultline_lease');
    scratch = database;
    fleet = await startServeChildren(
      COLLECTORS,
      (i) => {
        const named = new URL(database.url);
        named.searchParams.set('application_name', app(i));
        return named.href;
      },
      {
        args: [
          '--retention-interval',
          `${INTERVAL_S}s`,
          // Every event of the load stays: only the lease is under test.
          '--retention-per-issue',
          '1000000',
        ],
      },
    );
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    await db.query(COUNT_RUNS);
  });

  after(async () => {
    killServeChildren(fleet);
    await db?.end();
    await scratch?.drop();
  });

  const runsSince = async (since: Date) =>
    (
      await db.query<{ at: Date; app: string }>(
        'SELECT at, app FROM test_retention_runs WHERE at > $1 ORDER BY at',
        [since],
      )
    ).rows;

  test('retention runs on one collector, once per interval between all of them', async () => {
    const since = new Date();
    await sleep(WATCH_MS);
    const runs = await runsSince(since);
    const apps = new Set(runs.map((r) => r.app));
    assert.equal(apps.size, 1, `one collector ran retention, not ${[...apps].join(', ')}`);
    assert.ok(runs.length >= 2, `retention ran (${runs.length} runs in ${WATCH_MS} ms)`);
    assert.ok(
      runs.length <= WATCH_MS / (INTERVAL_S * 1000) + 1,
      `${runs.length} runs in ${WATCH_MS} ms: at most one per ${INTERVAL_S} s interval`,
    );
  });

  test('SIGKILL of the holder under load: another takes the lease within the bound, nothing acknowledged is lost', async () => {
    const lease = await db.query<{ holder: string }>(
      "SELECT holder FROM job_leases WHERE name = 'retention'",
    );
    const holderPid = Number(lease.rows[0]?.holder.split(':')[1]);
    const victim = fleet.findIndex((c) => c.child.pid === holderPid);
    assert.ok(victim >= 0, `the holder ${lease.rows[0]?.holder} is one of the collectors`);
    const victimChild = fleet[victim] as ServeChild;
    const survivors = fleet.filter((_, i) => i !== victim);

    const acknowledged: string[] = [];
    let acknowledgedAtKill = 0;
    const survivorRefusals: string[] = [];
    let killed = false;
    let loading = true;
    let sent = 0;
    const lane = async () => {
      while (loading) {
        const targets = killed ? survivors : fleet;
        const target = targets[sent++ % targets.length] as ServeChild;
        const eventId = newEventId();
        const body = serializeEnvelope({
          header: { event_id: eventId },
          items: [
            {
              header: { type: 'event' },
              payload: {
                event_id: eventId,
                level: 'error',
                exception: { values: [{ type: 'LeaseLoad', value: 'under load' }] },
                timestamp: Date.now() / 1000,
              },
            },
          ],
        });
        try {
          const res = await fetch(target.envelopeUrl, { method: 'POST', body });
          const text = await res.text();
          // A refusal for overload (429 + Retry-After) is a busy machine serving, not a failure.
          const overload = res.status === 429 && res.headers.has('retry-after');
          if (res.status === 200) acknowledged.push(eventId);
          else if (overload) await sleep(Number(res.headers.get('retry-after')) * 1000);
          else if (target !== victimChild) survivorRefusals.push(`${res.status} ${text}`);
        } catch (error) {
          // A request cut by the SIGKILL was never acknowledged; one to a survivor is a failure.
          if (target !== victimChild) survivorRefusals.push(String(error));
        }
      }
    };
    const load = Promise.all(Array.from({ length: LOAD_CONCURRENCY }, lane));
    try {
      await sleep(1_000);
      const killedAt = new Date();
      victimChild.child.kill('SIGKILL');
      killed = true;
      acknowledgedAtKill = acknowledged.length;
      const bound = LEASE_TAKEOVER_MS + INTERVAL_S * 1000 + TAKEOVER_MARGIN_MS;
      let takeover: { at: Date; app: string } | undefined;
      while (takeover === undefined && Date.now() - killedAt.getTime() < bound) {
        takeover = (await runsSince(killedAt)).find((r) => r.app !== app(victim));
        if (takeover === undefined) await sleep(200);
      }
      assert.ok(takeover, `another collector ran retention within ${bound} ms of the SIGKILL`);
      const tookMs = takeover.at.getTime() - killedAt.getTime();
      console.log(`retention lease taken over ${tookMs} ms after the holder's SIGKILL`);
      // The new holder keeps it: its later runs are its own.
      await sleep(3 * INTERVAL_S * 1000);
      const later = await runsSince(takeover.at);
      assert.deepEqual(
        new Set(later.map((r) => r.app)),
        new Set([takeover.app]),
        'one holder after the takeover',
      );
    } finally {
      loading = false;
      await load;
    }
    assert.deepEqual(survivorRefusals, [], 'the survivors acknowledged every event sent to them');
    assert.ok(
      acknowledged.length > acknowledgedAtKill,
      'the survivors acknowledged events after the SIGKILL',
    );
    const present = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events WHERE event_id = ANY($1)',
      [acknowledged],
    );
    assert.equal(present.rows[0]?.n, acknowledged.length, 'every acknowledged event is in the store');
  });
}
