/**
 * Hostile inputs, each answered with its precise status WHILE a concurrent stream of valid
 * events is all committed to a real store (SQLite, and PostgreSQL when FAULTLINE_TEST_PG_URL is
 * set), counted exactly in the database. Compression bombs are 1 GiB of zeros, compressed once
 * at test time through a stream (the 1 GiB never exists in memory), and the process RSS stays
 * under a named bound while the server refuses them.
 */

import assert from 'node:assert/strict';
import { Readable, type Transform } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createBrotliCompress, createDeflate, createGzip, gzipSync, constants as zc } from 'node:zlib';
import { MiB } from '@faultline/core';
import { type EngineHandle, forEachEngine } from '@faultline/test-support';
import { createCommit } from '../src/digest/index.js';
import {
  envelope,
  envelopeUrl,
  eventEnvelope,
  eventId,
  postEnvelope,
  Recorder,
  request,
  startServer,
  type TestServer,
} from './ingest-helpers.js';

/** Uncompressed size of each bomb. */
const BOMB_BYTES = 1024 * MiB;
/** RSS of this process (server and clients) while bombs are refused: the server may hold up to
 * MAX_DECOMPRESSED_BYTES (100 MiB) of one bomb before refusing it, plus the test runner (~100 MiB)
 * and the compressed bombs (observed peak: ~220 MiB); one bomb inflated in full would be 1 GiB. */
const BOMB_RSS_BOUND_BYTES = 320 * MiB;
/** Concurrent senders of valid events during the hostile inputs, and the pause between two
 * events of one sender (a steady stream that leaves the event loop room for the hostile requests). */
const VALID_SENDERS = 4;
const VALID_PAUSE_MS = 5;

async function compress(make: () => Transform): Promise<Buffer> {
  const zeros = Buffer.alloc(MiB);
  const head = Buffer.from(
    `{"event_id":"${eventId()}"}\n{"type":"attachment","length":${BOMB_BYTES},"filename":"zeros.bin"}\n`,
  );
  const source = Readable.from(
    (function* () {
      yield head;
      for (let i = 0; i < BOMB_BYTES / MiB; i++) yield zeros;
    })(),
  );
  const out: Buffer[] = [];
  for await (const chunk of source.pipe(make())) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

/** The bombs, compressed once for every engine's run. */
let compressed: Promise<Record<string, Buffer>> | undefined;
function bombsOnce(): Promise<Record<string, Buffer>> {
  compressed ??= Promise.all([
    compress(() => createGzip({ level: 1 })),
    compress(() => createDeflate({ level: 1 })),
    compress(() => createBrotliCompress({ params: { [zc.BROTLI_PARAM_QUALITY]: 1 } })),
  ]).then(([gzip, deflate, br]) => ({ gzip, deflate, br }));
  return compressed;
}

forEachEngine((engine) =>
  describe(`ingest: hostile inputs during a stream of valid events (${engine.name})`, () => {
    let s: TestServer;
    let db: EngineHandle;
    const bombs: Record<string, Buffer> = {};
    let stop = false;
    let stream: Promise<void>;
    const acknowledged: string[] = [];
    const unexpected: string[] = [];

    before(async () => {
      db = await engine.open();
      const project = await db.store.ensureDefaultProject();
      // Ingest's keys are the helpers' (KEY on project 1); what is committed goes to the real store.
      const recorder = new Recorder();
      recorder.commit = createCommit(db.store);
      assert.equal(project.key.projectId, 1);
      s = await startServer({}, recorder);
      Object.assign(bombs, await bombsOnce());
      const sender = async () => {
        while (!stop) {
          const id = eventId();
          const r = await postEnvelope(s.url, eventEnvelope({ message: 'valid' }, id));
          if (r.status === 200 && r.json?.id === id) acknowledged.push(id);
          else unexpected.push(`${r.status} ${r.text}`);
          await new Promise((resolve) => setTimeout(resolve, VALID_PAUSE_MS));
        }
      };
      stream = Promise.all(Array.from({ length: VALID_SENDERS }, sender)).then(() => undefined);
    });

    after(async () => {
      stop = true;
      await stream;
      assert.deepEqual(unexpected, [], 'every valid event was accepted');
      assert.ok(acknowledged.length > 50, `valid events flowed throughout (${acknowledged.length})`);
      await s.close();
      const rows = await db.rows<{ event_id: string; title: string }>('SELECT event_id, title FROM events');
      await db.dispose();
      const committed = new Set(rows.filter((r) => r.title === 'valid').map((r) => r.event_id));
      assert.equal(committed.size, acknowledged.length, 'exactly the acknowledged events were stored');
      for (const id of acknowledged) assert.ok(committed.has(id), id);
    });

    it('refuses gzip, deflate and br bombs with 413 before inflating them, RSS bounded', async () => {
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 5);
      try {
        for (const [encoding, body] of Object.entries(bombs)) {
          const r = await postEnvelope(s.url, body, { 'content-encoding': encoding });
          assert.equal(r.status, 413, `${encoding}: ${r.text}`);
          assert.match(r.json.detail, /decompressed body exceeds MAX_DECOMPRESSED_BYTES/);
        }
      } finally {
        clearInterval(sampler);
      }
      assert.ok(peak < BOMB_RSS_BOUND_BYTES, `peak RSS ${Math.round(peak / MiB)} MiB`);
      assert.equal(s.handler.stats().inflightBodyBytes < MiB, true, 'bomb bytes were released');
    });

    it('answers 400 for a truncated gzip body', async () => {
      const gz = gzipSync(eventEnvelope());
      const r = await postEnvelope(s.url, gz.subarray(0, gz.length >> 1), { 'content-encoding': 'gzip' });
      assert.equal(r.status, 400);
    });

    it('answers 400 with the item index for invalid JSON and invalid UTF-8', async () => {
      const json = await postEnvelope(
        s.url,
        envelope({}, [{ header: { type: 'event' }, payload: '{"message":' }]),
      );
      assert.equal(json.status, 400);
      assert.match(json.json.detail, /item 0/);
      const utf8 = await postEnvelope(
        s.url,
        envelope({}, [
          {
            header: { type: 'event' },
            payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
          },
        ]),
      );
      assert.equal(utf8.status, 400);
      assert.match(utf8.json.detail, /item 0: JSON payload is not valid UTF-8/);
    });

    it('answers 400 for JSON nested 10,000 deep, naming MAX_JSON_DEPTH', async () => {
      const deep = `{"extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      const r = await postEnvelope(s.url, envelope({}, [{ header: { type: 'event' }, payload: deep }]));
      assert.equal(r.status, 400);
      assert.match(r.json.detail, /item 0: .*MAX_JSON_DEPTH/);
    });

    it('answers 413 for a 5 MB string in an event, naming MAX_EVENT_BYTES', async () => {
      const r = await postEnvelope(s.url, eventEnvelope({ extra: { s: 'x'.repeat(5_000_000) } }));
      assert.equal(r.status, 413);
      assert.match(r.json.detail, /item 0 \(event\) exceeds MAX_EVENT_BYTES/);
    });

    it('answers 400 for an item length larger than the body', async () => {
      const r = await postEnvelope(
        s.url,
        Buffer.from('{}\n{"type":"event","length":5000}\n{"message":"short"}\n'),
      );
      assert.equal(r.status, 400);
      assert.match(r.json.detail, /item 0 length runs past the end/);
    });

    it('answers 413 for 10,000 items in one envelope, naming MAX_ENVELOPE_ITEMS', async () => {
      const items = Array.from({ length: 10_000 }, () => ({
        header: { type: 'client_report' },
        payload: '{}',
      }));
      const r = await postEnvelope(s.url, envelope({}, items));
      assert.equal(r.status, 413);
      assert.match(r.json.detail, /MAX_ENVELOPE_ITEMS/);
    });

    it('answers 401 for a missing key, 403 for a wrong one, 404 for an unknown project', async () => {
      const missing = await request(envelopeUrl(s.url, 1, null), { body: eventEnvelope() });
      assert.equal(missing.status, 401);
      const wrong = await request(envelopeUrl(s.url, 1, 'ffffffffffffffffffffffffffffffff'), {
        body: eventEnvelope(),
      });
      assert.equal(wrong.status, 403);
      const project = await request(envelopeUrl(s.url, 4242), { body: eventEnvelope() });
      assert.equal(project.status, 404);
    });
  }),
);
