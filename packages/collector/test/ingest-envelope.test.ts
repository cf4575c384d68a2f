/** Envelope shapes and item types over real HTTP (sentry-protocol.md §3). */

import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
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

describe('ingest: envelopes', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('answers 200 {"id"} only with the event committed', async () => {
    const id = eventId();
    const r = await postEnvelope(s.url, eventEnvelope({}, id));
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { id });
    const ev = s.recorder.events.find((e) => e.eventId === id);
    assert.ok(ev);
    assert.equal(ev.event.message, 'boom');
    assert.equal(ev.event.event_id, id);
    assert.equal(r.headers['access-control-allow-origin'], '*');
  });

  it('reads items with and without length, several items, and no trailing newline', async () => {
    const id = eventId();
    const body = envelope(
      { event_id: id },
      [
        { header: { type: 'event' }, payload: '{"message":"a"}', length: false },
        {
          header: { type: 'session' },
          payload: '{"started":"2025-01-01T00:00:00Z","attrs":{"release":"r@1"}}',
        },
        {
          header: { type: 'client_report' },
          length: false,
          payload: '{"discarded_events":[{"reason":"sample_rate","category":"error","quantity":3}]}',
        },
        {
          header: { type: 'sessions' },
          payload: '{"aggregates":[{"started":"2025-01-01T00:00:00Z","exited":2}],"attrs":{"release":"r@1"}}',
          length: false,
        },
      ],
      false,
    );
    const r = await postEnvelope(s.url, body);
    assert.equal(r.status, 200, r.text);
    const batch = s.recorder.batches.find((b) => b.events[0]?.eventId === id);
    assert.ok(batch);
    assert.equal(batch.sessions.length, 1);
    assert.equal(batch.sessionAggregates[0]?.aggregates[0]?.exited, 2);
    assert.equal(batch.clientReports[0]?.discarded_events?.[0]?.quantity, 3);
  });

  it('keeps a binary attachment byte for byte, \\r\\n included', async () => {
    const id = eventId();
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x00, 0xff, 0x0a, 0x0d, 0x0a, 0x48, 0x0d, 0x0a]);
    const body = envelope({ event_id: id }, [
      { header: { type: 'event' }, payload: '{"message":"with file"}' },
      {
        header: { type: 'attachment', filename: '../../etc/hello.bin', content_type: 'application/x-bin' },
        payload: bytes,
      },
      { header: { type: 'attachment', filename: 'empty.txt' }, payload: '' },
    ]);
    const r = await postEnvelope(s.url, body);
    assert.equal(r.status, 200, r.text);
    const batch = s.recorder.batches.find((b) => b.events[0]?.eventId === id);
    assert.equal(batch?.attachments.length, 2);
    const [a, empty] = batch!.attachments;
    assert.deepEqual(Buffer.from(a!.bytes), bytes);
    assert.equal(a!.filename, 'hello.bin');
    assert.equal(a!.eventId, id);
    assert.equal(a!.contentType, 'application/x-bin');
    assert.equal(empty!.bytes.byteLength, 0);
  });

  it('drops and counts an attachment past the stored bound, still 200', async () => {
    const small = await startServer({ maxStoredAttachmentBytes: 10 });
    try {
      const id = eventId();
      const body = envelope({ event_id: id }, [
        { header: { type: 'event' }, payload: '{}' },
        { header: { type: 'attachment', filename: 'big' }, payload: 'x'.repeat(11) },
        {
          header: { type: 'attachment', filename: 'minidump', attachment_type: 'event.minidump' },
          payload: 'MDMP',
        },
      ]);
      const r = await postEnvelope(small.url, body);
      assert.equal(r.status, 200);
      const batch = small.recorder.batches[0]!;
      assert.equal(batch.attachments.length, 0);
      assert.deepEqual(batch.dropped, { attachment_too_large: 1, unsupported_attachment: 1 });
    } finally {
      await small.close();
    }
  });

  it('accepts an empty envelope ({} and no items) with 200 {} and commits nothing', async () => {
    const calls = s.recorder.commitCalls;
    const r = await postEnvelope(s.url, '{}\n');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, {});
    assert.equal(s.recorder.commitCalls, calls);
  });

  it('skips unknown item types (never a 400) and keeps the envelope', async () => {
    const id = eventId();
    const body = envelope({ event_id: id }, [
      { header: { type: 'replay_recording' }, payload: 'binary?' },
      { header: { type: 'profile_chunk', platform: 'node' }, payload: '{"x":1}' },
      { header: { type: 'some_future_type' }, payload: 'not json at all' },
      { header: { type: 'event' }, payload: '{"message":"kept"}' },
    ]);
    const r = await postEnvelope(s.url, body);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { id });
  });

  it('lets the envelope header event_id win and normalises ids', async () => {
    const r = await postEnvelope(
      s.url,
      envelope({ event_id: '9EC79C33-EC99-42AB-8353-589FCB2E04DC' }, [
        { header: { type: 'event' }, payload: '{"event_id":"11111111111111111111111111111111"}' },
      ]),
    );
    assert.deepEqual(r.json, { id: '9ec79c33ec9942ab8353589fcb2e04dc' });
    const noHeader = await postEnvelope(
      s.url,
      envelope({}, [
        { header: { type: 'event' }, payload: '{"event_id":"22222222-2222-4222-8222-222222222222"}' },
      ]),
    );
    assert.deepEqual(noHeader.json, { id: '22222222222242228222222222222222' });
    const none = await postEnvelope(s.url, envelope({}, [{ header: { type: 'event' }, payload: '{}' }]));
    assert.match(none.json.id, /^[0-9a-f]{32}$/);
  });

  it('keeps a transaction thin (no spans) and answers its id', async () => {
    const id = eventId();
    const tx = {
      type: 'transaction',
      transaction: 'GET /x',
      contexts: { trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) } },
      spans: [{ span_id: 'c' }],
    };
    const r = await postEnvelope(
      s.url,
      envelope({ event_id: id, trace: { trace_id: 'a'.repeat(32), public_key: KEY } }, [
        { header: { type: 'transaction' }, payload: JSON.stringify(tx) },
      ]),
    );
    assert.deepEqual(r.json, { id });
    const t = s.recorder.batches.flatMap((b) => b.transactions).find((e) => e.eventId === id)!;
    assert.equal(t.event.spans, undefined);
    assert.equal(t.event.transaction, 'GET /x');
    assert.equal(t.dsc?.trace_id, 'a'.repeat(32));
  });

  it('scrubs secrets server-side with the project keys before commit', async () => {
    const id = eventId();
    const event = {
      request: {
        headers: { Authorization: 'Bearer abc.def', 'X-Tenant-Secret': 'tenant-1' },
        url: 'https://x.io/?token=t0p',
      },
      extra: { password: 'hunter2', note: 'card 4111 1111 1111 1111' },
    };
    await postEnvelope(s.url, eventEnvelope(event, id));
    const stored = JSON.stringify(s.recorder.events.find((e) => e.eventId === id)!.event);
    for (const secret of ['abc.def', 'tenant-1', 'hunter2', '4111 1111', 't0p'])
      assert.ok(!stored.includes(secret), secret);
  });

  it('trims long strings and long stack traces instead of refusing', async () => {
    const trimmed = await startServer({ maxStringLength: 100, maxFramesPerStack: 5 });
    try {
      const frames = Array.from({ length: 20 }, (_, i) => ({ function: `f${i}` }));
      const id = eventId();
      await postEnvelope(
        trimmed.url,
        eventEnvelope(
          { message: 'm'.repeat(5000), exception: { values: [{ type: 'E', stacktrace: { frames } }] } },
          id,
        ),
      );
      const ev = trimmed.recorder.events[0]!.event as any;
      assert.equal(ev.message.length, 100);
      assert.deepEqual(
        ev.exception.values[0].stacktrace.frames.map((f: any) => f.function),
        ['f0', 'f1', 'f2', 'f3', 'f19'],
      );
    } finally {
      await trimmed.close();
    }
  });

  it('accepts what @sentry/node sends: query auth, no Content-Type, chunked, gzip over 32 KiB', async () => {
    const id = eventId();
    const big = eventEnvelope({ extra: { blob: 'y'.repeat(40_000) } }, id);
    const r = await request(envelopeUrl(s.url), {
      headers: { 'content-encoding': 'gzip' },
      body: Readable.from([gzipSync(big)]),
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { id });
    for (const ct of [
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/x-sentry-envelope',
    ]) {
      const r2 = await postEnvelope(s.url, eventEnvelope(), { 'content-type': ct });
      assert.equal(r2.status, 200, ct);
    }
  });

  it('answers 400 with the item index for a malformed item', async () => {
    const body = envelope({}, [
      { header: { type: 'session' }, payload: '{"started":0,"attrs":{"release":"r"}}' },
      { header: { type: 'event' }, payload: '{"message": nope}' },
    ]);
    const r = await postEnvelope(s.url, body);
    assert.equal(r.status, 400);
    assert.match(r.json.detail, /item 1/);
    assert.equal(r.headers['x-sentry-error'], r.json.detail);
    const dup = await postEnvelope(
      s.url,
      envelope({}, [
        { header: { type: 'event' }, payload: '{}' },
        { header: { type: 'event' }, payload: '{}' },
      ]),
    );
    assert.equal(dup.status, 400);
    assert.match(dup.json.detail, /item 1: duplicate event/);
  });

  it('serves the legacy /store/ endpoint, plain and base64(zlib) without an encoding header', async () => {
    const { deflateSync } = await import('node:zlib');
    const id = eventId();
    const plain = await request(`${s.url}/api/1/store?sentry_key=${KEY}`, {
      body: JSON.stringify({ event_id: id, message: 'legacy' }),
    });
    assert.deepEqual(plain.json, { id });
    const id2 = eventId();
    const b64 = deflateSync(JSON.stringify({ event_id: id2, message: 'raven' })).toString('base64');
    const r = await request(`${s.url}/api/1/store/`, {
      headers: {
        'x-sentry-auth': `Sentry sentry_version=5, sentry_key=${KEY}, sentry_secret=xyz`,
        'content-type': 'application/octet-stream',
      },
      body: b64,
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { id: id2 });
    assert.equal(s.recorder.events.find((e) => e.eventId === id2)?.event.message, 'raven');
  });
  it('commits an envelope holding only per-route rates (faultline_rates), and drops a bad one', async () => {
    const before = s.recorder.batches.length;
    const rates = {
      service: 'api',
      buckets: [
        {
          minute: '2026-01-01T00:00:00.000Z',
          routes: [{ method: 'GET', route: '/a', requests: 4, errors4xx: 1, errors5xx: 2, shed: 0 }],
        },
      ],
    };
    const ok = await postEnvelope(
      s.url,
      envelope({}, [{ header: { type: 'faultline_rates' }, payload: JSON.stringify(rates) }]),
    );
    assert.equal(ok.status, 200, ok.text);
    const committed = s.recorder.batches.slice(before).flatMap((b) => b.routeRates);
    assert.deepEqual(committed, [rates]);

    const bad = { buckets: [{ minute: 'x', routes: [{ method: 'GET', route: '/a', requests: -1 }] }] };
    const dropped = await postEnvelope(
      s.url,
      envelope({}, [{ header: { type: 'faultline_rates' }, payload: JSON.stringify(bad) }]),
    );
    assert.equal(dropped.status, 200, 'an unusable rates item is dropped and counted, not a 400');
    assert.equal(s.recorder.batches.at(-1)?.dropped.invalid_rates, 1);
  });
});
