/**
 * The sparkline data from the issue list's `stats` (GET …/issues?statsPeriod=24h|14d), read
 * from a fixture shaped as the collector answers: 24 hourly `[unixSeconds, count]` buckets.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_SPARKLINE_BUCKETS } from '../limits.js';
import { sparklineOf } from './issue-stats.js';
import type { Issue, IssueStats } from './types.js';

const HOUR = 3600;
const START = 1_795_600_800; // an hour boundary

/** One issue of the list API's answer with `statsPeriod=24h`. */
const ISSUE_WITH_STATS: Issue = {
  id: 12,
  projectId: 1,
  title: "TypeError: Cannot read properties of undefined (reading 'total')",
  culprit: 'computeTotal(src/orders.js)',
  level: 'error',
  status: 'unresolved',
  regressed: false,
  firstSeen: '2026-11-24T08:00:00.000Z',
  lastSeen: '2026-11-25T07:59:00.000Z',
  count: 40,
  usersAffected: 3,
  releases: ['shop@1.4.2'],
  environments: ['production'],
  stats: {
    '24h': Array.from({ length: 24 }, (_, i): [number, number] => [
      START + i * HOUR,
      i % 6 === 0 ? 5 : i % 2,
    ]),
  },
};

test('24 hourly buckets: columns oldest first, the total and the label', () => {
  const line = sparklineOf(ISSUE_WITH_STATS.stats, '24h');
  assert.ok(line);
  assert.equal(line.x.length, 24);
  assert.equal(line.x[0], START);
  assert.equal(line.x[23], START + 23 * HOUR);
  assert.deepEqual(line.counts.slice(0, 7), [5, 1, 0, 1, 0, 1, 5]);
  assert.equal(line.total, 4 * 5 + 12);
  assert.equal(line.label, '32 events in the last 24 hours');
});

test('the other period, one event, and no stats at all', () => {
  const daily: IssueStats = { '14d': [[START, 1]] };
  assert.equal(sparklineOf(daily, '14d')?.label, '1 event in the last 14 days');
  assert.equal(sparklineOf(daily, '24h'), undefined, 'a period the list did not ask for');
  assert.equal(sparklineOf(undefined, '24h'), undefined, 'an API without stats: no sparkline');
  assert.equal(sparklineOf({ '24h': [] }, '24h'), undefined);
});

test('malformed buckets are dropped, order is restored, the count is bounded', () => {
  const messy = {
    '24h': [
      [START + HOUR, 2],
      'x',
      [START, 3],
      [START + 2 * HOUR, -1],
      [START + 3 * HOUR, Number.NaN],
      [null, 4],
      [START + 4 * HOUR, '5'],
      [START + 5 * HOUR],
    ],
  } as unknown as IssueStats;
  const line = sparklineOf(messy, '24h');
  assert.deepEqual(line?.x, [START, START + HOUR]);
  assert.deepEqual(line?.counts, [3, 2]);
  assert.equal(line?.total, 5);

  const many: IssueStats = {
    '24h': Array.from({ length: 1000 }, (_, i): [number, number] => [START + i * HOUR, 1]),
  };
  const bounded = sparklineOf(many, '24h');
  assert.equal(bounded?.x.length, MAX_SPARKLINE_BUCKETS);
  assert.equal(bounded?.x.at(-1), START + 999 * HOUR, 'the newest buckets are kept');
});
