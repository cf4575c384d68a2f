/**
 * Durability and backpressure over real HTTP: ack only after commit, group commit, 429 with
 * Retry-After and X-Sentry-Rate-Limits when the store falls behind or a project passes its limit,
 * 503 when a commit fails, and nothing acknowledged is ever lost.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  envelope,
  envelopeUrl,
  eventEnvelope,
  eventId,
  heldRequest,
  KEY,
  KEY2,
  postEnvelope,
  Recorder,
  request,
  startServer,
} from './ingest-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends `n` events at once; returns the ids answered 200 and the other answers. */
async function burst(url: string, n: number) {
  const ids = Array.from({ length: n }, () => eventId());
  const replies = await Promise.all(ids.map((id) => postEnvelope(url, eventEnvelope({}, id))));
  const acked = ids.filter((id, i) => replies[i]!.status === 200 && replies[i]!.json.id === id);
  return { acked, refused: replies.filter((r) => r.status !== 200) };
}

describe('ingest: durability and overload', { timeout: 20_000 }, () => {
  it('group-commits a burst: one commit call for many requests, all acknowledged after commit', async () => {
    // Commits finish only once all 30 requests reached the queue: however slowly their
    // connections arrive (a loaded machine), the queue must group what waits meanwhile.
    const recorder = new Recorder();
    const commit = recorder.commit;
    let committing = 0;
    let queued = () => 0;
    recorder.commit = async (batches) => {
      committing += batches.length;
      for (let i = 0; i < 2_000 && queued() + committing < 30; i++) await sleep(5);
      await commit(batches);
    };
    const s = await startServer({ groupCommitWindowMs: 20 }, recorder);
    queued = () => s.handler.stats().queuedBatches;
    try {
      const { acked, refused } = await burst(s.url, 30);
      assert.equal(refused.length, 0);
      assert.equal(acked.length, 30);
      assert.ok(s.recorder.commitCalls <= 3, `${s.recorder.commitCalls} commits for 30 requests`);
      assert.deepEqual(new Set(s.recorder.events.map((e) => e.eventId)), new Set(acked));
    } finally {
      await s.close();
    }
  });

  it('answers 429 + Retry-After when the write queue is full, and loses nothing acknowledged', async () => {
    const s = await startServer({ maxQueuedBatches: 8, maxBatchesPerCommit: 4 });
    s.recorder.delayMs = 50; // slower than the arrival rate
    try {
      const { acked, refused } = await burst(s.url, 60);
      assert.ok(refused.length > 0, 'some requests were refused');
      for (const r of refused) {
        assert.equal(r.status, 429);
        assert.match(String(r.headers['retry-after']), /^\d+$/);
        assert.match(String(r.headers['x-sentry-rate-limits']), /^\d+::organization:backpressure$/);
        assert.match(r.json.detail, /MAX_QUEUED_BATCHES/);
      }
      const committed = s.recorder.events.map((e) => e.eventId);
      assert.equal(committed.length, acked.length);
      assert.deepEqual(new Set(committed), new Set(acked));
    } finally {
      await s.close();
    }
  });

  it('answers 429 while a commit is slower than MAX_COMMIT_LATENCY_MS, and recovers', async () => {
    const s = await startServer({ maxCommitLatencyMs: 50 });
    s.recorder.delayMs = 200;
    try {
      const first = postEnvelope(s.url, eventEnvelope());
      await sleep(100);
      const refused = await postEnvelope(s.url, eventEnvelope());
      assert.equal(refused.status, 429);
      assert.match(refused.json.detail, /commit latency/);
      assert.equal((await first).status, 200);
      s.recorder.delayMs = 0;
      assert.equal((await postEnvelope(s.url, eventEnvelope())).status, 200);
    } finally {
      await s.close();
    }
  });

  it('answers 503 when the commit fails (nothing acknowledged), and recovers', async () => {
    const s = await startServer();
    s.recorder.failCommits = true;
    try {
      const r = await postEnvelope(s.url, eventEnvelope());
      assert.equal(r.status, 503);
      assert.match(r.json.detail, /not saved/);
      s.recorder.failCommits = false;
      assert.equal((await postEnvelope(s.url, eventEnvelope())).status, 200);
    } finally {
      await s.close();
    }
  });

  it('answers 503 when a commit hangs past commitTimeoutMs (never left hanging)', async () => {
    const recorder = new Recorder();
    recorder.commit = () => new Promise<void>(() => {});
    const s = await startServer({ commitTimeoutMs: 100 }, recorder);
    try {
      const r = await postEnvelope(s.url, eventEnvelope());
      assert.equal(r.status, 503);
      assert.match(r.json.detail, /did not finish/);
    } finally {
      await s.close(); // resolves: the stuck commit's requests were answered
    }
  });

  it('answers 503 when the key lookup fails (store down), not 500', async () => {
    const recorder = new Recorder();
    recorder.findKey = async () => {
      throw new Error('connection refused');
    };
    const s = await startServer({}, recorder);
    try {
      const r = await postEnvelope(s.url, eventEnvelope());
      assert.equal(r.status, 503);
      assert.match(r.json.detail, /store unavailable/);
    } finally {
      await s.close();
    }
  });

  it('applies the per-project events-per-minute limit with a 429 naming the categories', async () => {
    let now = 1_000_000;
    const s = await startServer({ now: () => now });
    s.recorder.keys.set(KEY, { ...s.recorder.keys.get(KEY)!, rateLimitPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await postEnvelope(s.url, eventEnvelope())).status, 200);
      const limited = await postEnvelope(s.url, eventEnvelope());
      assert.equal(limited.status, 429);
      assert.equal(limited.headers['retry-after'], '20');
      assert.equal(limited.headers['x-sentry-rate-limits'], '20:default;error;security:project:rate_limited');
      // Sessions are not limited: the envelope is committed without its event, answered 200 + header.
      const mixed = await postEnvelope(
        s.url,
        envelope({ event_id: eventId() }, [
          { header: { type: 'event' }, payload: '{}' },
          { header: { type: 'session' }, payload: '{"started":0,"attrs":{"release":"r@1"}}' },
        ]),
      );
      assert.equal(mixed.status, 200);
      assert.deepEqual(mixed.json, {});
      assert.match(String(mixed.headers['x-sentry-rate-limits']), /:project:rate_limited$/);
      const last = s.recorder.batches.at(-1)!;
      assert.equal(last.events.length, 0);
      assert.equal(last.sessions.length, 1);
      assert.deepEqual(last.dropped, { rate_limited: 1 });
      now += 20_000;
      assert.equal((await postEnvelope(s.url, eventEnvelope())).status, 200);
    } finally {
      await s.close();
    }
  });

  it('refuses with 429 when request bytes in flight pass maxInflightBodyBytes', async () => {
    const s = await startServer({ maxInflightBodyBytes: 64 * 1024 });
    try {
      const r = await postEnvelope(s.url, eventEnvelope({ extra: { s: 'x'.repeat(100_000) } }));
      assert.equal(r.status, 429);
      assert.match(r.json.detail, /in flight/);
      assert.equal(s.handler.stats().inflightBodyBytes, 0);
      assert.equal((await postEnvelope(s.url, eventEnvelope())).status, 200);
    } finally {
      await s.close();
    }
  });

  it('refuses with 429 when one key holds its share of bytes in flight, and serves the other keys', async () => {
    const s = await startServer({ maxInflightBodyBytesPerKey: 64 * 1024 });
    const held = heldRequest(envelopeUrl(s.url, 1, KEY));
    try {
      held.write(Buffer.alloc(60 * 1024, 0x20)); // and never the end
      for (let i = 0; i < 200 && s.handler.stats().inflightBodyBytes < 60 * 1024; i++) await sleep(10);
      const big = eventEnvelope({ extra: { s: 'x'.repeat(8 * 1024) } });
      const refused = await postEnvelope(s.url, big);
      assert.equal(refused.status, 429);
      assert.match(refused.json.detail, /for this key \(MAX_INFLIGHT_BODY_BYTES_PER_KEY, 65536 bytes\)/);
      assert.equal((await request(envelopeUrl(s.url, 1, KEY2), { body: big })).status, 200);
      held.destroy();
      for (let i = 0; i < 200 && s.handler.stats().inflightBodyBytes > 0; i++) await sleep(10);
      assert.equal((await postEnvelope(s.url, big)).status, 200);
    } finally {
      held.destroy();
      await s.close();
    }
  });

  it('refuses with 429 when one address holds its share of bytes without a key, and serves keyed requests', async () => {
    const s = await startServer({ maxUnauthenticatedInflightBytesPerAddress: 10 * 1024 });
    const held = [heldRequest(envelopeUrl(s.url, 1, null)), heldRequest(envelopeUrl(s.url, 1, null))];
    try {
      held[0]?.write(`{"pad":"${'x'.repeat(6 * 1024)}`); // a header line still arriving
      for (let i = 0; i < 200 && s.handler.stats().inflightBodyBytes < 6 * 1024; i++) await sleep(10);
      held[1]?.write(`{"pad":"${'x'.repeat(6 * 1024)}`);
      const refused = await held[1]?.reply;
      assert.equal(refused?.status, 429);
      assert.match(refused?.detail ?? '', /from this address without a key/);
      assert.equal((await postEnvelope(s.url, eventEnvelope())).status, 200);
    } finally {
      for (const r of held) r.destroy();
      await s.close();
    }
  });

  it('close() commits what is pending, then refuses new batches with 503', async () => {
    const s = await startServer({ groupCommitWindowMs: 50 });
    s.recorder.delayMs = 30;
    try {
      const pending = Array.from({ length: 5 }, () => postEnvelope(s.url, eventEnvelope()));
      // Wait until all five are queued (a fixed sleep is too short on a loaded machine).
      for (let i = 0; i < 500 && s.handler.stats().queuedBatches + s.recorder.events.length < 5; i++)
        await sleep(5);
      const closing = s.handler.close();
      const after = await request(envelopeUrl(s.url), { body: eventEnvelope() });
      assert.equal(after.status, 503);
      await closing;
      assert.deepEqual(
        (await Promise.all(pending)).map((r) => r.status),
        [200, 200, 200, 200, 200],
      );
      assert.equal(s.recorder.events.length, 5);
    } finally {
      await s.close();
    }
  });
});
