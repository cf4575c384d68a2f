/**
 * An ingest worker that crashes or hangs fails only the request it was working on (503 with
 * Retry-After) and is replaced: the next request is stored, the process keeps serving. Under 200
 * requests at once every one is stored, and shutdown lets the jobs on workers finish first.
 */

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import zlib from 'node:zlib';
import { INGEST_WORKER_RETRY_AFTER_S } from '../src/limits.js';
import { eventEnvelope, postEnvelope, Recorder, startServer, type TestServer } from './ingest-helpers.js';

const EXIT = 'faultline-test-worker-exit';
const HANG = 'faultline-test-worker-hang';
const servers: TestServer[] = [];
/** Admission would refuse some requests of a burst on a loaded machine, rightly: these tests are
 * about the pool, so its bounds are out of reach. */
const NO_ADMISSION = {
  admissionSaturatedWaitMs: 600_000,
  admissionMaxWaitMs: 600_000,
  admissionEventLoopDelayMs: 600_000,
  admissionCommitLatencyMs: 600_000,
  admissionTargetDelayMs: 600_000,
};

after(async () => {
  for (const s of servers) await s.close();
});

async function serve(timeoutMs = 10_000): Promise<TestServer> {
  const s = await startServer({
    ingestWorkers: 2,
    ingestWorkerTimeoutMs: timeoutMs,
    ingestWorkerFaults: { exitMarker: EXIT, hangMarker: HANG },
  });
  servers.push(s);
  return s;
}

test('a worker that exits mid-request: that request 503 + Retry-After, the next ones stored', async () => {
  const s = await serve();
  const crashed = await postEnvelope(s.url, eventEnvelope({ message: EXIT }));
  assert.equal(crashed.status, 503, crashed.text);
  assert.equal(crashed.headers['retry-after'], String(INGEST_WORKER_RETRY_AFTER_S));
  assert.match(crashed.json.detail, /ingest worker stopped; retry/);
  // Both slots (the replaced one too) serve: more requests than workers, one after another.
  for (let i = 0; i < 4; i++) {
    const ok = await postEnvelope(s.url, zlib.gzipSync(eventEnvelope({ message: `after ${i}` })), {
      'content-encoding': 'gzip',
    });
    assert.equal(ok.status, 200, ok.text);
  }
  assert.deepEqual(
    s.recorder.events.map((e) => e.event.message),
    ['after 0', 'after 1', 'after 2', 'after 3'],
  );
});

test('a worker that hangs: that request 503 once the timeout passes, the worker is replaced', async () => {
  // Far above a job's milliseconds, so only the hung one passes it on a loaded machine.
  const s = await serve(1_500);
  const hung = postEnvelope(s.url, eventEnvelope({ message: HANG }));
  // The other worker serves meanwhile.
  const meanwhile = await postEnvelope(s.url, eventEnvelope({ message: 'meanwhile' }));
  assert.equal(meanwhile.status, 200, meanwhile.text);
  const reply = await hung;
  assert.equal(reply.status, 503, reply.text);
  assert.match(reply.json.detail, /did not answer within 1500 ms; retry/);
  assert.equal(reply.headers['retry-after'], String(INGEST_WORKER_RETRY_AFTER_S));
  const after1 = await Promise.all(
    [1, 2, 3].map((i) => postEnvelope(s.url, eventEnvelope({ message: `after ${i}` }))),
  );
  assert.deepEqual(
    after1.map((r) => r.status),
    [200, 200, 200],
  );
  assert.deepEqual(s.recorder.events.map((e) => e.event.message).sort(), [
    'after 1',
    'after 2',
    'after 3',
    'meanwhile',
  ]);
});

test('200 requests at once on 2 workers: every one answered 200 and stored', async () => {
  const s = await startServer({ ingestWorkers: 2, ...NO_ADMISSION });
  servers.push(s);
  const replies = await Promise.all(
    Array.from({ length: 200 }, (_, i) => {
      const body = eventEnvelope({ message: `parallel ${i}` });
      return i % 2 === 0
        ? postEnvelope(s.url, body)
        : postEnvelope(s.url, zlib.gzipSync(body), { 'content-encoding': 'gzip' });
    }),
  );
  assert.deepEqual(
    replies.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.text}`),
    [],
  );
  const stored = new Set(s.recorder.events.map((e) => e.event.message));
  assert.equal(stored.size, 200);
});

test('close() lets the working requests finish their jobs and commit before the pool stops', async () => {
  // Source maps are read from the store between a worker's batch and the queue: the queue must
  // not close while a request is there.
  const recorder = new Recorder();
  Object.assign(recorder, { symbolicate: () => new Promise((r) => setTimeout(r, 50)) });
  const s = await startServer({ ingestWorkers: 1, ...NO_ADMISSION }, recorder);
  servers.push(s);
  let settled = false;
  const pending = Array.from({ length: 20 }, (_, i) =>
    postEnvelope(s.url, eventEnvelope({ message: `closing ${i}`, extra: { pad: 'x'.repeat(100_000) } })),
  );
  const all = Promise.all(pending).finally(() => {
    settled = true;
  });
  while (s.handler.stats().inflightRequests < 3 && !settled) await new Promise((r) => setTimeout(r, 1));
  const working = s.handler.stats().inflightRequests;
  assert.ok(working >= 3, `${working} requests were working at close()`);
  await s.handler.close();
  const replies = await all;
  const ok = replies.filter((r) => r.status === 200).length;
  // Those working at close() are answered 200 and stored; those still arriving get 503.
  assert.ok(ok >= working, `${ok} answered 200, ${working} were working`);
  assert.deepEqual(
    replies.filter((r) => r.status !== 200).map((r) => [r.status, r.headers['retry-after'] !== undefined]),
    Array(20 - ok).fill([503, true]),
  );
  assert.equal(s.recorder.events.length, ok);
});
