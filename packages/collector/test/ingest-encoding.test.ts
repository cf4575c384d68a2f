/** Content-Encoding, body bounds and connection handling (sentry-protocol.md §5, §7). */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { SYNC_DECODE_MAX_INPUT_BYTES, SYNC_DECODE_MAX_OUTPUT_BYTES } from '../src/limits.js';
import {
  envelope,
  envelopeUrl,
  eventEnvelope,
  eventId,
  KEY,
  postEnvelope,
  request,
  startServer,
  type TestServer,
} from './ingest-helpers.js';

describe('ingest: content encoding and body bounds', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ maxEnvelopeBodyBytes: 256 * 1024 });
  });
  after(() => s.close());

  it('decodes gzip, deflate and br, and ignores "", "identity" and "UTF-8"', async () => {
    const cases: [string, (b: Buffer) => Buffer][] = [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
      ['', (b) => b],
      ['identity', (b) => b],
      ['UTF-8', (b) => b],
    ];
    for (const [encoding, encode] of cases) {
      const id = eventId();
      const r = await postEnvelope(s.url, encode(eventEnvelope({}, id)), { 'content-encoding': encoding });
      assert.equal(r.status, 200, `${encoding}: ${r.text}`);
      assert.deepEqual(r.json, { id });
    }
  });

  it('decodes a small body at once and a large one streamed, with the same bounds', async () => {
    const withAttachment = (id: string, attachment: Buffer) =>
      envelope({ event_id: id }, [
        { header: { type: 'event' }, payload: JSON.stringify({ message: 'sized', level: 'error' }) },
        { header: { type: 'attachment', filename: 'blob.bin' }, payload: attachment },
      ]);
    // Under SYNC_DECODE_MAX_INPUT_BYTES on the wire but past SYNC_DECODE_MAX_OUTPUT_BYTES decoded:
    // the one-shot decode stops at its cap and the streaming decoder takes over.
    const zeros = gzipSync(withAttachment(eventId(), Buffer.alloc(3 * SYNC_DECODE_MAX_OUTPUT_BYTES)));
    assert.ok(zeros.length < SYNC_DECODE_MAX_INPUT_BYTES);
    // Past SYNC_DECODE_MAX_INPUT_BYTES on the wire (random bytes do not compress): streamed.
    const noiseId = eventId();
    const noise = gzipSync(withAttachment(noiseId, randomBytes(SYNC_DECODE_MAX_INPUT_BYTES + 4096)));
    assert.ok(noise.length > SYNC_DECODE_MAX_INPUT_BYTES);
    for (const body of [zeros, noise]) {
      const r = await postEnvelope(s.url, body, { 'content-encoding': 'gzip' });
      assert.equal(r.status, 200, r.text);
    }
    assert.ok(s.recorder.events.some((e) => e.eventId === noiseId));

    // A bound below the one-shot cap is enforced by the one-shot decode itself.
    const small = await startServer({ maxDecompressedBytes: 256 * 1024 });
    try {
      for (const [encoding, encode] of [
        ['gzip', gzipSync],
        ['deflate', deflateSync],
        ['br', brotliCompressSync],
      ] as const) {
        const r = await postEnvelope(small.url, encode(withAttachment(eventId(), Buffer.alloc(300 * 1024))), {
          'content-encoding': encoding,
        });
        assert.equal(r.status, 413, encoding);
        assert.match(r.json.detail, /decompressed body exceeds MAX_DECOMPRESSED_BYTES \(262144 bytes\)/);
        const ok = await postEnvelope(
          small.url,
          encode(withAttachment(eventId(), Buffer.alloc(200 * 1024))),
          {
            'content-encoding': encoding,
          },
        );
        assert.equal(ok.status, 200, `${encoding}: ${ok.text}`);
      }
      assert.equal(small.handler.stats().inflightBodyBytes, 0, 'every held byte was released');
    } finally {
      await small.close();
    }
  });

  it('answers 415 for zstd (no decoder on Node 20) and unknown or stacked encodings', async () => {
    const hasZstd = 'createZstdDecompress' in (await import('node:zlib'));
    for (const encoding of [...(hasZstd ? [] : ['zstd']), 'compress', 'gzip, br', 'x-custom']) {
      const r = await postEnvelope(s.url, 'whatever', { 'content-encoding': encoding });
      assert.equal(r.status, 415, encoding);
      assert.match(r.json.detail, /unsupported content encoding/);
    }
  });

  it('answers 400 for a truncated or corrupt compressed body', async () => {
    const gz = gzipSync(eventEnvelope());
    const truncated = await postEnvelope(s.url, gz.subarray(0, gz.length - 10), {
      'content-encoding': 'gzip',
    });
    assert.equal(truncated.status, 400);
    assert.match(truncated.json.detail, /failed to decode gzip/);
    const corrupt = await postEnvelope(s.url, Buffer.from('definitely not deflate'), {
      'content-encoding': 'deflate',
    });
    assert.equal(corrupt.status, 400);
  });

  it('answers 413 naming the limit for a body over the compressed bound, with or without Content-Length', async () => {
    const big = Buffer.alloc(300 * 1024, 0x61);
    const declared = await postEnvelope(s.url, big);
    assert.equal(declared.status, 413);
    assert.match(declared.json.detail, /MAX_ENVELOPE_BODY_BYTES/);
    const chunked = await postEnvelope(
      s.url,
      Readable.from([big.subarray(0, 150_000), big.subarray(150_000)]),
    );
    assert.equal(chunked.status, 413);
    assert.match(chunked.json.detail, /MAX_ENVELOPE_BODY_BYTES/);
  });

  it('bounds the legacy store body (200 KiB) and its base64(zlib) inflation (event size)', async () => {
    const tooBig = await request(`${s.url}/api/1/store/?sentry_key=${KEY}`, {
      body: `{"message":"${'x'.repeat(210 * 1024)}"}`,
    });
    assert.equal(tooBig.status, 413);
    assert.match(tooBig.json.detail, /MAX_STORE_BODY_BYTES/);
    const bomb = deflateSync(Buffer.alloc(8 * 1024 * 1024, 0x20)).toString('base64');
    const r = await request(`${s.url}/api/1/store/?sentry_key=${KEY}`, { body: bomb });
    assert.equal(r.status, 413);
    assert.match(r.json.detail, /MAX_EVENT_BYTES/);
  });

  it('answers 408 when a body stalls past bodyReadTimeoutMs', async () => {
    const slow = await startServer({ bodyReadTimeoutMs: 100 });
    try {
      const stalled = new Readable({ read() {} });
      stalled.push(eventEnvelope().subarray(0, 20)); // and never the rest
      const r = await request(envelopeUrl(slow.url), { body: stalled });
      assert.equal(r.status, 408);
      assert.equal(r.headers.connection, 'close');
      stalled.destroy();
    } finally {
      await slow.close();
    }
  });

  it('keeps a connection alive after refusing a small body, and closes it after a large one', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const send = (url: string, body: Buffer) =>
        new Promise<http.IncomingMessage>((resolve, reject) => {
          const req = http.request(url, { method: 'POST', agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res));
          });
          req.on('error', reject);
          req.end(body);
        });
      const refused = await send(envelopeUrl(s.url, 1, 'unknownkey'), eventEnvelope());
      assert.equal(refused.statusCode, 403);
      assert.notEqual(refused.headers.connection, 'close');
      const ok = await send(envelopeUrl(s.url), eventEnvelope());
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.socket, refused.socket, 'the same kept-alive socket served both');
      const big = await send(envelopeUrl(s.url), Buffer.alloc(2 * 1024 * 1024));
      assert.equal(big.statusCode, 413);
      assert.equal(big.headers.connection, 'close');
    } finally {
      agent.destroy();
    }
  });
});
