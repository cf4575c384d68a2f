import assert from 'node:assert/strict';
import { test } from 'node:test';
import { itemJson, parseEnvelope, serializeEnvelope } from '../envelope.js';
import {
  readSampled,
  SAMPLED_ITEM_TYPE,
  type SampledBounds,
  type SampledOccurrence,
} from './sampled-occurrences.js';

const NOW = Date.UTC(2026, 11, 7, 12);
const bounds: SampledBounds = {
  maxOccurrences: 3,
  maxRequestIdLength: 16,
  maxRouteLength: 8,
  maxDriftMs: 60_000,
  now: NOW,
};
const like = 'ab'.repeat(16);
const occ = (o: Partial<SampledOccurrence> = {}): SampledOccurrence => ({
  requestId: 'req-1',
  traceId: 'cd'.repeat(16),
  method: 'GET',
  route: '/boom',
  status: 500,
  timestamp: NOW / 1000,
  like,
  ...o,
});

test('faultline_sampled round-trips through an envelope and the reader', () => {
  const occurrences = [occ(), occ({ requestId: 'req-2', route: null })];
  delete occurrences[1]!.traceId;
  const bytes = serializeEnvelope({
    header: {},
    items: [{ header: { type: SAMPLED_ITEM_TYPE }, payload: { occurrences } }],
  });
  const [item] = parseEnvelope(bytes).items;
  assert.equal(item?.header.type, SAMPLED_ITEM_TYPE);
  const read = readSampled(itemJson(item!) as Record<string, unknown>, bounds);
  assert.deepEqual(read, { item: { occurrences }, rejected: 0 });
});

test('the reader leaves out what is malformed or past its bounds, and counts it', () => {
  const bad: Partial<Record<keyof SampledOccurrence, unknown>>[] = [
    { requestId: '' },
    { requestId: 'x'.repeat(17) },
    { method: 'get' },
    { status: 700 },
    { timestamp: (NOW + 120_000) / 1000 },
    { timestamp: 'now' },
    { like: 'not-an-id' },
    { route: 7 },
  ];
  for (const b of bad) {
    const read = readSampled({ occurrences: [{ ...occ(), ...b }] }, bounds);
    assert.deepEqual(read, { item: undefined, rejected: 1 }, JSON.stringify(b));
  }
  const many = readSampled({ occurrences: [occ(), occ(), occ(), occ(), occ()] }, bounds);
  assert.equal(many.item?.occurrences.length, 3);
  assert.equal(many.rejected, 2);
  assert.equal(
    readSampled({ occurrences: [occ({ route: '/a/very/long/route' })] }, bounds).item?.occurrences[0]?.route,
    '/a/very/',
  );
  assert.equal(
    readSampled({ occurrences: [occ({ traceId: 'zz' })] }, bounds).item?.occurrences[0]?.traceId,
    undefined,
  );
  assert.deepEqual(readSampled({ occurrences: 'x' }, bounds), { item: undefined, rejected: 1 });
});
