/**
 * The write queue's defence in depth: a group commit that fails for one batch's data is
 * committed again in halves, so every other batch of the group commits and only that batch is
 * refused (400 with the store's reason, one log line without its data). An unavailable store
 * fails the group at once (503 + Retry-After, no bisect), the bisect is bounded, and the group's
 * commit timeout still answers everything. The commit is a fake here: the queue is under test
 * (ingest-poison-isolation.test.ts does the same against both real stores).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyBatch } from '../src/ingest/envelope-items.js';
import type { IngestRejection } from '../src/ingest/http-errors.js';
import { resolveIngestOptions } from '../src/ingest/options.js';
import { WriteQueue, type WriteQueueOptions } from '../src/ingest/write-queue.js';
import type { IngestBatch } from '../src/ingest-batch.js';
import { StoreUnavailableError } from '../src/store/store-errors.js';

/** Batches per group in these tests (all enqueued within one window, so one group). */
const GROUP = 8;
/** The data of the poisoned batch; it must never reach the log. */
const SECRET = 'card 4111-1111-1111-1111';

/** A PostgreSQL driver error as pg throws it: the SQLSTATE in `code`, values in the message. */
const pgError = (code: string) =>
  Object.assign(new Error(`invalid byte sequence for encoding "UTF8": 0x00 in "${SECRET}"`), { code });

interface Run {
  /** The batches of each commit call, by index in the group. */
  calls: number[][];
  /** Indexes of the batches committed, in commit order. */
  committed: number[];
  /** Each batch's answer: 200, or the rejection's status. */
  answers: (number | IngestRejection)[];
  logs: string[];
}

/**
 * Enqueues GROUP batches at once (batch i has project 100 + i) through a queue whose commit
 * throws `fail(indexes)` when that returns an error, and waits for every answer.
 */
async function run(
  fail: (indexes: number[]) => unknown,
  options: Partial<WriteQueueOptions> = {},
  commitDelay = () => Promise.resolve(),
): Promise<Run> {
  const batches = Array.from({ length: GROUP }, (_, i) => {
    const b: IngestBatch = emptyBatch(100 + i, 0);
    b.events.push({ eventId: String(i).padStart(32, '0'), event: { message: i === 3 ? SECRET : 'ok' } });
    return b;
  });
  const r: Run = { calls: [], committed: [], answers: [], logs: [] };
  const queue = new WriteQueue(
    async (part) => {
      const indexes = part.map((b) => batches.indexOf(b));
      r.calls.push(indexes);
      await commitDelay();
      const error = fail(indexes);
      if (error !== undefined) throw error;
      r.committed.push(...indexes);
    },
    { ...resolveIngestOptions(), groupCommitWindowMs: 10, log: (m) => r.logs.push(m), ...options },
  );
  r.answers = await Promise.all(
    batches.map((b) =>
      queue.enqueue(b, 1).then(
        () => 200,
        (e: IngestRejection) => e,
      ),
    ),
  );
  await queue.close();
  return r;
}

const statusOf = (a: number | IngestRejection) => (typeof a === 'number' ? a : a.status);
const has3 = (indexes: number[]) => indexes.includes(3);

describe('ingest: a group commit failing for one batch’s data', () => {
  it('commits every other batch, in order, and refuses that one with 400 and the reason', async () => {
    const r = await run((indexes) => (has3(indexes) ? pgError('22021') : undefined));
    assert.deepEqual(r.answers.map(statusOf), [200, 200, 200, 400, 200, 200, 200, 200]);
    assert.deepEqual(r.committed, [0, 1, 2, 4, 5, 6, 7], 'committed once each, in order');
    const refusal = r.answers[3] as IngestRejection;
    assert.equal(
      refusal.message,
      "the store refused this request's data (PostgreSQL SQLSTATE 22021 (data exception)); nothing of it was saved",
    );
    // The whole group, then halves of the failing halves: [0-7], [0-3], [0-1], [2-3], [2], [3], [4-7].
    assert.deepEqual(r.calls, [
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 1, 2, 3],
      [0, 1],
      [2, 3],
      [2],
      [3],
      [4, 5, 6, 7],
    ]);
    assert.deepEqual(r.logs, [
      'faultline ingest: refused a batch of project 103 for its data (PostgreSQL SQLSTATE 22021 ' +
        '(data exception)); answered 400, nothing of it saved (1 events, 0 transactions, 0 session items, 0 attachments)',
    ]);
    assert.ok(!r.logs.join().includes(SECRET) && !refusal.message.includes(SECRET), 'no data in the log');
  });

  it('names SQLite’s content errors too (SQLITE_TOOBIG, SQLITE_CONSTRAINT_*, SQLITE_MISMATCH)', async () => {
    for (const code of ['SQLITE_TOOBIG', 'SQLITE_CONSTRAINT_NOTNULL', 'SQLITE_MISMATCH']) {
      const r = await run((indexes) => (has3(indexes) ? Object.assign(new Error('x'), { code }) : undefined));
      assert.deepEqual(r.answers.map(statusOf), [200, 200, 200, 400, 200, 200, 200, 200], code);
      assert.match((r.answers[3] as IngestRejection).message, new RegExp(`\\(SQLite ${code}\\)`));
    }
  });

  it('isolates several bad batches, and a wrapped driver error counts as content (its cause)', async () => {
    const r = await run((indexes) =>
      indexes.includes(0) || indexes.includes(6)
        ? new Error('digest failed', { cause: pgError('22003') })
        : undefined,
    );
    assert.deepEqual(r.answers.map(statusOf), [400, 200, 200, 200, 200, 200, 400, 200]);
    assert.deepEqual(r.committed, [1, 2, 3, 4, 5, 7]);
    assert.equal(r.logs.length, 2);
  });

  it('answers 503 with Retry-After, not 400, to a batch that fails alone for another reason', async () => {
    const r = await run((indexes) => (has3(indexes) ? new TypeError('a bug of ours') : undefined));
    assert.deepEqual(r.answers.map(statusOf), [200, 200, 200, 503, 200, 200, 200, 200]);
    assert.equal((r.answers[3] as IngestRejection).headers['retry-after'], '5');
    assert.deepEqual(r.logs, [
      'faultline ingest: 1 of 8 batches of a group commit were not saved (TypeError: a bug of ours); answered 503',
    ]);
  });

  it('fails the whole group at once when the store is unavailable: one commit, 503 + Retry-After', async () => {
    const r = await run(
      () => new StoreUnavailableError('connection', 'PostgreSQL is restarting', { retryAfterS: 7 }),
    );
    assert.deepEqual(r.calls, [[0, 1, 2, 3, 4, 5, 6, 7]], 'no bisect');
    for (const a of r.answers) {
      assert.equal(statusOf(a), 503);
      assert.equal((a as IngestRejection).headers['retry-after'], '7');
    }
    assert.deepEqual(r.logs, []);
  });

  it('stops the bisect when the store becomes unavailable, answering the rest 503', async () => {
    let calls = 0;
    const r = await run(() => {
      calls++;
      if (calls === 1) return pgError('22021');
      return calls === 2 ? undefined : new StoreUnavailableError('timeout', 'statement timeout');
    });
    // [0-3] committed; [4-7] met the unavailable store.
    assert.deepEqual(r.answers.map(statusOf), [200, 200, 200, 200, 503, 503, 503, 503]);
    assert.equal(calls, 3);
    assert.equal(r.committed.length, 4);
  });

  it('bounds the bisect by maxBisectCommits; what is left is answered 503', async () => {
    const r = await run((indexes) => (has3(indexes) ? pgError('22021') : undefined), { maxBisectCommits: 2 });
    // [0-7] and [0-3] failed, [0-1] committed; no commit was left for [2-3] and [4-7].
    assert.deepEqual(r.calls, [
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 1, 2, 3],
      [0, 1],
    ]);
    assert.deepEqual(r.answers.map(statusOf), [200, 200, 503, 503, 503, 503, 503, 503]);
    assert.deepEqual(r.logs, [
      'faultline ingest: 6 of 8 batches of a group commit were not saved (PostgreSQL SQLSTATE 22021 ' +
        '(data exception)); answered 503',
    ]);
  });

  it('answers everything 503 when the bisect passes commitTimeoutMs, and commits nothing after', async () => {
    let calls = 0;
    const r = await run(
      (indexes) => (has3(indexes) ? pgError('22021') : undefined),
      { commitTimeoutMs: 200 },
      () => new Promise((resolve) => setTimeout(resolve, ++calls === 2 ? 400 : 0)),
    );
    assert.deepEqual(r.answers.map(statusOf), Array(GROUP).fill(503));
    assert.match((r.answers[0] as IngestRejection).message, /did not finish within 200 ms/);
    assert.equal(r.calls.length, 2, 'no part was committed once the group timed out');
  });
});
