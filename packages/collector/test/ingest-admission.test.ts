/**
 * Admission under CPU overload (src/ingest/admission.ts): graded 429s when the working requests
 * need more of a saturated loop than its bound, when the event loop is late for long enough, or
 * when the oldest batch waits too long; never for a short burst or a timer that fires a little
 * late, with the headers SDKs obey, and nothing acknowledged lost. Unit tests drive it with a fake
 * clock and loop source; the HTTP test overloads a real server whose commits block its event loop.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gradedShare as graded } from '@faultline/core';
import { IngestRejection } from '../src/ingest/http-errors.js';
import { DEFAULT_INGEST_OPTIONS } from '../src/ingest/index.js';
import { fakeAdmission as fake } from './admission-fake.js';
import { eventEnvelope, eventId, postEnvelope, Recorder, type Reply, startServer } from './ingest-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function refusal(fn: () => void): IngestRejection | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    assert.ok(err instanceof IngestRejection);
    return err;
  }
}

describe('ingest admission', () => {
  it('grades the refused share from 0 at the bound to 1 at twice it', () => {
    assert.deepEqual(
      [
        graded(40, 50),
        graded(50, 50),
        graded(75, 50),
        graded(100, 50),
        graded(400, 50),
        graded(Number.NaN, 50),
      ],
      [0, 0, 0.5, 1, 1, 0],
    );
  });

  it('refuses only when the event-loop delay stays past its bound, and then a graded share', () => {
    const { admission, read, dice } = fake();
    const bound = DEFAULT_INGEST_OPTIONS.admissionEventLoopDelayMs;
    read(bound * 1.5);
    read(bound * 1.5);
    dice.value = 0;
    assert.equal(
      refusal(() => admission.check()),
      undefined,
      'two reads are a burst, not overload',
    );
    read(bound * 1.5);
    assert.equal(admission.state().share, 0.5);
    dice.value = 0.4; // the refusal's draw, and its Retry-After's: 1 + ⌊0.4 × 4⌋
    const refused = refusal(() => admission.check());
    assert.equal(refused?.status, 429);
    assert.equal(refused?.headers['retry-after'], '2');
    assert.equal(refused?.headers['x-sentry-rate-limits'], '2::organization:backpressure');
    assert.match(
      refused?.message ?? '',
      /event-loop delay 150 ms is past ADMISSION_EVENT_LOOP_DELAY_MS \(100\)/,
    );
    dice.value = 0.6;
    assert.equal(
      refusal(() => admission.check()),
      undefined,
      'the other half is admitted',
    );
    read(bound / 2);
    dice.value = 0;
    assert.equal(
      refusal(() => admission.check()),
      undefined,
      'one calm read ends it',
    );
    assert.equal(admission.state().lateReads, 0);
  });

  /** Reads that fill the window at `utilization` of a loop that completes 400/s when full: 40
   * requests per read saturated, 40 × `utilization` below. */
  const windowOf = (read: (d: number, u: number, c: number) => void, utilization: number) => {
    const o = DEFAULT_INGEST_OPTIONS;
    const completed = utilization >= o.admissionBusyUtilization ? 40 : Math.round(40 * utilization);
    for (let i = 0; i < o.admissionWindowMs / o.admissionSampleMs; i++) read(5, utilization, completed);
  };

  it('refuses a graded share when the working requests need more of a saturated loop than its bound', () => {
    const { admission, read, arrive, dice } = fake();
    const o = DEFAULT_INGEST_OPTIONS;
    windowOf(read, 0.97);
    assert.equal(admission.state().saturated, true);
    assert.equal(admission.state().capacityPerS, 400);
    // 400/s: the saturated bound (50 ms) is 20 requests, twice it 40.
    const atBound = (o.admissionSaturatedWaitMs * 400) / 1000;
    arrive(atBound);
    assert.equal(admission.state().share, 0, 'at the bound');
    arrive(atBound / 2);
    assert.equal(admission.state().share, 0.5);
    dice.value = 0.49;
    assert.match(
      refusal(() => admission.check())?.message ?? '',
      /30 requests in flight need ~75 ms of a saturated event loop \(400\/s\), past ADMISSION_SATURATED_WAIT_MS \(50\)/,
    );
    dice.value = 0.51;
    assert.equal(
      refusal(() => admission.check()),
      undefined,
    );
    // The loop has time again: the same work is well within the larger bound.
    windowOf(read, 0.5);
    assert.equal(admission.state().saturated, false);
    assert.equal(admission.state().capacityPerS, 400, 'half as busy, half as many completed');
    dice.value = 0;
    assert.equal(
      refusal(() => admission.check()),
      undefined,
    );
    // Work past ADMISSION_MAX_WAIT_MS (100 ms = 40 requests) on a loop that is not busy: not refused.
    arrive(60 - 30);
    assert.equal(admission.state().share, 0);
    // Once a read finds the loop busy it is, before the window's mean has caught up (while the
    // arrivals still outrun what it completes).
    read(5, 0.95, 40, 60);
    assert.deepEqual([admission.state().busy, admission.state().saturated], [true, false]);
    assert.equal(admission.state().share, 0.5);
    assert.match(
      refusal(() => admission.check())?.message ?? '',
      /60 requests in flight need ~150 ms of a busy event loop \(400\/s\), past ADMISSION_MAX_WAIT_MS \(100\)/,
    );
  });

  it('refuses nothing on the wait bound while it is asked only what it serves (SDKs each waiting for their answer)', () => {
    const { admission, read, dice } = fake();
    const o = DEFAULT_INGEST_OPTIONS;
    windowOf(read, 0.97); // saturated at 400/s: the bound is 20 working requests
    for (let i = 0; i < 64; i++) admission.started(); // 64 SDKs, each with one request working
    dice.value = 0;
    // A closed loop at its max: every read answers 40 and gets 40 new ones.
    for (let i = 0; i < o.admissionWindowMs / o.admissionSampleMs; i++) {
      read(5, 0.97, 40, 40);
      assert.equal(admission.state().share, 0, `read ${i}`);
      assert.equal(
        refusal(() => admission.check()),
        undefined,
      );
    }
    // Twice as many asked as served: a queue that grows, refused as before.
    read(5, 0.97, 40, 80);
    assert.equal(admission.state().share, 1);
    assert.match(refusal(() => admission.check())?.message ?? '', /requests in flight need/);
  });

  it('sees a long busy turn while it runs, once it is half a read long', () => {
    const { admission, read, arrive, since, dice } = fake();
    windowOf(read, 0.97); // 400/s
    windowOf(read, 0.25);
    arrive(60); // past ADMISSION_MAX_WAIT_MS's 40
    dice.value = 0;
    Object.assign(since, { ms: 20, utilization: 1 });
    assert.equal(admission.state().share, 0, 'too short to judge: the caller itself is busy');
    Object.assign(since, { ms: DEFAULT_INGEST_OPTIONS.admissionSampleMs / 2, utilization: 0.95 });
    assert.equal(admission.state().busy, true);
    assert.equal(admission.state().share, 0.5);
    assert.match(refusal(() => admission.check())?.message ?? '', /busy event loop/);
  });

  it('refuses nothing on work alone before the capacity is measured', () => {
    const { admission, read, dice } = fake();
    const o = DEFAULT_INGEST_OPTIONS;
    dice.value = 0;
    for (let i = 0; i < 1000; i++) admission.started();
    // Too few completions in a window to tell what a request costs the loop.
    for (let i = 0; i < o.admissionWindowMs / o.admissionSampleMs; i++) read(5, 0.5, 5);
    read(5, 0.95);
    assert.equal(admission.state().busy, true);
    assert.equal(admission.state().capacityPerS, 0);
    assert.equal(
      refusal(() => admission.check()),
      undefined,
      'a burst on a loop with time for it',
    );
  });

  it('does not count a timer that fires a little late as a saturated loop', () => {
    const { admission, read, advance } = fake();
    windowOf(read, 0.97); // a capacity of 400/s is known
    windowOf(read, 0.2);
    for (let i = 0; i < 1000; i++) admission.started(); // way past the saturated bound (20)
    for (let i = 0; i < 10; i++) {
      advance(1); // every read 1 ms late, on a loop that is 10 % busy
      read(0, 0.1);
    }
    assert.deepEqual([admission.state().busy, admission.state().saturated], [false, false]);
    assert.ok(admission.state().eventLoopUtilization < 0.2);
    assert.equal(admission.state().share, 0, 'requests waiting on an idle loop are not overload');
  });

  it('measures the capacity while refusing only upwards: a cold start is corrected, refusals never shrink it', () => {
    const { admission, read, arrive, dice } = fake();
    const o = DEFAULT_INGEST_OPTIONS;
    const reads = o.admissionWindowMs / o.admissionSampleMs;
    for (let i = 0; i < reads; i++) read(5, 0.99, 10); // a cold start: 100/s
    assert.equal(admission.state().capacityPerS, 100);
    arrive(40);
    dice.value = 0;
    assert.ok(
      refusal(() => admission.check()),
      'past the bound at 100/s',
    );
    // While it refuses, the loop completes more than the estimate: the estimate rises with it...
    for (let i = 0; i < reads; i++) {
      assert.ok(refusal(() => admission.check()));
      read(5, 0.99, 40, 80); // twice as many asked as served
    }
    assert.equal(admission.state().capacityPerS, 400);
    // ...but a window where refusals leave it fewer completions does not lower it.
    for (let i = 0; i < reads; i++) {
      assert.ok(refusal(() => admission.check()));
      read(5, 0.99, 5, 80);
    }
    assert.equal(admission.state().capacityPerS, 400);
    // A window without refusals measures the capacity as it is.
    for (let i = 0; i < reads; i++) read(5, 0.99, 20);
    assert.equal(admission.state().capacityPerS, 200);
  });

  it('always admits ADMISSION_MIN_INFLIGHT_REQUESTS, whatever the measured capacity', () => {
    const { admission, read, arrive, dice } = fake();
    const o = DEFAULT_INGEST_OPTIONS;
    // A saturated window that completed 10 requests per read (100/s, a bound of 5 requests at
    // ADMISSION_SATURATED_WAIT_MS): busy with something else.
    for (let i = 0; i < o.admissionWindowMs / o.admissionSampleMs; i++) read(5, 0.99, 10);
    assert.equal(admission.state().capacityPerS, 100);
    arrive(o.admissionMinInflightRequests);
    dice.value = 0;
    assert.equal(
      refusal(() => admission.check()),
      undefined,
      'a few requests at once are served',
    );
    arrive(o.admissionMinInflightRequests / 2);
    assert.equal(admission.state().share, 0.5);
  });

  it('counts a stall in progress: a read that comes late is a delay', () => {
    const { admission, read, advance } = fake();
    for (let i = 0; i < DEFAULT_INGEST_OPTIONS.admissionSustainedSamples; i++) {
      advance(400); // the timer fired 400 ms late: the loop was blocked
      read(0, 0.99);
    }
    assert.equal(admission.state().eventLoopDelayMs, 400);
    assert.ok(admission.state().eventLoopUtilization > 0.9);
    assert.equal(admission.state().share, 1);
  });

  it('refuses on commit latency without waiting for sustained reads', () => {
    let latency = 0;
    const { admission, dice } = fake(() => latency);
    assert.equal(
      refusal(() => admission.check()),
      undefined,
    );
    latency = DEFAULT_INGEST_OPTIONS.admissionCommitLatencyMs * 1.5;
    dice.value = 0.3;
    assert.match(
      refusal(() => admission.check())?.message ?? '',
      /commit latency 750 ms is past ADMISSION_COMMIT_LATENCY_MS \(500\)/,
    );
  });

  it('answers 429 under CPU overload, acknowledges only what it committed, and recovers', async () => {
    // Every commit blocks the event loop for 60 ms, as a CPU-bound collector's work does.
    const recorder = new Recorder();
    const commit = recorder.commit;
    recorder.commit = async (batches) => {
      const until = performance.now() + 60;
      while (performance.now() < until);
      await commit(batches);
    };
    const s = await startServer(
      {
        admissionEventLoopDelayMs: 15,
        admissionSampleMs: 20,
        admissionSustainedSamples: 2,
        groupCommitWindowMs: 0,
        maxBatchesPerCommit: 1, // one request per blocking commit: the loop falls behind
      },
      recorder,
    );
    try {
      const ids: string[] = [];
      const replies: Reply[] = [];
      const deadline = performance.now() + 2_000;
      // 16 clients sending back to back for 2 s.
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (performance.now() < deadline) {
            const id = eventId();
            const reply = await postEnvelope(s.url, eventEnvelope({}, id));
            ids.push(id);
            replies.push(reply);
          }
        }),
      );
      const refused = replies.filter((r) => r.status === 429);
      assert.ok(refused.length > 0, 'some requests were refused');
      assert.deepEqual(new Set(replies.map((r) => r.status)), new Set([200, 429]));
      for (const r of refused) {
        assert.match(r.headers['retry-after'] ?? '', /^[1-4]$/);
        assert.equal(
          r.headers['x-sentry-rate-limits'],
          `${r.headers['retry-after']}::organization:backpressure`,
        );
        assert.match(
          r.json.detail,
          /collector overloaded: (event-loop delay|commit latency|\d+ requests in flight need)/,
        );
      }
      const acked = ids.filter((_, i) => replies[i]?.status === 200);
      assert.ok(acked.length > 0, 'some requests were accepted');
      assert.deepEqual(new Set(recorder.events.map((e) => e.eventId)), new Set(acked));

      // Once the load is gone the loop is on time again, and requests are accepted. (The bound
      // here is low, so a busy test machine may still delay the loop past it for a moment.)
      let after: Reply | undefined;
      const id = eventId();
      for (let i = 0; i < 50 && after?.status !== 200; i++) {
        if (after !== undefined) await sleep(50);
        after = await postEnvelope(s.url, eventEnvelope({}, id));
      }
      assert.equal(after?.status, 200, after?.text);
      assert.equal(after?.json.id, id);
      assert.equal(s.handler.stats().queuedBatches, 0);
    } finally {
      await s.close();
    }
  });
});
