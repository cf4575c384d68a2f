/** The pure pieces of ingest, called directly (no HTTP). */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LimitExceededError, ParseError, parseSentryAuthKey as parseSentryAuth } from '@faultline/core';
import { agreedKey, dsnCredential } from '../src/ingest/auth.js';
import { bodyDeadline } from '../src/ingest/body-pace.js';
import { originAllowed } from '../src/ingest/cors.js';
import { decoderFor } from '../src/ingest/decompress.js';
import { emptyBatch } from '../src/ingest/envelope-items.js';
import { type IngestRejection, toRejection } from '../src/ingest/http-errors.js';
import { MemoryBudget } from '../src/ingest/memory-budget.js';
import { resolveIngestOptions } from '../src/ingest/options.js';
import { ProjectRateLimiter, rateLimitHeaders } from '../src/ingest/rate-limit.js';
import { matchIngestPath } from '../src/ingest/routes.js';
import { trimEvent } from '../src/ingest/trim-event.js';
import { WriteQueue } from '../src/ingest/write-queue.js';
import type { IngestBatch } from '../src/ingest-batch.js';

const status = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as IngestRejection).status;
  }
  return 'no error';
};

describe('ingest units', () => {
  it('parses X-Sentry-Auth leniently', () => {
    assert.equal(parseSentryAuth('Sentry sentry_version=7, sentry_key=abc, sentry_secret=s'), 'abc');
    assert.equal(parseSentryAuth('sentry   sentry_key = abc ,sentry_client=x/1'), 'abc');
    assert.equal(parseSentryAuth('Bearer abc'), undefined);
    assert.equal(parseSentryAuth('Sentry sentry_version=7'), undefined);
  });

  it('reads a DSN credential and checks agreement', () => {
    assert.deepEqual(dsnCredential('https://abc:secret@x.io/sentry/42'), {
      source: 'dsn',
      publicKey: 'abc',
      projectId: '42',
    });
    assert.equal(dsnCredential(undefined), undefined);
    assert.equal(
      status(() => dsnCredential('not a url')),
      401,
    );
    assert.equal(
      status(() => agreedKey([], '1')),
      401,
    );
    assert.equal(
      status(() =>
        agreedKey(
          [
            { source: 'query', publicKey: 'a' },
            { source: 'header', publicKey: 'b' },
          ],
          '1',
        ),
      ),
      403,
    );
    assert.equal(
      agreedKey(
        [
          { source: 'query', publicKey: 'a' },
          { source: 'dsn', publicKey: 'a', projectId: '1' },
        ],
        '1',
      ),
      'a',
    );
  });

  it('matches ingest paths with and without trailing slash and prefix', () => {
    assert.deepEqual(matchIngestPath('/api/1/envelope/?x=1'), { projectId: '1', endpoint: 'envelope' });
    assert.deepEqual(matchIngestPath('/api/7/store'), { projectId: '7', endpoint: 'store' });
    assert.deepEqual(matchIngestPath('/s/api/7/store/', '/s/'), { projectId: '7', endpoint: 'store' });
    assert.equal(matchIngestPath('/api/7/store/', '/s'), null);
    assert.equal(matchIngestPath('/api/7/minidump/'), null);
    assert.equal(matchIngestPath('/api/v1/issues'), null);
  });

  it('matches allowed origins', () => {
    assert.equal(originAllowed('https://a.test', []), true);
    assert.equal(originAllowed(undefined, ['https://a.test']), true);
    assert.equal(originAllowed('https://a.test', ['*']), true);
    assert.equal(originAllowed('https://a.test:8443', ['a.test']), true);
    assert.equal(originAllowed('https://x.a.test', ['*.a.test']), true);
    assert.equal(originAllowed('https://xa.test', ['*.a.test']), false);
    assert.equal(originAllowed('https://b.test', ['https://a.test']), false);
  });

  it('maps Content-Encoding to decoders, 415 for the rest', () => {
    assert.equal(decoderFor(undefined), null);
    assert.equal(decoderFor(''), null);
    assert.equal(decoderFor('UTF-8'), null);
    assert.ok(decoderFor('GZIP'));
    assert.ok(decoderFor('br'));
    assert.equal(
      status(() => decoderFor('compress')),
      415,
    );
    assert.equal(
      status(() => decoderFor('gzip, br')),
      415,
    );
  });

  it('maps core errors: size limits 413, depth and parse errors 400 with the item', () => {
    assert.equal(toRejection(new LimitExceededError('MAX_EVENT_BYTES', 1, 2, 'x')).status, 413);
    const depth = toRejection(new LimitExceededError('MAX_JSON_DEPTH', 64), 3);
    assert.equal(depth.status, 400);
    assert.match(depth.message, /^item 3: /);
    assert.match(toRejection(new ParseError('bad', { itemIndex: 2 })).message, /^item 2: bad/);
    assert.throws(() => toRejection(new Error('bug')), /bug/);
  });

  it('formats X-Sentry-Rate-Limits per sentry-protocol.md §6.4', () => {
    assert.deepEqual(rateLimitHeaders(59.2, ['error', 'default'], 'project', 'rate_limited'), {
      'retry-after': '60',
      'x-sentry-rate-limits': '60:error;default:project:rate_limited',
    });
    assert.equal(
      rateLimitHeaders(0, [], 'organization', 'backpressure')['x-sentry-rate-limits'],
      '1::organization:backpressure',
    );
  });

  it('limits events per minute with a refilling bucket and a bounded project map', () => {
    const l = new ProjectRateLimiter(2);
    assert.equal(l.take(1, 60, 60, 0), 0);
    assert.equal(l.take(1, 60, 1, 0), 1);
    assert.equal(l.take(1, 60, 1, 1000), 0);
    assert.equal(l.take(1, null, 1000, 0), 0);
    assert.equal(l.take(1, 0, 1, 0), 60);
    l.take(2, 10, 10, 0);
    l.take(3, 10, 10, 0); // evicts project 1
    assert.equal(l.take(1, 60, 60, 1000), 0, 'an evicted project restarts with a full bucket');
  });

  it('trims strings (never splitting a surrogate pair) and frames (keeping the last)', () => {
    const ev = trimEvent(
      { a: 'x😀yyyyy', s: { frames: [1, 2, 3, 4, 5, 6] } },
      { maxStringLength: 5, maxFramesPerStack: 3 },
    );
    assert.equal(ev.a, 'x...');
    assert.deepEqual(ev.s.frames, [1, 2, 6]);
    assert.equal(trimEvent({ e: 'short' }, { maxStringLength: 5, maxFramesPerStack: 3 }).e, 'short');
  });

  it('bounds body bytes in all, per key, without a key, and per address without a key', () => {
    const budget = new MemoryBudget({ total: 200, perKey: 60, unauthenticated: 30, perAddress: 20 });
    const refused = (fn: () => void) => {
      try {
        fn();
        return '';
      } catch (err) {
        assert.equal((err as IngestRejection).status, 429);
        return (err as IngestRejection).message;
      }
    };
    const a = budget.lease({ publicKey: 'a' });
    a.take(50);
    assert.match(
      refused(() => a.take(11)),
      /for this key \(MAX_INFLIGHT_BODY_BYTES_PER_KEY, 60 bytes\)/,
    );
    const b = budget.lease({ publicKey: 'b' });
    b.take(30);
    const x = budget.lease({ address: '10.0.0.1' });
    x.take(15);
    assert.match(
      refused(() => x.take(6)),
      /from this address .*PER_ADDRESS, 20 bytes/,
    );
    const y = budget.lease({ address: '10.0.0.2' });
    assert.match(
      refused(() => y.take(16)),
      /without a key \(MAX_UNAUTHENTICATED_INFLIGHT_BYTES, 30 bytes\)/,
    );
    y.take(5);
    assert.match(
      refused(() => budget.lease({ publicKey: 'c' }).take(101)),
      /MAX_INFLIGHT_BODY_BYTES, 200/,
    );
    assert.deepEqual([budget.used, budget.unauthenticated], [100, 20]);
    // Once its dsn names a key, what an anonymous lease holds moves to that key's share.
    assert.match(
      refused(() => x.assign('a')),
      /for this key/,
    );
    x.assign('b');
    assert.deepEqual([budget.used, budget.unauthenticated], [100, 5]);
    b.release();
    assert.match(
      refused(() => x.take(46)),
      /for this key/,
    ); // b's share: 15 held + 46 > 60
    x.take(45);
    for (const l of [a, x, y, b]) l.release();
    assert.deepEqual([budget.used, budget.unauthenticated], [0, 0]);
  });

  it('gives a body BODY_RATE_GRACE_MS, then a second per MIN_BODY_BYTES_PER_S received, within the timeout', () => {
    const pace = { timeoutMs: 60_000, graceMs: 10_000, minBytesPerS: 1024 };
    assert.deepEqual(bodyDeadline(1_000, 0, pace), { at: 11_000, bound: 'rate' });
    assert.deepEqual(bodyDeadline(1_000, 5 * 1024, pace), { at: 16_000, bound: 'rate' });
    assert.deepEqual(bodyDeadline(1_000, 1024 * 1024, pace), { at: 61_000, bound: 'timeout' });
    assert.deepEqual(bodyDeadline(1_000, 0, { ...pace, minBytesPerS: 0 }), { at: 61_000, bound: 'timeout' });
  });

  it('group-commits batches enqueued within the window into one commit', async () => {
    const calls: number[] = [];
    const q = new WriteQueue(
      async (batches: readonly IngestBatch[]) => {
        calls.push(batches.length);
      },
      { ...resolveIngestOptions(), groupCommitWindowMs: 10 },
    );
    await Promise.all(Array.from({ length: 7 }, () => q.enqueue(emptyBatch(1, 0), 10)));
    assert.deepEqual(calls, [7]);
    assert.equal(q.depth, 0);
    await q.close();
    await assert.rejects(q.enqueue(emptyBatch(1, 0), 1), (e: IngestRejection) => e.status === 503);
  });

  for (const depth of [1, 2, 3]) {
    it(`runs at most commitPipelineDepth=${depth} commits at once, each batch settled by its own`, async () => {
      let running = 0;
      let peak = 0;
      const committed: number[] = [];
      const releases: (() => void)[] = [];
      const q = new WriteQueue(
        async (batches: readonly IngestBatch[]) => {
          running++;
          peak = Math.max(peak, running);
          await new Promise<void>((resolve) => releases.push(resolve));
          running--;
          committed.push(batches.length);
        },
        { ...resolveIngestOptions(), groupCommitWindowMs: 0, commitPipelineDepth: depth },
      );
      const settled: number[] = [];
      const all: Promise<void>[] = [];
      for (let i = 0; i < 8; i++) {
        all.push(q.enqueue(emptyBatch(1, 0), 1).then(() => void settled.push(i)));
        // Each batch arrives after the previous commit started, so each could be its own commit.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.equal(running, depth, 'the pipeline is full while the store has not answered');
      assert.deepEqual(settled, [], 'nothing is acknowledged before its commit settled');
      // Release the store in order until everything is committed.
      while (committed.reduce((a, b) => a + b, 0) < 8) {
        releases.shift()?.();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await Promise.all(all);
      assert.equal(peak, depth);
      assert.equal(committed.length <= 8 && committed.length >= depth, true);
      assert.deepEqual(
        settled.toSorted((a, b) => a - b),
        [0, 1, 2, 3, 4, 5, 6, 7],
      );
      await q.close();
    });
  }
});
