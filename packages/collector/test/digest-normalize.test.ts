/** Digest's normalization, as pure functions (sentry-protocol.md §4.1, §11.8). */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fingerprint } from '@faultline/core';
import { requestIdOf, traceOf, userKeyOf } from '../src/digest/context.js';
import { nativeSha256Hex } from '../src/digest/native-sha256.js';
import { normalizeEvent } from '../src/digest/normalize-event.js';
import { reopens } from '../src/digest/regression.js';
import { eventTags } from '../src/digest/tags.js';
import { eventTime, minuteOf, toMillis } from '../src/digest/timestamp.js';
import { culpritOf, titleOf, UNLABELED_TITLE } from '../src/digest/title.js';
import { MAX_TITLE_LENGTH } from '../src/limits.js';
import { bugEvent, frame, ingestEvent } from './digest-fixtures.js';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('digest: timestamps', () => {
  it('reads RFC 3339 strings, naive ones as UTC, and float seconds', () => {
    assert.equal(toMillis('2025-01-01T10:00:00', 0), Date.UTC(2025, 0, 1, 10));
    assert.equal(toMillis('2025-01-01T10:00:00.250Z', 0), Date.UTC(2025, 0, 1, 10, 0, 0, 250));
    assert.equal(toMillis('2025-01-01T12:00:00+02:00', 0), Date.UTC(2025, 0, 1, 10));
    assert.equal(toMillis(1735725600.5, 0), 1735725600500);
    assert.equal(toMillis('1735725600', 0), 1735725600000);
    assert.equal(toMillis('yesterday', 7), 7);
    assert.equal(toMillis(undefined, 7), 7);
    assert.equal(toMillis(-1, 7), 7);
  });

  it('corrects a client clock far in the future and buckets minutes', () => {
    assert.equal(eventTime((NOW + 3_600_000) / 1000, NOW), NOW);
    assert.equal(eventTime((NOW + 60_000) / 1000, NOW), NOW + 60_000);
    assert.equal(minuteOf(Date.UTC(2025, 0, 1, 10, 0, 42, 5)), Date.UTC(2025, 0, 1, 10));
  });
});

describe('digest: titles and culprits', () => {
  it('titles an exception `Type: value` with the value normalized', () => {
    const event = {
      exception: {
        values: [
          { type: 'Cause', value: 'x' },
          { type: 'NotFound', value: 'User 42 not found' },
        ],
      },
    };
    assert.equal(titleOf(event), 'NotFound: User <int> not found');
  });

  it('accepts a bare exception array, a type or value alone', () => {
    assert.equal(titleOf({ exception: [{ type: 'Boom' }] }), 'Boom');
    assert.equal(titleOf({ exception: [{ value: 'only 3 words' }] }), 'only <int> words');
  });

  it('falls back to logentry, then message, then <unlabeled event>, and truncates', () => {
    assert.equal(
      titleOf({ logentry: { message: 'User %s', formatted: 'User bob@x.io\nmore' } }),
      'User <email>',
    );
    assert.equal(titleOf({ message: 'plain message' }), 'plain message');
    assert.equal(titleOf({ message: { formatted: 'object message' } }), 'object message');
    assert.equal(titleOf({}), UNLABELED_TITLE);
    assert.equal(titleOf({ message: 'x'.repeat(5000) }).length, MAX_TITLE_LENGTH);
  });

  it('names the newest in-app frame, else the transaction, else the newest frame', () => {
    assert.equal(culpritOf(bugEvent()), 'src.users in loadUser');
    const system = {
      exception: [{ type: 'E', stacktrace: { frames: [frame('a', 'lib/x.js', 1, '/', false)] } }],
    };
    assert.equal(culpritOf({ ...system, transaction: 'GET /users/:id' }), 'GET /users/:id');
    assert.equal(culpritOf(system), 'lib.x in a');
    assert.equal(culpritOf({ message: 'm' }), '');
  });
});

describe('digest: event fields', () => {
  it('defaults level to error and environment to production', () => {
    const n = normalizeEvent(ingestEvent({ message: 'm', level: 'bogus' as never }), NOW);
    assert.deepEqual([n.level, n.environment, n.release], ['error', 'production', null]);
    const w = normalizeEvent(
      ingestEvent({ message: 'm', level: 'warn' as never, environment: 'staging' }),
      NOW,
    );
    assert.deepEqual([w.level, w.environment], ['warning', 'staging']);
  });

  it('reads tags as an object or as pairs, bounded', () => {
    assert.deepEqual(eventTags({ tags: { a: '1', n: 2 as never, bad: {} as never } }), [
      ['a', '1'],
      ['n', '2'],
    ]);
    assert.deepEqual(eventTags({ tags: [['route', 'GET /'], ['x'], 'junk'] }), [['route', 'GET /']]);
    assert.deepEqual(eventTags({ tags: 'nope' }), []);
  });

  it('finds the request id in tags, extra, then the X-Request-Id header', () => {
    const of = (e: Parameters<typeof requestIdOf>[0]) => requestIdOf(e, eventTags(e));
    assert.equal(of({ tags: { request_id: 'a', requestId: 'b' }, extra: { requestId: 'c' } }), 'a');
    assert.equal(of({ tags: { requestId: 'b' } }), 'b');
    assert.equal(of({ extra: { requestId: 'c', request_id: 'd' } }), 'c');
    assert.equal(of({ extra: { request_id: 'd' } }), 'd');
    assert.equal(of({ request: { headers: [['X-Request-ID', 'h']] } }), 'h');
    assert.equal(of({ request: { headers: { 'x-request-id': 'h2' } } }), 'h2');
    assert.equal(of({ tags: { request_id: 'x'.repeat(500) } }), null);
    assert.equal(of({}), null);
  });

  it('reads trace ids from contexts.trace, else the DSC; drops malformed ids', () => {
    const trace = { trace_id: 'A'.repeat(32), span_id: 'b'.repeat(16), parent_span_id: 'nope' };
    assert.deepEqual(traceOf({ contexts: { trace } }, undefined), {
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      parentSpanId: null,
    });
    assert.equal(traceOf({}, { trace_id: 'c'.repeat(32) }).traceId, 'c'.repeat(32));
    assert.equal(traceOf({}, { trace_id: 'short' }).traceId, null);
  });

  it('keys users by id, email, username, then ip (not {{auto}})', () => {
    assert.equal(userKeyOf({ user: { id: 42, email: 'e@x.io' } }), '42');
    assert.equal(userKeyOf({ user: { email: 'e@x.io', username: 'u' } }), 'e@x.io');
    assert.equal(userKeyOf({ user: { ip_address: '{{auto}}' } }), null);
    assert.equal(userKeyOf({}), null);
  });

  it('takes the service from tag `service`, else server_name', () => {
    assert.equal(normalizeEvent(ingestEvent({ tags: { service: 's' }, server_name: 'h' }), NOW).service, 's');
    assert.equal(normalizeEvent(ingestEvent({ server_name: 'h' }), NOW).service, 'h');
  });
});

describe('digest: regression rule', () => {
  const base = { resolvedAt: 100, resolvedInRelease: null, resolvedReleaseFirstSeen: null };
  it('reopens resolved on any event; never ignored or unresolved', () => {
    assert.equal(reopens({ ...base, status: 'resolved', eventReleaseFirstSeen: null }), true);
    assert.equal(reopens({ ...base, status: 'ignored', eventReleaseFirstSeen: 500 }), false);
    assert.equal(reopens({ ...base, status: 'unresolved', eventReleaseFirstSeen: 500 }), false);
  });
  it('reopens release-bound resolutions only for newer releases', () => {
    const next = { ...base, status: 'resolved_in_next_release' as const };
    assert.equal(reopens({ ...next, eventReleaseFirstSeen: 50 }), false);
    assert.equal(reopens({ ...next, eventReleaseFirstSeen: null }), false);
    assert.equal(reopens({ ...next, eventReleaseFirstSeen: 150 }), true);
    const inRelease = {
      ...base,
      status: 'resolved' as const,
      resolvedInRelease: 'v2',
      resolvedReleaseFirstSeen: 80,
    };
    assert.equal(reopens({ ...inRelease, eventReleaseFirstSeen: 80 }), false);
    assert.equal(reopens({ ...inRelease, eventReleaseFirstSeen: 90 }), true);
  });
});

describe('digest: grouping hash', () => {
  it("node:crypto's SHA-256 gives core's plain-JS fingerprint, for every kind of text", () => {
    // FIPS 180-4 examples.
    assert.equal(nativeSha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(nativeSha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const texts = ['é😀\u0000\uFFFD', 'x'.repeat(55), 'y'.repeat(64), 'z'.repeat(10_000)];
    for (const text of texts)
      assert.equal(fingerprint({ message: text }, nativeSha256Hex), fingerprint({ message: text }));
    const events = [
      { message: 'User 42 not found' },
      {
        exception: {
          values: [{ type: 'TypeError', value: "Cannot read properties of undefined (reading 'id')" }],
        },
      },
      { fingerprint: ['{{ default }}', 'tenant-😀'], message: 'quota' },
    ];
    for (const event of events) assert.equal(fingerprint(event, nativeSha256Hex), fingerprint(event));
  });
});
