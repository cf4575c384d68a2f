/**
 * An ingest worker pool changes where a body is decoded, parsed and scrubbed, not what is stored
 * or answered: the same requests (real @sentry/node envelopes, gzip/deflate/br bodies,
 * attachments, a keyless envelope naming its key in its dsn, a malformed one, a compression bomb,
 * an oversized event, a legacy store body) sent to a collector without workers and to one with two
 * give the same answers and the same rows, read back through the API.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { bootstrap, createSqliteStore, type RunningCollector, startCollector } from '../src/index.js';
import { envelope, request } from './ingest-helpers.js';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));
const ADMIN = 'ingest-workers-admin-token';
/** Small, so the bomb's refusal costs the test little; the same on both collectors. */
const MAX_DECOMPRESSED = 4 * 1024 * 1024;

interface Sent {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

interface Side {
  dir: string;
  collector: RunningCollector;
  publicKey: string;
}

const sides: Side[] = [];
let recorded: Sent[] = [];

/** The envelopes a real @sentry/node app sends, recorded by a server that answers 200 {}. */
async function recordSdkEnvelopes(publicKey: string): Promise<Sent[]> {
  const sent: Sent[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'content-encoding', 'x-sentry-auth'])
        if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
      sent.push({ path: req.url ?? '/', headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    await run(process.execPath, [fixture('sentry-node-app.mjs')], {
      env: { ...process.env, SENTRY_DSN: `http://${publicKey}@127.0.0.1:${port}/1` },
      timeout: 30_000,
    });
  } finally {
    server.close();
  }
  return sent;
}

function crafted(publicKey: string): Sent[] {
  const host = 'errors.example.com';
  const q = `?sentry_key=${publicKey}&sentry_version=7`;
  const path = `/api/1/envelope/${q}`;
  const event = (id: string, message: string) =>
    envelope({ event_id: id, sent_at: '2026-01-01T00:00:00Z' }, [
      {
        header: { type: 'event' },
        payload: JSON.stringify({
          message,
          level: 'error',
          timestamp: 1_767_225_600,
          request: { headers: { authorization: 'Bearer t0ps3cret', 'x-tenant-secret': 'abc' } },
          exception: {
            values: [
              {
                type: 'TypeError',
                value: message,
                stacktrace: { frames: [{ function: 'f', filename: 'a.js', lineno: 1 }] },
              },
            ],
          },
        }),
      },
    ]);
  const plain = event('a0000000000000000000000000000001', 'plain body');
  const withAttachment = envelope({ event_id: 'a0000000000000000000000000000005' }, [
    {
      header: { type: 'event' },
      payload: JSON.stringify({ message: 'with attachment', timestamp: 1_767_225_600 }),
    },
    {
      header: { type: 'attachment', filename: '../etc/log.txt', content_type: 'text/plain' },
      payload: 'line 1\nline 2\n',
    },
    { header: { type: 'attachment', filename: 'bytes.bin' }, payload: Buffer.from([0, 1, 2, 255, 254]) },
  ]);
  const keyless = envelope(
    { event_id: 'a0000000000000000000000000000006', dsn: `http://${publicKey}@${host}/1` },
    [
      {
        header: { type: 'event' },
        payload: JSON.stringify({ message: 'keyless, dsn in its first line', timestamp: 1_767_225_600 }),
      },
    ],
  );
  const oversized = envelope({ event_id: 'a0000000000000000000000000000007' }, [
    { header: { type: 'event' }, payload: JSON.stringify({ message: 'x'.repeat(1_100_000) }) },
  ]);
  // Streamed and refused on the main thread (over SYNC_DECODE_MAX_INPUT_BYTES on the wire), and
  // small enough to be decoded in one call on a worker: both must be refused alike.
  const bomb = zlib.gzipSync(Buffer.alloc(96 * 1024 * 1024));
  const smallBomb = zlib.brotliCompressSync(Buffer.alloc(32 * 1024 * 1024));
  const enc = (e: string) => ({ 'content-encoding': e, 'content-type': 'application/x-sentry-envelope' });
  return [
    { path, headers: {}, body: plain },
    {
      path,
      headers: enc('gzip'),
      body: zlib.gzipSync(event('a0000000000000000000000000000002', 'gzip body')),
    },
    {
      path,
      headers: enc('deflate'),
      body: zlib.deflateSync(event('a0000000000000000000000000000003', 'deflate body')),
    },
    {
      path,
      headers: enc('br'),
      body: zlib.brotliCompressSync(event('a0000000000000000000000000000004', 'br body')),
    },
    { path, headers: enc('gzip'), body: zlib.gzipSync(withAttachment) },
    { path: '/api/1/envelope/', headers: {}, body: keyless },
    {
      path,
      headers: {},
      body: Buffer.from(
        '{"event_id":"a00000000000000000000000000000ff"}\n{"type":"event","length":5}\n{nope\n',
      ),
    },
    { path, headers: enc('gzip'), body: Buffer.from('not gzip at all') },
    { path, headers: enc('gzip'), body: bomb },
    { path, headers: enc('br'), body: smallBomb },
    { path, headers: {}, body: oversized },
    { path, headers: enc('gzip'), body: zlib.gzipSync(oversized) },
    {
      path: `/api/1/store/${q}`,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(
        JSON.stringify({
          event_id: 'a0000000000000000000000000000008',
          message: 'legacy store body',
          timestamp: 1_767_225_600,
        }),
      ),
    },
    {
      path: `/api/1/store/${q}`,
      headers: enc('gzip'),
      body: zlib.gzipSync(
        '{"event_id": "a0000000000000000000000000000009", "message": "store, gzip", "timestamp": 1767225600}',
      ),
    },
  ];
}

function swapKey(r: Sent, from: string, to: string): Sent {
  assert.equal(r.headers['content-encoding'], undefined, 'the SDK sent an encoded body');
  const swap = (t: string) => t.replaceAll(from, to);
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, swap(v)]));
  return { path: swap(r.path), headers, body: Buffer.from(swap(r.body.toString('utf8'))) };
}

/** Sends of one request refused 429 by admission before the test gives up on it. */
const MAX_SENDS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(ingestWorkers: number): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), `faultline-workers-${ingestWorkers}-`));
  const store = createSqliteStore({ dataDir: dir });
  await store.migrate();
  const collector = await startCollector({
    store,
    adminToken: ADMIN,
    ingest: { ingestWorkers, maxDecompressedBytes: MAX_DECOMPRESSED },
  });
  const { dsn } = await bootstrap(store, collector.url, ADMIN);
  return { dir, collector, publicKey: new URL(dsn).username };
}

before(async () => {
  sides.push(await open(0), await open(2));
  recorded = await recordSdkEnvelopes(sides[0]!.publicKey);
});

after(async () => {
  for (const s of sides) {
    await s.collector.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});

async function api(side: Side, path: string): Promise<any> {
  const res = await fetch(`${side.collector.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  assert.equal(res.status, 200, `${path} → ${res.status}`);
  return res.json();
}

/** What a side answered and stored for the requests, the parts that do not depend on the clock. */
async function sendAndRead(side: Side, requests: Sent[]) {
  const answers = [];
  for (const r of requests) {
    // A loaded machine's admission may refuse one with 429 (a bomb's decoding delays the loop):
    // sent again after its Retry-After, as an SDK would, so both sides compare what they stored.
    let reply = await request(`${side.collector.url}${r.path}`, { headers: r.headers, body: r.body });
    for (let tries = 1; reply.status === 429 && tries < MAX_SENDS; tries++) {
      await sleep(Number(reply.headers['retry-after'] ?? 1) * 1000);
      reply = await request(`${side.collector.url}${r.path}`, { headers: r.headers, body: r.body });
    }
    answers.push({
      status: reply.status,
      body: reply.json?.id === undefined ? reply.text : 'id',
      id: reply.json?.id,
      error: reply.headers['x-sentry-error'],
      retryAfter: reply.headers['retry-after'],
    });
  }
  const issues = (await api(side, '/api/v1/projects/1/issues?limit=100')).items as any[];
  const events = [];
  for (const a of answers) {
    if (a.status !== 200 || a.id === undefined) continue;
    const ev = await api(side, `/api/v1/events/${a.id}`);
    const attachments = (await api(side, `/api/v1/events/${a.id}/attachments`)).items as any[];
    const bytes = [];
    for (const at of attachments) {
      const res = await fetch(`${side.collector.url}/api/v1/events/${a.id}/attachments/${at.id}`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      bytes.push(Buffer.from(await res.arrayBuffer()).toString('hex'));
    }
    events.push({ ev: withoutClock(ev), attachments: withoutClock(attachments), bytes });
  }
  // Each collector has its own key, which the SDK also wrote into the events' baggage.
  const read = JSON.stringify({ answers, issues: issues.map(withoutClock), events });
  return JSON.parse(read.replaceAll(side.publicKey, '<key>')) as {
    answers: typeof answers;
    issues: unknown[];
    events: typeof events;
  };
}

/** Drops what depends on when the request arrived (received times, first/last seen). */
function withoutClock(v: any): any {
  if (Array.isArray(v)) return v.map(withoutClock);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v))
    if (!/received|seen|At$|^age|^sdkSentAt$/i.test(k)) out[k] = withoutClock(x);
  return out;
}

test('0 and 2 ingest workers: the same answers and the same stored rows', async () => {
  assert.ok(recorded.length >= 3, `the SDK sent ${recorded.length} envelopes`);
  // The two collectors have a key each: the SDK's envelopes (not encoded) name the other's in
  // their dsn and auth header, which are swapped.
  const requests = (side: Side): Sent[] => [
    ...recorded.map((r) => swapKey(r, sides[0]!.publicKey, side.publicKey)),
    ...crafted(side.publicKey),
  ];
  const without = await sendAndRead(sides[0]!, requests(sides[0]!));
  const withPool = await sendAndRead(sides[1]!, requests(sides[1]!));
  const statuses = without.answers.map((a) => a.status);
  // The corpus covers each outcome: stored, 400, 413 (bomb, oversized).
  for (const s of [200, 400, 413]) assert.ok(statuses.includes(s), `${statuses}`);
  assert.ok(without.events.length >= 8, `${without.events.length} events stored`);
  assert.ok(
    without.events.some((e) => e.attachments.length === 2),
    'the attachments were stored',
  );
  // A new event id of an event without one differs; everything else is the same.
  assert.deepEqual(
    withPool.answers.map((a) => ({ ...a, id: a.id !== undefined })),
    without.answers.map((a) => ({ ...a, id: a.id !== undefined })),
  );
  assert.deepEqual(withPool.issues, without.issues);
  assert.deepEqual(withPool.events, without.events);
});
