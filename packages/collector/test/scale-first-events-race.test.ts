/**
 * Three `faultline serve` processes on one PostgreSQL (issue 16 §2): the first events of new
 * fingerprints arriving on all of them at once make exactly one issue each, with exact counts;
 * a resolved issue's next events arriving on all of them reopen it once (one regression); and
 * per-route counts sent to all three add up exactly, as a single process fed the same requests
 * would count them.
 */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { MINUTE_MS, type RouteRatesItem, serializeEnvelope } from '@faultline/core';
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
import { newEventId } from './digest-fixtures.js';

const COLLECTORS = 3;
const FINGERPRINTS = 20;
const EVENTS = 1000;
const RATE_ITEMS = 300;
const CONCURRENCY = 32;

/** Times an envelope refused for overload is sent again. */
const MAX_OVERLOAD_RETRIES = 5;

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('three collectors on one PostgreSQL');
else {
  let database: ScratchDatabase | undefined;
  let collectors: ServeChild[] = [];
  let db: pg.Client;

  before(async () => {
    database = await createScratchDatabase(url, 'faultline_race');
    collectors = await startServeChildren(COLLECTORS, database.url);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  after(async () => {
    killServeChildren(collectors);
    await db?.end();
    await database?.drop();
  });

  /** Sends `bodies[i]` to collector i % COLLECTORS, CONCURRENCY at a time; every one must be acknowledged. */
  async function sendAll(bodies: Uint8Array[]): Promise<void> {
    let next = 0;
    const refused: string[] = [];
    const worker = async () => {
      while (next < bodies.length) {
        const i = next++;
        const target = collectors[i % COLLECTORS] as ServeChild;
        let res = await fetch(target.envelopeUrl, { method: 'POST', body: bodies[i] });
        // A busy machine may make a collector shed load (429 + Retry-After): sent again when it
        // says, as a retrying client would. What is checked is the counts, not the admission.
        for (let retry = 0; res.status === 429 && retry < MAX_OVERLOAD_RETRIES; retry++) {
          await res.arrayBuffer();
          await new Promise((resolve) =>
            setTimeout(resolve, Number(res.headers.get('retry-after') ?? 1) * 1000),
          );
          res = await fetch(target.envelopeUrl, { method: 'POST', body: bodies[i] });
        }
        if (res.status !== 200) refused.push(`${res.status} ${await res.text()}`);
        else await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    assert.deepEqual(refused, [], 'every envelope was acknowledged');
  }

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);

  test(`${EVENTS} first events of ${FINGERPRINTS} new fingerprints over ${COLLECTORS} collectors: ${FINGERPRINTS} issues, exact counts`, async () => {
    const run = randomBytes(3).toString('hex');
    const bodies = Array.from({ length: EVENTS }, (_, i) => {
      const eventId = newEventId();
      const event = {
        event_id: eventId,
        platform: 'node',
        level: 'error',
        fingerprint: [`race-${run}-${i % FINGERPRINTS}`],
        exception: { values: [{ type: 'RaceError', value: `fingerprint ${i % FINGERPRINTS}` }] },
        timestamp: Date.now() / 1000,
      };
      return serializeEnvelope({
        header: { event_id: eventId },
        items: [{ header: { type: 'event' }, payload: event }],
      });
    });
    await sendAll(bodies);
    const issues = await db.query<{ times_seen: string }>(
      "SELECT times_seen FROM issues WHERE project_id = 1 AND title LIKE 'RaceError%'",
    );
    assert.equal(issues.rows.length, FINGERPRINTS, 'one issue per fingerprint');
    assert.deepEqual(
      issues.rows.map((r) => Number(r.times_seen)),
      Array.from({ length: FINGERPRINTS }, () => EVENTS / FINGERPRINTS),
      'every issue counts its events exactly',
    );
    assert.equal(await count('SELECT count(*) AS n FROM events WHERE project_id = 1'), EVENTS);
    assert.equal(
      await count(
        "SELECT sum(h.count) AS n FROM issue_hourly_counts h JOIN issues i ON i.id = h.issue_id WHERE i.title LIKE 'RaceError%'",
      ),
      EVENTS,
      'the hourly counts add up',
    );
  });

  test(`a resolved issue's next events raced over ${COLLECTORS} collectors: one regression, exact counts, release health as one process would say`, async () => {
    const run = randomBytes(3).toString('hex');
    const fingerprint = `regress-${run}`;
    const body = (release: string) => {
      const eventId = newEventId();
      const event = {
        event_id: eventId,
        platform: 'node',
        level: 'error',
        release,
        fingerprint: [fingerprint],
        exception: { values: [{ type: 'RegressError', value: run }] },
        timestamp: Date.now() / 1000,
      };
      return serializeEnvelope({
        header: { event_id: eventId },
        items: [{ header: { type: 'event' }, payload: event }],
      });
    };
    await sendAll([body('regress@1')]);
    const { rows } = await db.query<{ id: number }>(
      "UPDATE issues SET status = 'resolved', resolved_at = $1 WHERE title LIKE 'RegressError%' RETURNING id",
      [Date.now()],
    );
    assert.equal(rows.length, 1);
    const issueId = rows[0]?.id;
    const AGAIN = 300;
    await sendAll(Array.from({ length: AGAIN }, () => body('regress@2')));
    const issue = await db.query<{ status: string; regressed: boolean; times_seen: string }>(
      'SELECT status, regressed, times_seen FROM issues WHERE id = $1',
      [issueId],
    );
    assert.deepEqual(
      { ...issue.rows[0], times_seen: Number(issue.rows[0]?.times_seen) },
      { status: 'unresolved', regressed: true, times_seen: 1 + AGAIN },
    );
    assert.equal(
      await count('SELECT count(*) AS n FROM issue_regressions WHERE issue_id = $1', [issueId]),
      1,
      'the regression is recorded once, by one collector',
    );
    assert.equal(await count("SELECT event_count AS n FROM releases WHERE version = 'regress@2'"), AGAIN);
    assert.equal(
      await count('SELECT sum(h.count) AS n FROM issue_hourly_counts h WHERE h.issue_id = $1', [issueId]),
      1 + AGAIN,
    );
  });

  test(`${RATE_ITEMS} rate items for one route and minute over ${COLLECTORS} collectors add up exactly`, async () => {
    const minute = new Date(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS).toISOString();
    const item: RouteRatesItem = {
      release: 'race@1',
      environment: 'production',
      buckets: [
        {
          minute,
          routes: [{ method: 'GET', route: '/race', requests: 3, errors4xx: 1, errors5xx: 1, shed: 0 }],
        },
      ],
    };
    const bodies = Array.from({ length: RATE_ITEMS }, () =>
      serializeEnvelope({ header: {}, items: [{ header: { type: 'faultline_rates' }, payload: item }] }),
    );
    await sendAll(bodies);
    const row = await db.query<{ requests: string; e4: string; e5: string }>(
      "SELECT sum(requests) AS requests, sum(errors_4xx) AS e4, sum(errors_5xx) AS e5 FROM route_counts WHERE release = 'race@1'",
    );
    assert.deepEqual(
      { requests: Number(row.rows[0]?.requests), e4: Number(row.rows[0]?.e4), e5: Number(row.rows[0]?.e5) },
      { requests: 3 * RATE_ITEMS, e4: RATE_ITEMS, e5: RATE_ITEMS },
    );
  });
}
