// What the dispatcher transport does that fetch did for free: redirects, request body
// encodings, content decoding, an injected dispatcher, stops while undici queues the request,
// and cancelling a streamed body.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import { createClient } from './client.js';
import { ProblemError } from './problem-error.js';
import { reply, type Step, scriptedServers } from './test-support/scripted-server.js';
import { TimeoutError } from './timeout-error.js';

const quick = { random: () => 0, budget: false as const, breaker: false as const };
const server = scriptedServers();

const redirect =
  (status: number, location: string): Step =>
  (res) => {
    res.writeHead(status, { location });
    res.end();
  };

test('redirects are followed; 303 turns a POST into a GET; credentials stay on their origin', async () => {
  const other = await server(reply(200, { there: true }));
  const s = await server(
    redirect(302, '/next'),
    reply(200, { here: true }),
    redirect(303, '/done'),
    reply(200, { done: true }),
    redirect(307, `${other.origin}/x`),
  );
  const api = createClient({ baseUrl: s.url, ...quick, headers: { authorization: 'Bearer secret' } });
  assert.deepEqual(await api.get('/start'), { here: true });
  assert.equal(s.seen[1]?.url, '/next');
  assert.deepEqual(await api.post('/orders', { a: 1 }), { done: true });
  assert.equal(s.seen[3]?.method, 'GET');
  assert.equal(s.seen[3]?.body, '');
  assert.deepEqual(await api.get('/away'), { there: true });
  assert.equal(s.seen[4]?.headers.authorization, 'Bearer secret');
  assert.equal(other.seen[0]?.headers.authorization, undefined, 'dropped across origins');
});

test('a chain of redirects is followed to its end; past 20 hops the 3xx is the answer', async () => {
  let hops = 0;
  const chain: Step = (res, req) => {
    const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 0);
    if (n < 3 || req.url?.startsWith('/forever')) {
      hops++;
      res.writeHead(302, { location: `${req.url?.split('?')[0]}?n=${n + 1}` });
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ n }));
  };
  const s = await server(chain);
  const api = createClient({ baseUrl: s.url, ...quick });
  assert.deepEqual(await api.get('/chain'), { n: 3 });
  assert.equal(hops, 3);
  const error = await api.get('/forever').catch((e: unknown) => e);
  assert.ok(error instanceof ProblemError, String(error));
  assert.equal(error.status, 302);
  assert.equal(hops, 3 + 21, 'the first answer and 20 redirects followed');
});

test('bodies are encoded with the content types fetch would use', async () => {
  const s = await server(reply(200, {}));
  const api = createClient({ baseUrl: s.url, ...quick });
  await api.request('POST', '/', { body: 'plain text' });
  await api.request('POST', '/', { body: new URLSearchParams({ a: '1', b: 'x y' }) });
  await api.request('POST', '/', { body: new Blob(['{"b":1}'], { type: 'application/json' }) });
  const form = new FormData();
  form.set('field', 'value');
  await api.request('POST', '/', { body: form });
  await api.request('PUT', '/', { body: new TextEncoder().encode('bytes') });
  const types = s.seen.map((r) => r.headers['content-type']);
  assert.equal(types[0], 'text/plain;charset=UTF-8');
  assert.equal(s.seen[0]?.body, 'plain text');
  assert.equal(types[1], 'application/x-www-form-urlencoded;charset=UTF-8');
  assert.equal(s.seen[1]?.body, 'a=1&b=x+y');
  assert.equal(types[2], 'application/json');
  assert.equal(s.seen[2]?.body, '{"b":1}');
  assert.match(types[3] ?? '', /^multipart\/form-data; boundary=/);
  assert.match(s.seen[3]?.body ?? '', /name="field"\r\n\r\nvalue/);
  assert.equal(s.seen[4]?.body, 'bytes');
});

test('a ReadableStream body is sent once and not replayed', async () => {
  const s = await server(reply(503), reply(200, {}));
  const api = createClient({ baseUrl: s.url, ...quick });
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode('chunk-1 '));
      c.enqueue(new TextEncoder().encode('chunk-2'));
      c.close();
    },
  });
  const error = await api.request('PUT', '/', { body }).catch((e: unknown) => e);
  assert.equal((error as { stop?: string }).stop, 'body-not-replayable');
  assert.equal(s.seen.length, 1);
  assert.equal(s.seen[0]?.body, 'chunk-1 chunk-2');
});

test('gzip, zlib deflate, raw deflate and br are decoded; an empty encoded body is fine', async () => {
  const text = JSON.stringify({ n: 42 });
  const encoded =
    (encoding: string, bytes: Buffer): Step =>
    (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      res.end(bytes);
    };
  const s = await server(
    encoded('gzip', gzipSync(text)),
    encoded('deflate', deflateSync(text)),
    encoded('deflate', deflateRawSync(text)),
    encoded('br', brotliCompressSync(text)),
    encoded('gzip', Buffer.alloc(0)),
  );
  const api = createClient({ baseUrl: s.url, ...quick });
  for (let i = 0; i < 4; i++) assert.deepEqual(await api.get('/'), { n: 42 }, `answer ${i}`);
  assert.equal(await api.get('/'), undefined);
  assert.equal(s.seen[0]?.headers['accept-encoding'], 'gzip, deflate');
  await api.get('/', { headers: { 'accept-encoding': 'identity' } });
  assert.equal(s.seen[5]?.headers['accept-encoding'], 'identity', "the caller's header wins");
});

test('an injected dispatcher carries every attempt', async () => {
  const s = await server(reply(503), reply(200, { ok: true }));
  let dispatched = 0;
  class CountingAgent extends Agent {
    override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      dispatched++;
      return super.dispatch(opts, handler);
    }
  }
  const agent = new CountingAgent();
  const api = createClient({ baseUrl: s.url, ...quick, dispatcher: agent });
  assert.deepEqual(await api.get('/'), { ok: true });
  assert.equal(dispatched, 2);
  await agent.close();
});

test('an attempt queued behind a busy connection still times out on time', async () => {
  const s = await server(() => new Promise<void>(() => {}), reply(200, {}));
  const agent = new Agent({ connections: 1, pipelining: 1 });
  const api = createClient({ baseUrl: s.url, ...quick, dispatcher: agent, retry: false, timeout: 5000 });
  const first = api.get('/').catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 50));
  const start = performance.now();
  const queued = await api.get('/', { timeout: 200 }).catch((e: unknown) => e);
  assert.ok(queued instanceof TimeoutError, String(queued));
  assert.ok(performance.now() - start < 1000, 'not held until the connection frees up');
  await agent.destroy();
  await first;
});

test('cancelling a streamed body hangs up on the server', async () => {
  let closed = false;
  const endless: Step = (res) =>
    new Promise<void>((resolve) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const timer = setInterval(() => res.write(Buffer.alloc(16 * 1024)), 5);
      res.on('close', () => {
        closed = true;
        clearInterval(timer);
        resolve();
      });
    });
  const s = await server(endless);
  const api = createClient({ baseUrl: s.url, ...quick });
  const res = await api.request('GET', '/', { stream: true });
  const reader = res.body!.getReader();
  await reader.read();
  await reader.cancel();
  for (let i = 0; i < 200 && !closed; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(closed, 'the server saw the connection close');
});
