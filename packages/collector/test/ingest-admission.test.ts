/**
 * Admission under CPU overload (src/ingest/admission.ts): graded 429s when the event loop is
 * late for long enough or the oldest batch waits too long, never for a short burst, with the
 * headers SDKs obey, and nothing acknowledged lost. Unit tests drive it with a fake clock and
 * delay source; the HTTP test overloads a real server whose commits block its event loop.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Admission, graded, type LoopReading, type LoopSource } from '../src/ingest/admission.js';
import { IngestRejection } from '../src/ingest/http-errors.js';
import { DEFAULT_INGEST_OPTIONS } from '../src/ingest/index.js';
import { eventEnvelope, eventId, postEnvelope, Recorder, type Reply, startServer } from './ingest-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An Admission on a fake clock, reading the loop from `readings`; `random()` returns `dice.value`. */
function fake(latency = () => 0) {
  let now = 0;
  const readings: LoopReading[] = [];
  const dice = { value: 0 };
  const source: LoopSource = {
    read: () => readings.shift() ?? { delayMs: 0, utilization: 0 },
    close() {},
  };
  const admission = new Admission({ ...DEFAULT_INGEST_OPTIONS, now: () => now }, latency, {
    source,
    random: () => dice.value,
    autoSample: false,
  });
  /** One on-time read that sees `delayMs` and `utilization`. */
  const read = (delayMs: number, utilization = 0.5) => {
    now += DEFAULT_INGEST_OPTIONS.admissionSampleMs;
    readings.push({ delayMs, utilization });
    admission.sample();
  };
  return { admission, read, dice, advance: (ms: number) => (now += ms) };
}

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
    dice.value = 0.4;
    const refused = refusal(() => admission.check());
    assert.equal(refused?.status, 429);
    assert.equal(refused?.headers['retry-after'], '1');
    assert.equal(refused?.headers['x-sentry-rate-limits'], '1::organization:backpressure');
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

  it('refuses a graded share when a saturated loop holds more requests than the bound', () => {
    const { admission, read, dice } = fake();
    const bound = DEFAULT_INGEST_OPTIONS.admissionInflightRequests;
    for (let i = 0; i < bound * 1.5; i++) admission.started();
    dice.value = 0;
    read(5, 0.5);
    read(5, 0.5);
    read(5, 0.5);
    assert.equal(
      refusal(() => admission.check()),
      undefined,
      'many requests, but the loop has time for them',
    );
    read(5, 0.97);
    assert.equal(admission.state().share, 0.5);
    dice.value = 0.49;
    assert.match(
      refusal(() => admission.check())?.message ?? '',
      /saturated with 192 requests in flight, past ADMISSION_INFLIGHT_REQUESTS \(128\)/,
    );
    dice.value = 0.51;
    assert.equal(
      refusal(() => admission.check()),
      undefined,
    );
    for (let i = 0; i < bound; i++) admission.finished();
    dice.value = 0;
    assert.equal(
      refusal(() => admission.check()),
      undefined,
      'back under the bound',
    );
    assert.equal(admission.state().inflight, bound / 2);
    for (let i = 0; i < bound; i++) admission.started();
    read(5, 0.5);
    assert.equal(
      refusal(() => admission.check()),
      undefined,
      'the loop has time again',
    );
  });

  it('counts a stall in progress: a read that comes late is a delay', () => {
    const { admission, read, advance } = fake();
    for (let i = 0; i < DEFAULT_INGEST_OPTIONS.admissionSustainedSamples; i++) {
      advance(400); // the timer fired 400 ms late: the loop was blocked
      read(0);
    }
    assert.equal(admission.state().eventLoopDelayMs, 400);
    assert.equal(admission.state().eventLoopUtilization, 1);
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
        assert.equal(r.headers['retry-after'], '1');
        assert.equal(r.headers['x-sentry-rate-limits'], '1::organization:backpressure');
        assert.match(r.json.detail, /collector overloaded: (event-loop delay|commit latency)/);
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
