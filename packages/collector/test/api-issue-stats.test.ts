/**
 * `statsPeriod` on the issue list (GET /api/v1/projects/:id/issues): every issue of the page
 * gets `stats: { "24h" | "14d": [[unix seconds, events], …] }`, buckets aligned to UTC hours or
 * days and ending with the current one, counts exact; no `stats` without the parameter; any
 * other value is a 400. Over a real collector and SQLite store.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HOUR_MS } from '@faultline/core';
import { OPENAPI } from '../src/api/openapi.js';
import { createCommit, type RunningCollector, type Store, startCollector } from '../src/index.js';
import { hourOf } from '../src/store/hours.js';
import { batch, bugEvent } from './digest-fixtures.js';
import { tempStore } from './digest-sqlite.js';

const ADMIN = 'admin-token-for-stats-tests';
const DAY_MS = 24 * HOUR_MS;
let store: Store;
let dispose: () => Promise<void>;
let collector: RunningCollector;
const now = Date.now();

/** Event times per bug (its function name), relative to the start of the test. */
const BUGS: Record<string, number[]> = {
  hot: [now, now, now - HOUR_MS, now - 5 * HOUR_MS, now - 23 * HOUR_MS, now - 26 * HOUR_MS, now - 2 * DAY_MS],
  tail: [now - 10 * DAY_MS, now - 13 * DAY_MS, now - 15 * DAY_MS],
  quiet: [now - 40 * DAY_MS],
};

type Point = [number, number];
interface IssueJson {
  id: number;
  culprit: string;
  stats?: Record<string, Point[]>;
}

interface ListJson {
  items: IssueJson[];
  nextCursor: string | null;
  detail?: string;
}

async function list(query: string): Promise<{ status: number; body: ListJson }> {
  const res = await fetch(`${collector.url}/api/v1/projects/1/issues?${query}`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  return { status: res.status, body: (await res.json()) as ListJson };
}

/** The series the API must give for `fn`: `buckets` of `width` ending with the one holding `at`. */
function expectedSeries(fn: string, width: number, buckets: number, at: number): Point[] {
  const last = Math.floor(at / width) * width;
  const starts = Array.from({ length: buckets }, (_, k) => last - (buckets - 1 - k) * width);
  return starts.map((start) => [
    start / 1000,
    BUGS[fn]!.filter((t) => t >= start && t < start + width).length,
  ]);
}

const fnOf = (i: IssueJson) => i.culprit.split(' in ')[1]!;

before(async () => {
  ({ store, dispose } = await tempStore());
  await store.ensureDefaultProject();
  collector = await startCollector({ store, adminToken: ADMIN });
  const events = Object.entries(BUGS).flatMap(([fn, times]) =>
    times.map((t) => bugEvent({ fn }, { timestamp: t / 1000 })),
  );
  await createCommit(store)([batch(1, events)]);
});

after(async () => {
  await collector.close();
  await dispose();
});

describe('issue list statsPeriod', () => {
  for (const [period, width, buckets] of [
    ['24h', HOUR_MS, 24],
    ['14d', DAY_MS, 14],
  ] as const) {
    test(`statsPeriod=${period}: ${buckets} UTC buckets ending with the current one, exact counts`, async () => {
      const asked = Date.now();
      const { status, body } = await list(`statsPeriod=${period}&limit=50`);
      const answered = Date.now();
      assert.equal(status, 200);
      const items = body.items;
      assert.deepEqual(items.map(fnOf).sort(), Object.keys(BUGS).sort());
      for (const issue of items) {
        assert.deepEqual(Object.keys(issue.stats ?? {}), [period]);
        const series = issue.stats![period]!;
        assert.equal(series.length, buckets);
        for (const [start] of series) assert.equal((start * 1000) % width, 0, 'aligned to UTC');
        // The request may straddle a bucket edge: the series is the one of either instant.
        const candidates = [asked, answered].map((at) => expectedSeries(fnOf(issue), width, buckets, at));
        assert.ok(
          candidates.some((c) => JSON.stringify(c) === JSON.stringify(series)),
          `${fnOf(issue)} ${period}: ${JSON.stringify(series)}`,
        );
      }
    });
  }

  test('the current hour is the last bucket, and the counts are the ones expected', async () => {
    const { body } = await list('statsPeriod=24h');
    const hot = body.items.find((i) => fnOf(i) === 'hot')!;
    const series = hot.stats!['24h']!;
    assert.equal(series.at(-1)![0], hourOf(Date.now()) / 1000);
    // now, now, one hour back, five back, 23 back; 26 hours and 2 days are outside.
    assert.equal(
      series.reduce((sum, [, n]) => sum + n, 0),
      5,
    );
    const daily = (await list('statsPeriod=14d')).body.items;
    const tail = daily.find((i) => fnOf(i) === 'tail')!.stats!['14d']!;
    assert.equal(
      tail.reduce((sum, [, n]) => sum + n, 0),
      2,
      '15 days back is outside 14 days',
    );
    const quiet = daily.find((i) => fnOf(i) === 'quiet')!.stats!['14d']!;
    assert.ok(quiet.every(([, n]) => n === 0));
  });

  test('only the issues of the page, with the other filters and the cursor', async () => {
    const first = await list('statsPeriod=24h&limit=1&sort=count');
    assert.equal(first.body.items.length, 1);
    assert.equal(fnOf(first.body.items[0]!), 'hot');
    const next = await list(
      `statsPeriod=24h&limit=1&sort=count&cursor=${encodeURIComponent(first.body.nextCursor!)}`,
    );
    assert.equal(next.body.items[0]?.stats?.['24h']?.length, 24);
    const text = await list('statsPeriod=14d&query=tail');
    assert.deepEqual(text.body.items.map(fnOf), ['tail']);
    assert.equal(text.body.items[0]?.stats?.['14d']?.length, 14);
  });

  test('no stats field without statsPeriod (or with an empty one)', async () => {
    for (const query of ['', 'statsPeriod=', 'limit=2']) {
      const { status, body } = await list(query);
      assert.equal(status, 200);
      for (const issue of body.items as IssueJson[]) assert.equal('stats' in issue, false, query);
    }
  });

  test('any other statsPeriod is a 400 that says which values exist', async () => {
    for (const value of ['7d', '24H', '1h', 'auto', '24h ', '%00', 'x'.repeat(300)]) {
      const { status, body } = await list(`statsPeriod=${encodeURIComponent(value)}`);
      assert.equal(status, 400, value);
      assert.match(body.detail ?? '', /statsPeriod must be one of 24h, 14d/);
    }
  });

  test('the OpenAPI document describes statsPeriod and stats', () => {
    const params: readonly { name: string; schema?: unknown }[] =
      OPENAPI.paths['/api/v1/projects/{projectId}/issues'].get.parameters;
    assert.deepEqual(params.find((p) => p.name === 'statsPeriod')?.schema, { enum: ['24h', '14d'] });
    assert.deepEqual(Object.keys(OPENAPI.components.schemas.Issue.properties.stats.properties), [
      '24h',
      '14d',
    ]);
  });
});
