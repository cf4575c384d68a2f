/** Authentication, routing and CORS over real HTTP (sentry-protocol.md §1.2, §2). */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from 'node:zlib';
import {
  DISABLED_KEY,
  envelope,
  envelopeUrl,
  eventEnvelope,
  eventId,
  heldRequest,
  KEY,
  KEY2,
  OTHER_PROJECT_KEY,
  request,
  startServer,
  type TestServer,
} from './ingest-helpers.js';

const sentryAuth = (key: string) =>
  `Sentry sentry_version=7,\t  sentry_client=sentry.python/2.1.0, sentry_key=${key}`;

describe('ingest: authentication', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  const noAuthUrl = () => envelopeUrl(s.url, 1, null);

  it('accepts the X-Sentry-Auth header, the sentry_key query parameter and the envelope dsn', async () => {
    const header = await request(noAuthUrl(), {
      headers: { 'x-sentry-auth': sentryAuth(KEY) },
      body: eventEnvelope(),
    });
    assert.equal(header.status, 200, header.text);
    const query = await request(envelopeUrl(s.url), { body: eventEnvelope() });
    assert.equal(query.status, 200);
    const id = eventId();
    const dsn = await request(noAuthUrl(), {
      body: envelope({ event_id: id, dsn: `http://${KEY}@127.0.0.1:1/1` }, [
        { header: { type: 'event' }, payload: '{}' },
      ]),
    });
    assert.deepEqual(dsn.json, { id });
    const authorization = await request(noAuthUrl(), {
      headers: { authorization: sentryAuth(KEY) },
      body: eventEnvelope(),
    });
    assert.equal(authorization.status, 200);
  });

  it('accepts agreeing sources and refuses conflicting ones with 403', async () => {
    const agree = await request(envelopeUrl(s.url), {
      headers: { 'x-sentry-auth': sentryAuth(KEY) },
      body: envelope({ dsn: `https://${KEY}@errors.example.com/1` }, [
        { header: { type: 'event' }, payload: '{}' },
      ]),
    });
    assert.equal(agree.status, 200, agree.text);
    const headerVsQuery = await request(envelopeUrl(s.url, 1, KEY2), {
      headers: { 'x-sentry-auth': sentryAuth(KEY) },
      body: eventEnvelope(),
    });
    assert.equal(headerVsQuery.status, 403);
    assert.match(headerVsQuery.json.detail, /conflicting keys/);
    const queryVsDsn = await request(envelopeUrl(s.url), {
      body: envelope({ dsn: `https://${KEY2}@errors.example.com/1` }, [
        { header: { type: 'event' }, payload: '{}' },
      ]),
    });
    assert.equal(queryVsDsn.status, 403);
    const dsnOtherProject = await request(envelopeUrl(s.url), {
      body: envelope({ dsn: `https://${KEY}@errors.example.com/sentry/2` }, [
        { header: { type: 'event' }, payload: '{}' },
      ]),
    });
    assert.equal(dsnOtherProject.status, 403);
    assert.match(dsnOtherProject.json.detail, /project 2/);
  });

  it('answers 401 without any credentials, on both endpoints', async () => {
    const r = await request(noAuthUrl(), { body: eventEnvelope() });
    assert.equal(r.status, 401);
    assert.match(r.json.detail, /missing authentication/);
    assert.equal(r.headers['x-sentry-error'], r.json.detail);
    const store = await request(`${s.url}/api/1/store/`, { body: '{"message":"x"}' });
    assert.equal(store.status, 401);
    const garbage = await request(noAuthUrl(), {
      headers: { 'x-sentry-auth': 'Sentry sentry_version=7' },
      body: '{}',
    });
    assert.equal(garbage.status, 401);
  });

  it('answers 403 for an unknown key, a disabled key and a key of another project', async () => {
    const unknown = await request(envelopeUrl(s.url, 1, 'nope0000000000000000000000000000'), {
      body: eventEnvelope(),
    });
    assert.equal(unknown.status, 403);
    assert.match(unknown.json.detail, /unknown DSN public key/);
    const disabled = await request(envelopeUrl(s.url, 1, DISABLED_KEY), { body: eventEnvelope() });
    assert.equal(disabled.status, 403);
    assert.match(disabled.json.detail, /disabled/);
    const other = await request(envelopeUrl(s.url, 1, OTHER_PROJECT_KEY), { body: eventEnvelope() });
    assert.equal(other.status, 403);
    assert.match(other.json.detail, /does not belong to project 1/);
  });

  it('answers 404 for an unknown project', async () => {
    for (const project of ['999', 'abc', '0']) {
      const r = await request(envelopeUrl(s.url, project), { body: eventEnvelope() });
      assert.equal(r.status, 404, project);
      assert.match(r.json.detail, /unknown project/);
    }
  });

  it('caches key lookups (one store query for a burst of requests)', async () => {
    const fresh = await startServer();
    try {
      await Promise.all(
        Array.from({ length: 20 }, () => request(envelopeUrl(fresh.url), { body: eventEnvelope() })),
      );
      assert.equal(fresh.recorder.keyLookups, 1);
    } finally {
      await fresh.close();
    }
  });

  it('answers 405 for other methods, keeps serving, and ignores other paths', async () => {
    const get = await request(envelopeUrl(s.url), { method: 'GET' });
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST, OPTIONS');
    const other = await request(`${s.url}/api/1/minidump/`, { body: 'x' });
    assert.equal(other.status, 404);
  });

  it('routes with and without the trailing slash and under a configured path prefix', async () => {
    const prefixed = await startServer({ pathPrefix: '/sentry/' });
    try {
      const a = await request(`${prefixed.url}/sentry/api/1/envelope?sentry_key=${KEY}`, {
        body: eventEnvelope(),
      });
      assert.equal(a.status, 200);
      const b = await request(`${prefixed.url}/sentry/api/1/envelope/?sentry_key=${KEY}`, {
        body: eventEnvelope(),
      });
      assert.equal(b.status, 200);
      const unprefixed = await request(`${prefixed.url}/api/1/envelope/?sentry_key=${KEY}`, {
        body: eventEnvelope(),
      });
      assert.equal(unprefixed.status, 404);
    } finally {
      await prefixed.close();
    }
  });
});

describe('ingest: CORS', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    s.recorder.keys.set(KEY2, {
      ...s.recorder.keys.get(KEY2)!,
      allowedOrigins: ['https://app.example.com', '*.example.org'],
    });
  });
  after(() => s.close());

  it('answers a preflight as Relay does', async () => {
    const r = await request(envelopeUrl(s.url), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://anywhere.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-sentry-auth, content-type',
      },
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.equal(r.headers['access-control-allow-methods'], 'POST');
    assert.match(String(r.headers['access-control-allow-headers']), /x-sentry-auth/);
    assert.match(String(r.headers['access-control-allow-headers']), /content-encoding/);
    assert.equal(r.headers['access-control-max-age'], '3600');
    assert.equal(
      r.headers['access-control-expose-headers'],
      'x-sentry-error, x-sentry-rate-limits, retry-after',
    );
  });

  it('exposes the rate-limit headers on answers, errors included', async () => {
    const ok = await request(envelopeUrl(s.url), {
      headers: { origin: 'https://x.test', 'content-type': 'text/plain;charset=UTF-8' },
      body: eventEnvelope(),
    });
    assert.equal(
      ok.headers['access-control-expose-headers'],
      'x-sentry-error, x-sentry-rate-limits, retry-after',
    );
    const bad = await request(envelopeUrl(s.url, 1, null), {
      headers: { origin: 'https://x.test' },
      body: eventEnvelope(),
    });
    assert.equal(bad.status, 401);
    assert.equal(bad.headers['access-control-allow-origin'], '*');
  });

  it("refuses origins outside the project's allowed list with 403 (empty list = any)", async () => {
    const allowed = await request(envelopeUrl(s.url, 1, KEY2), {
      headers: { origin: 'https://app.example.com' },
      body: eventEnvelope(),
    });
    assert.equal(allowed.status, 200);
    const wildcard = await request(envelopeUrl(s.url, 1, KEY2), {
      headers: { origin: 'https://a.b.example.org' },
      body: eventEnvelope(),
    });
    assert.equal(wildcard.status, 200);
    const refused = await request(envelopeUrl(s.url, 1, KEY2), {
      headers: { origin: 'https://evil.test' },
      body: eventEnvelope(),
    });
    assert.equal(refused.status, 403);
    assert.match(refused.json.detail, /origin/);
    const server = await request(envelopeUrl(s.url, 1, KEY2), { body: eventEnvelope() });
    assert.equal(server.status, 200);
  });
});

describe('ingest: envelopes without a key (the dsn in the first line)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  const noKey = () => envelopeUrl(s.url, 1, null);
  const withDsn = (
    id: string,
    items: { header: Record<string, unknown>; payload: string | Uint8Array }[] = [
      { header: { type: 'event' }, payload: '{"message":"tunnelled"}' },
    ],
  ) => envelope({ event_id: id, dsn: `https://${KEY}@errors.example.com/1` }, items);

  it('reads the dsn from the first line, plain or compressed, small or large, then the rest', async () => {
    const big = randomBytes(200 * 1024); // does not compress: past the one-shot decode
    for (const [encoding, encode] of [
      ['', (b: Buffer) => b],
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ] as const) {
      const id = eventId();
      const small = await request(noKey(), {
        headers: { 'content-encoding': encoding },
        body: encode(withDsn(id)),
      });
      assert.deepEqual(small.json, { id }, `${encoding}: ${small.text}`);
      const bigId = eventId();
      const large = await request(noKey(), {
        headers: { 'content-encoding': encoding },
        body: encode(
          withDsn(bigId, [
            { header: { type: 'event' }, payload: '{}' },
            { header: { type: 'attachment', filename: 'noise.bin' }, payload: big },
          ]),
        ),
      });
      assert.deepEqual(large.json, { id: bigId }, `${encoding}: ${large.text}`);
    }
    const stored = s.recorder.batches.flatMap((b) => b.attachments).filter((a) => a.filename === 'noise.bin');
    assert.equal(stored.length, 4);
    for (const a of stored) assert.ok(Buffer.from(a.bytes).equals(big));
    assert.equal(s.handler.stats().inflightBodyBytes, 0);
  });

  it('answers from the first line while the rest is still being sent', async () => {
    const cases: [string, Record<string, string>, Buffer, number, RegExp][] = [
      [
        'no dsn',
        {},
        Buffer.from(`{"event_id":"${eventId()}"}\n{"type":"attachment"}\n`),
        401,
        /missing authentication/,
      ],
      [
        'unknown key',
        {},
        Buffer.from(`{"dsn":"https://${'0'.repeat(32)}@x.io/1"}\n{"type":"event"}\n`),
        403,
        /unknown DSN public key/,
      ],
      [
        'a line past the bound',
        {},
        Buffer.from(`{"pad":"${'x'.repeat(9000)}`),
        413,
        /envelope header of a request without a key exceeds MAX_UNAUTHENTICATED_HEADER_BYTES \(8192 bytes\)/,
      ],
      ['not JSON', {}, Buffer.from('definitely not json\n'), 400, /./],
    ];
    for (const [what, headers, head, status, detail] of cases) {
      const r = heldRequest(noKey(), headers);
      r.write(head); // and never the end
      const answer = await r.reply;
      r.destroy();
      assert.equal(answer.status, status, `${what}: ${answer.detail}`);
      assert.match(answer.detail, detail, what);
    }
  });

  it('decodes a compressed body only as far as its first line before the key is checked', async () => {
    // 1 GiB of zeros behind a header without a dsn, gzipped as it is sent and never finished.
    const r = heldRequest(noKey(), { 'content-encoding': 'gzip' });
    const gzip = createGzip();
    gzip.on('data', (chunk: Buffer) => r.write(chunk));
    gzip.write(`{"event_id":"${eventId()}"}\n{"type":"attachment","length":${2 ** 30}}\n`);
    const zeros = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 64; i++) gzip.write(zeros);
    gzip.flush();
    const answer = await r.reply;
    gzip.destroy();
    r.destroy();
    assert.equal(answer.status, 401, answer.detail);
    assert.equal(s.handler.stats().inflightBodyBytes, 0);
  });
});
