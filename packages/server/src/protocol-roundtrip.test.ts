/**
 * What the server writes, the collector reads: each wire format the reporter sends goes through
 * core's serializer and parser and comes out of core's reader (the one the collector uses)
 * unchanged. Written here because the server owns the writers.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CLIENT_REPORT_ITEM_TYPE,
  itemJson,
  parseEnvelope,
  ROUTE_RATES_ITEM_TYPE,
  readClientReport,
  readRouteRates,
  readSessionAggregates,
  SESSIONS_ITEM_TYPE,
  serializeEnvelope,
} from '@faultline/core';
import { ratesEnvelope } from './rates/rates-envelope.js';
import { Discards } from './reporter/discards.js';
import type { BuiltEnvelope } from './reporter/envelope-job.js';

const BOUNDS = {
  maxBuckets: 60,
  maxRoutesPerBucket: 1000,
  maxCount: 1e9,
  maxRouteLength: 200,
  maxReleaseLength: 250,
  maxEnvironmentLength: 64,
  maxServiceLength: 200,
};

/** The reporter's envelope as the collector receives it: serialized, then parsed. */
function overTheWire(built: BuiltEnvelope) {
  const bytes = serializeEnvelope({
    header: built.header,
    items: built.items.map((i) => ({ header: { ...i.header, type: i.type }, payload: i.payload })),
  });
  return parseEnvelope(bytes).items.map((item) => ({
    type: item.header.type,
    json: itemJson(item) as Record<string, unknown>,
  }));
}

test('client_report: the reporter counts drops, the reader gets the same lines', () => {
  const discards = new Discards();
  discards.add('queue_overflow', 'error', 3);
  discards.add('ratelimit_backoff', 'session', 2);
  discards.add('queue_overflow', 'error', 1);
  const report = discards.take(1_700_000_000_000);
  assert.ok(report);
  const [item] = overTheWire({
    header: {},
    items: [{ category: 'internal', type: CLIENT_REPORT_ITEM_TYPE, payload: report }],
  });
  assert.equal(item?.type, CLIENT_REPORT_ITEM_TYPE);
  const read = readClientReport(item?.json ?? {});
  assert.deepEqual(read.discarded_events, report.discarded_events);
  assert.deepEqual(
    read.discarded_events.map((d) => [d.reason, d.category, d.quantity]),
    [
      ['queue_overflow', 'error', 4],
      ['ratelimit_backoff', 'session', 2],
    ],
  );
});

test('sessions and faultline_rates: per-route counts and release health arrive as counted', () => {
  const buckets = [
    {
      minute: '2026-12-07T05:00:00.000Z',
      routes: [
        { method: 'GET', route: '/orders/:id', requests: 120, errors4xx: 3, errors5xx: 7, shed: 2 },
        { method: 'POST', route: null, requests: 5, errors4xx: 5, errors5xx: 0, shed: 0 },
      ],
    },
    {
      minute: '2026-12-07T05:01:00.000Z',
      routes: [{ method: 'GET', route: '/orders/:id', requests: 80, errors4xx: 0, errors5xx: 1, shed: 0 }],
    },
  ];
  const items = overTheWire(
    ratesEnvelope({ release: 'shop@1.4.2', environment: 'production', service: 'orders' }, buckets),
  );
  assert.deepEqual(
    items.map((i) => i.type),
    [SESSIONS_ITEM_TYPE, ROUTE_RATES_ITEM_TYPE],
  );
  const rates = readRouteRates(items[1]?.json ?? {}, BOUNDS);
  assert.deepEqual(rates, { release: 'shop@1.4.2', environment: 'production', service: 'orders', buckets });
  const sessions = readSessionAggregates(items[0]?.json ?? {}, 100);
  assert.deepEqual(sessions?.attrs, { release: 'shop@1.4.2', environment: 'production' });
  assert.deepEqual(
    sessions?.aggregates.map((b) => [b.started, b.exited, b.errored]),
    [
      ['2026-12-07T05:00:00.000Z', 118, 7],
      ['2026-12-07T05:01:00.000Z', 79, 1],
    ],
  );
});

test('without a release only faultline_rates goes (Sentry refuses sessions without one)', () => {
  const items = overTheWire(
    ratesEnvelope({ release: undefined, environment: 'staging', service: undefined }, [
      {
        minute: '2026-12-07T05:00:00.000Z',
        routes: [{ method: 'GET', route: '/a', requests: 1, errors4xx: 0, errors5xx: 0, shed: 0 }],
      },
    ]),
  );
  assert.deepEqual(
    items.map((i) => i.type),
    [ROUTE_RATES_ITEM_TYPE],
  );
  assert.equal(readRouteRates(items[0]?.json ?? {}, BOUNDS)?.release, undefined);
});
