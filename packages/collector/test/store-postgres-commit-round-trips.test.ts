/**
 * A group commit on PostgreSQL costs a fixed number of statements and round trips, whatever the
 * number of issues it touches (issue 18 §3): on a loaded machine each round trip is a wait for
 * the server to be scheduled, and it was the commit's main cost (13 round trips and one UPDATE
 * per issue before). The statements are watched on the real driver as they go out: a wave is
 * the statements a connection sends while none of its earlier ones is still unanswered, one
 * round trip.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postgresEngine, postgresUrl, registerPostgresMissing } from '@faultline/test-support';
import pg from 'pg';
import type { ProjectId } from '../src/store/ids.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent, ingestEvent } from './digest-fixtures.js';
import { ingest } from './store-contract.js';

/** BEGIN with the duplicate check; merged fingerprints; the issues locked; the events; releases
 * and users; the counters and the issues' rows; COMMIT. */
const MAX_ROUND_TRIPS = 7;
/** The above, with the releases upserted twice (registered, then counted). */
const MAX_STATEMENTS = 12;

interface Count {
  statements: number;
  roundTrips: number;
}

/** Counts what every pg client sends from now on, until `stop`. */
function watchStatements(): { count: Count; stop: () => void } {
  const count: Count = { statements: 0, roundTrips: 0 };
  const unanswered = new WeakMap<object, number>();
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: object, ...args: unknown[]) {
    const waiting = unanswered.get(this) ?? 0;
    count.statements++;
    if (waiting === 0) count.roundTrips++;
    unanswered.set(this, waiting + 1);
    const answered = () => unanswered.set(this, (unanswered.get(this) ?? 1) - 1);
    const result = original.apply(this, args);
    if (result instanceof Promise) result.then(answered, answered);
    return result;
  };
  return { count, stop: () => (proto.query = original) };
}

/** A commit of `perIssue` events for each of `issues` fingerprints from the `first`th, every
 * event with a user, a release and tags. */
function commitBatch(projectId: ProjectId, first: number, issues: number, perIssue: number, round: number) {
  const events = [];
  for (let i = first; i < first + issues; i++)
    for (let k = 0; k < perIssue; k++)
      events.push(
        ingestEvent(
          bugEvent(
            { fn: `handler${i}` },
            {
              release: `app@1.${round}`,
              user: { id: `user-${round}-${k}` },
              tags: { region: `r${k}`, shard: String(i) },
            },
          ),
        ),
      );
  return batch(projectId, events);
}

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('a group commit round trips (PostgreSQL)');
else
  describe('a group commit round trips (PostgreSQL)', () => {
    let dispose: () => Promise<void>;
    let store: Store;
    let projectId: ProjectId;
    before(async () => {
      const handle = await postgresEngine(url).open();
      dispose = () => handle.dispose();
      store = handle.store;
      projectId = (await store.createProject('round-trips')).id as ProjectId;
      // The issues exist and the store's caches are warm: what is measured is the steady state.
      await ingest(store, commitBatch(projectId, 0, 45, 1, 0));
    });
    after(() => dispose?.());

    for (const [first, issues] of [
      [0, 5],
      [5, 40],
    ] as const)
      it(`commits ${issues * 3} events over ${issues} issues in ≤ ${MAX_STATEMENTS} statements and ≤ ${MAX_ROUND_TRIPS} round trips`, async () => {
        const watch = watchStatements();
        let result: Awaited<ReturnType<typeof ingest>>;
        try {
          result = await ingest(store, commitBatch(projectId, first, issues, 3, issues));
        } finally {
          watch.stop();
        }
        assert.equal(result.events, issues * 3, 'every event stored');
        const { statements, roundTrips } = watch.count;
        assert.ok(statements <= MAX_STATEMENTS, `${statements} statements`);
        assert.ok(roundTrips <= MAX_ROUND_TRIPS, `${roundTrips} round trips`);
        const page = await store.listIssues({ projectId, sort: 'lastSeen', limit: 50 });
        const counted = page.items.filter((i) => i.count === 4 && i.usersAffected === 4);
        assert.equal(counted.length, first + issues, 'each issue counted once per event, with its users');
      });
  });
