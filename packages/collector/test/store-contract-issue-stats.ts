/**
 * Contract part: per-issue event counts per hour and day (the list's sparklines), written by
 * digest, read in one query for a page of issues, exact after retention deleted the events,
 * and pruned past ISSUE_HOURLY_COUNTS_KEEP_MS. Its own database: retention deletes for all.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SentryEvent } from '@faultline/core';
import { HOUR_MS } from '@faultline/core';
import { digestBatches } from '../src/digest/digest.js';
import type { IngestBatch } from '../src/ingest-batch.js';
import { ISSUE_HOURLY_COUNTS_KEEP_MS } from '../src/limits.js';
import { hourOf } from '../src/store/hours.js';
import type { IssueId, ProjectId } from '../src/store/ids.js';
import type { IssueCountsQuery } from '../src/store/queries.js';
import type { IssueBucketCount } from '../src/store/records.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent, ingestEvent } from './digest-fixtures.js';
import type { StoreFixture, StoreHandle } from './store-contract.js';

const DAY_MS = 24 * HOUR_MS;

const ingest = (store: Store, ...batches: IngestBatch[]) => store.write((tx) => digestBatches(tx, batches));

/** What the store must answer, computed from the event times. */
function expected(query: IssueCountsQuery, times: Map<IssueId, number[]>): IssueBucketCount[] {
  const counts = new Map<string, IssueBucketCount>();
  for (const issueId of query.issueIds) {
    for (const t of times.get(issueId) ?? []) {
      const hour = hourOf(t);
      if (hour < query.from || hour >= query.to) continue;
      const start = query.from + Math.floor((hour - query.from) / query.bucketMs) * query.bucketMs;
      const key = `${issueId}:${start}`;
      const c = counts.get(key) ?? { issueId, start, count: 0 };
      c.count++;
      counts.set(key, c);
    }
  }
  return sortCounts([...counts.values()]);
}

const sortCounts = (counts: IssueBucketCount[]) =>
  [...counts].sort((a, b) => a.issueId - b.issueId || a.start - b.start);

/**
 * Registers the tests, on a database of their own.
 * @example contractIssueStats('sqlite', fixture)
 */
export function contractIssueStats(name: string, fixture: StoreFixture): void {
  describe(`Store contract: ${name} issue event counts`, () => {
    let handle: StoreHandle;
    let store: Store;
    let projectId: ProjectId;
    const now = Date.now();
    const hour = hourOf(now);
    const day = Math.floor(now / DAY_MS) * DAY_MS;
    const last24h = { from: hour - 23 * HOUR_MS, to: hour + HOUR_MS, bucketMs: HOUR_MS };
    const last14d = { from: day - 13 * DAY_MS, to: day + DAY_MS, bucketMs: DAY_MS };
    const last20d = { from: day - 19 * DAY_MS, to: day + DAY_MS, bucketMs: DAY_MS };
    // Event times per bug: this hour, hours and days back, both edges of the 24 h window, and
    // past the 14-day and 15-day marks.
    const bugs: Record<string, number[]> = {
      hot: [
        now,
        now,
        hour,
        hour - 1,
        now - 3 * HOUR_MS,
        hour - 23 * HOUR_MS,
        hour - 23 * HOUR_MS - 1,
        now - 3 * DAY_MS,
        now - 13 * DAY_MS,
        day - 13 * DAY_MS - 1,
        now - 16 * DAY_MS,
      ],
      warm: [now - 2 * HOUR_MS, now - 2 * HOUR_MS, now - 2 * HOUR_MS, now - 5 * DAY_MS],
      cold: [now - 20 * DAY_MS],
    };
    const ids = new Map<string, IssueId>();
    const times = new Map<IssueId, number[]>();
    const counts = async (q: Omit<IssueCountsQuery, 'issueIds'>, only?: string[]) =>
      sortCounts(
        await store.issueEventCounts({
          ...q,
          issueIds: (only ?? Object.keys(bugs)).map((b) => ids.get(b)!),
        }),
      );
    const want = (q: Omit<IssueCountsQuery, 'issueIds'>, only?: string[]) =>
      expected({ ...q, issueIds: (only ?? Object.keys(bugs)).map((b) => ids.get(b)!) }, times);

    before(async () => {
      handle = await fixture.create();
      store = handle.store;
      projectId = (await store.createProject('sparklines')).id;
      const event = (fn: string, t: number): SentryEvent => bugEvent({ fn }, { timestamp: t / 1000 });
      // Two commits, so counts of one (issue, hour) are added to, not overwritten; each event is
      // received when it happened, so retention by age can reach the old ones.
      const all = Object.entries(bugs).flatMap(([fn, ts]) => ts.map((t) => ({ fn, t })));
      const half = Math.ceil(all.length / 2);
      for (const part of [all.slice(0, half), all.slice(half)])
        await ingest(
          store,
          ...part.map(({ fn, t }) => ({ ...batch(projectId, [event(fn, t)]), receivedAt: t })),
        );
      const issues = (await store.listIssues({ projectId, sort: 'lastSeen', limit: 10 })).items;
      assert.equal(issues.length, 3);
      for (const [fn, ts] of Object.entries(bugs)) {
        const issue = issues.find((i) => i.culprit.endsWith(` in ${fn}`))!;
        ids.set(fn, issue.id);
        times.set(issue.id, ts);
      }
    });
    after(async () => {
      await store?.close();
      await fixture.cleanup();
    });

    it('counts events per UTC hour and per UTC day, only inside the window', async () => {
      const hourly = await counts(last24h);
      assert.deepEqual(hourly, want(last24h));
      const hot = ids.get('hot')!;
      // This hour holds `now` twice and the hour's first instant; the window's first hour one.
      assert.equal(hourly.find((c) => c.issueId === hot && c.start === hour)?.count, 3);
      assert.equal(hourly.find((c) => c.issueId === hot && c.start === last24h.from)?.count, 1);
      assert.ok(hourly.every((c) => c.start >= last24h.from && c.start < last24h.to));
      assert.equal(hourly.filter((c) => c.issueId === ids.get('cold')).length, 0);
      const daily = await counts(last14d);
      assert.deepEqual(daily, want(last14d));
      assert.equal(
        daily.filter((c) => c.issueId === hot).reduce((sum, c) => sum + c.count, 0),
        9,
        'the 14 days hold all but the two older events',
      );
    });

    it('reads only the issues asked for, and nothing for none', async () => {
      assert.deepEqual(await counts(last24h, ['warm']), want(last24h, ['warm']));
      assert.deepEqual(await store.issueEventCounts({ ...last24h, issueIds: [] }), []);
    });

    it('does not count a duplicate event twice', async () => {
      const again = ingestEvent(bugEvent({ fn: 'warm' }, { timestamp: (now - HOUR_MS) / 1000 }));
      await ingest(store, batch(projectId, [again]));
      await ingest(store, batch(projectId, [again, again]));
      times.get(ids.get('warm')!)!.push(now - HOUR_MS);
      assert.deepEqual(await counts(last24h), want(last24h));
    });

    it('stays exact after retention deleted the events, and drops hours past the keep window', async () => {
      const before20d = await counts(last20d);
      assert.deepEqual(before20d, want(last20d));
      assert.ok(before20d.some((c) => c.start < now - ISSUE_HOURLY_COUNTS_KEEP_MS));
      const deleted = await store.deleteEvents({ olderThan: now + 1, maxPerIssue: 0, now });
      assert.equal(deleted, [...times.values()].flat().length);
      const hot = (await store.getIssue(ids.get('hot')!))!;
      assert.deepEqual(
        (await store.listEvents({ issueId: hot.id, limit: 5 })).items,
        [],
        'the events are gone',
      );
      // Hours that began before the keep mark are gone, whatever the window; the rest is exact.
      const kept = now - ISSUE_HOURLY_COUNTS_KEEP_MS;
      const keptTimes = new Map([...times].map(([id, ts]) => [id, ts.filter((t) => hourOf(t) >= kept)]));
      const hourly20d = { from: hourOf(now - 20 * DAY_MS), to: hour + HOUR_MS, bucketMs: HOUR_MS };
      for (const q of [last24h, last14d, last20d, hourly20d])
        assert.deepEqual(await counts(q), expected({ ...q, issueIds: [...ids.values()] }, keptTimes));
      assert.deepEqual(await counts(last24h), want(last24h));
      assert.deepEqual(await counts(last14d), want(last14d));
      assert.equal((await counts(last20d, ['cold'])).length, 0);
    });
  });
}
