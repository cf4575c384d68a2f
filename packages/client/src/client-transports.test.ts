// The same behaviours through both transports: the default (undici's dispatcher) and a
// caller's `fetch`. Timeouts over headers and body, caller aborts, error mapping, bounded
// error bodies, streaming and content decoding must not depend on which one sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { MiB } from '@faultline/core';
import { AbortedError } from './aborted-error.js';
import { createClient } from './client.js';
import { MAX_ERROR_TEXT_LENGTH } from './limits.js';
import { NetworkError } from './network-error.js';
import type { ClientOptions } from './options.js';
import { ProblemError } from './problem-error.js';
import {
  closedPort,
  hangUp,
  problem,
  reply,
  type Step,
  scriptedServers,
  stallBody,
} from './test-support/scripted-server.js';
import { TimeoutError } from './timeout-error.js';

const quick = { random: () => 0, budget: false as const, breaker: false as const };
const server = scriptedServers();

/** Polls `done` every 10 ms for up to 2 s (a loaded box is slow to deliver a close). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(done(), 'condition not reached within 2 s');
}

const TRANSPORTS: Array<[string, ClientOptions]> = [
  ['dispatcher', {}],
  ['fetch', { fetch: globalThis.fetch }],
];

/** Sends gzip when the request asks for it (as compression middleware does). */
const gzipJson =
  (value: unknown, status = 200): Step =>
  (res, req) => {
    const text = JSON.stringify(value);
    if (!/gzip/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.writeHead(status, { 'content-type': 'application/json' });
      return void res.end(text);
    }
    res.writeHead(status, { 'content-type': 'application/problem+json', 'content-encoding': 'gzip' });
    res.end(gzipSync(text));
  };

/** Writes `total` bytes in 64 KiB chunks with backpressure; `seen.flushed` reports progress. */
function bigBody(status: number, total: number, progress: { flushed: number; closed: boolean }): Step {
  return (res) =>
    new Promise<void>((resolve) => {
      res.writeHead(status, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      res.on('close', () => {
        progress.closed = true;
        resolve();
      });
      const pump = () => {
        while (progress.flushed < total && !res.destroyed) {
          progress.flushed += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
}

for (const [name, transport] of TRANSPORTS) {
  test(`${name}: a stalled body times out, the GET is retried and succeeds`, async () => {
    const s = await server(stallBody(5000), reply(200, { ok: true }));
    const api = createClient({ baseUrl: s.url, ...quick, ...transport, timeout: 300 });
    const start = performance.now();
    assert.deepEqual(await api.get('/'), { ok: true });
    assert.equal(s.seen.length, 2);
    // Well before the 5 s stall would have ended, with room for a loaded machine.
    assert.ok(performance.now() - start < 4000);
  });

  test(`${name}: headers that never come time out with TimeoutError`, async () => {
    const s = await server(() => new Promise<void>(() => {}));
    const api = createClient({ baseUrl: s.url, ...quick, ...transport, timeout: 200, retry: false });
    const error = await api.get('/').catch((e: unknown) => e);
    assert.ok(error instanceof TimeoutError, String(error));
    assert.equal(error.attempts, 1);
  });

  test(`${name}: the caller aborting mid-attempt gives AbortedError with its reason`, async () => {
    const s = await server(stallBody(5000));
    const api = createClient({ baseUrl: s.url, ...quick, ...transport });
    const controller = new AbortController();
    const reason = new Error('user left');
    setTimeout(() => controller.abort(reason), 100);
    const error = await api.get('/', { signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(error instanceof AbortedError, String(error));
    assert.equal(error.cause, reason);
  });

  test(`${name}: connection refused and hang-up map to NetworkError codes`, async () => {
    const port = await closedPort();
    const refused = await createClient({ ...quick, ...transport, retry: false })
      .get(`http://127.0.0.1:${port}/`)
      .catch((e: unknown) => e);
    assert.ok(refused instanceof NetworkError);
    assert.equal(refused.errno, 'ECONNREFUSED');
    const s = await server(hangUp);
    const hung = await createClient({ baseUrl: s.url, ...quick, ...transport, retry: false })
      .get('/')
      .catch((e: unknown) => e);
    assert.ok(hung instanceof NetworkError);
    assert.equal(hung.errno, 'UND_ERR_SOCKET');
  });

  test(`${name}: a 10 MB error body is cut at the bound and the connection dropped`, async () => {
    const progress = { flushed: 0, closed: false };
    const s = await server(bigBody(502, 10 * MiB, progress));
    const error = await createClient({ baseUrl: s.url, ...quick, ...transport, retry: false })
      .get('/')
      .catch((e: unknown) => e);
    assert.ok(error instanceof ProblemError);
    assert.equal(error.bodyTruncated, true);
    assert.equal(error.body?.length, MAX_ERROR_TEXT_LENGTH);
    await until(() => progress.closed);
    assert.ok(progress.flushed < 10 * MiB, `sent ${progress.flushed} bytes`);
  });

  test(`${name}: a gzip answer is decoded, for 2xx JSON and for a problem body`, async () => {
    const s = await server(gzipJson({ id: 7 }), gzipJson({ title: 'Down', instance: 'inc-9' }, 503));
    const api = createClient({ baseUrl: s.url, ...quick, ...transport, retry: false });
    assert.deepEqual(await api.get('/'), { id: 7 });
    const error = await api.get('/').catch((e: unknown) => e);
    assert.ok(error instanceof ProblemError);
    assert.equal(error.instance, 'inc-9');
  });

  test(`${name}: a 1 MB streamed body arrives whole; the timeout covers its read`, async () => {
    const progress = { flushed: 0, closed: false };
    const s = await server(bigBody(200, MiB, progress), stallBody(5000));
    const api = createClient({ baseUrl: s.url, ...quick, ...transport, timeout: 300, retry: false });
    // Generous for the whole body (a loaded CI box), tight for the stall.
    const res = await api.request('GET', '/', { stream: true, timeout: 10_000 });
    assert.equal((await res.arrayBuffer()).byteLength, MiB);
    const stalled = await api.request('GET', '/', { stream: true });
    const error = await stalled.text().catch((e: unknown) => e);
    assert.ok(error instanceof TimeoutError, String(error));
  });

  test(`${name}: request() gives a readable Response with the answer's headers`, async () => {
    const s = await server(problem(200, { ok: true }, { 'x-served-by': 'a' }), reply(204));
    const api = createClient({ baseUrl: s.url, ...quick, ...transport });
    const res = await api.request('GET', '/');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-served-by'), 'a');
    assert.deepEqual(await res.json(), { status: 200, ok: true });
    const empty = await api.request('DELETE', '/');
    assert.equal(empty.status, 204);
    assert.equal(empty.body, null);
  });
}
