/**
 * Issue "Hardening the collector" §4: with the store down or frozen, a key lookup that missed the
 * cache held the ingest request until the store's own timeouts (or for ever), and its 503 said
 * nothing about when to retry. A lookup the store cannot answer is 503 with the store's
 * Retry-After; one that does not settle is 503 + Retry-After after KEY_LOOKUP_TIMEOUT_MS.
 */

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DEFAULT_STORE_RETRY_AFTER_S, KEY_LOOKUP_TIMEOUT_MS } from '../src/limits.js';
import { StoreUnavailableError } from '../src/store/store-errors.js';
import { eventEnvelope, postEnvelope, Recorder, startServer, type TestServer } from './ingest-helpers.js';

/** Margin over KEY_LOOKUP_TIMEOUT_MS for a loaded 2-core machine. */
const MARGIN_MS = 2_000;

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function serverWith(findKey: Recorder['findKey']): Promise<TestServer> {
  const recorder = new Recorder();
  recorder.findKey = findKey;
  const server = await startServer({}, recorder);
  servers.push(server);
  return server;
}

/** The reply, or a failure once `ms` have passed without one. */
function within<T>(ms: number, reply: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([reply, late]).finally(() => clearTimeout(timer));
}

test('a key lookup the store cannot answer is 503 with the Retry-After the store advises', async () => {
  const server = await serverWith(async () => {
    throw new StoreUnavailableError('connection', 'PostgreSQL is restarting', { retryAfterS: 7 });
  });
  const res = await postEnvelope(server.url, eventEnvelope());
  assert.equal(res.status, 503);
  assert.equal(res.headers['retry-after'], '7');
  assert.equal(server.recorder.commitCalls, 0);
});

test('an unexpected lookup failure is 503 with the default Retry-After, not 500', async () => {
  const server = await serverWith(async () => {
    throw new Error('socket hang up');
  });
  const res = await postEnvelope(server.url, eventEnvelope());
  assert.equal(res.status, 503);
  assert.equal(res.headers['retry-after'], String(DEFAULT_STORE_RETRY_AFTER_S));
});

test('a key lookup that never settles (a frozen store) is answered 503 + Retry-After after KEY_LOOKUP_TIMEOUT_MS', async () => {
  const server = await serverWith(() => new Promise(() => {}));
  const started = performance.now();
  const res = await within(KEY_LOOKUP_TIMEOUT_MS + MARGIN_MS, postEnvelope(server.url, eventEnvelope()));
  const elapsed = performance.now() - started;
  assert.equal(res.status, 503);
  assert.equal(res.headers['retry-after'], String(DEFAULT_STORE_RETRY_AFTER_S));
  assert.ok(
    elapsed >= KEY_LOOKUP_TIMEOUT_MS - 50,
    `answered after the bound, not before (${Math.round(elapsed)} ms)`,
  );
  // Requests arriving meanwhile share the one pending lookup and get the same bounded answer.
  const more = await within(
    KEY_LOOKUP_TIMEOUT_MS + MARGIN_MS,
    Promise.all([1, 2, 3].map(() => postEnvelope(server.url, eventEnvelope()))),
  );
  assert.deepEqual(
    more.map((r) => r.status),
    [503, 503, 503],
  );
});
