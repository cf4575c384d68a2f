/** Contract part: a group commit writes each table in bulk (a few statements for all its
 * batches), and must give exactly what digesting the same batches one transaction at a time
 * gives: issues created from their first event, duplicates (stored, or twice in the group),
 * distinct users, release first-seen and regressions decided event by event. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digestBatches } from '../src/digest/digest.js';
import type { DigestResult } from '../src/digest/digest-context.js';
import type { IngestBatch, IngestEvent } from '../src/ingest-batch.js';
import type { ProjectId } from '../src/store/ids.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent, ingestEvent, newEventId, newSpanId, newTraceId } from './digest-fixtures.js';

const T0 = Date.UTC(2033, 0, 1);

/** The same events (same ids) as batches for `projectId`: both projects get identical input. */
function scenario(projectId: number, ids: string[], stored: IngestEvent): IngestBatch[] {
  let n = 0;
  const ev = (fn: string, extra: Record<string, unknown> = {}, id = ids[n++] as string) =>
    ingestEvent(bugEvent({ fn }, { timestamp: (T0 + n * 1000) / 1000, ...extra }), id);
  const twice = ev('twice', { release: 'v1', user: { id: 'u1' } });
  const tx = { eventId: ids[20] as string, event: { type: 'transaction', transaction: 'GET /a' } };
  return [
    batch(projectId, [ev('alpha', { release: 'v1', user: { id: 'u1' } }), twice, stored], {
      receivedAt: T0 + 10_000,
      transactions: [tx as IngestEvent],
    }),
    batch(
      projectId,
      [
        ev('alpha', { release: 'v3', user: { id: 'u1' }, level: 'fatal' }),
        twice, // the same id again in the group: a duplicate
        ev('beta', { release: 'v3', user: { id: 'u2' } }),
        ev('resolved', { release: 'v3' }),
      ],
      { receivedAt: T0 + 20_000, transactions: [tx as IngestEvent] },
    ),
    batch(
      projectId,
      [
        ev('alpha', { release: 'v9', user: { id: 'u2' }, timestamp: T0 / 1000 - 50 }),
        ev('resolved', { release: 'v9' }),
      ],
      { receivedAt: T0 + 30_000 },
    ),
  ];
}

async function snapshot(store: Store, projectId: ProjectId) {
  const issues = (await store.listIssues({ projectId, sort: 'count', limit: 50 })).items
    .map((i) => [
      i.title,
      i.culprit,
      i.level,
      i.count,
      i.usersAffected,
      i.status,
      i.regressed,
      i.firstSeen,
      i.lastSeen,
      i.resolvedInRelease,
    ])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const releases = (await store.listReleases(projectId)).map((r) => [
    r.version,
    r.firstSeen,
    r.lastSeen,
    r.eventCount,
  ]);
  return { issues, releases };
}

const summary = (results: DigestResult[]) => ({
  events: results.reduce((s, r) => s + r.events, 0),
  duplicates: results.reduce((s, r) => s + r.duplicates, 0),
  transactions: results.reduce((s, r) => s + r.transactions, 0),
  newIssues: results.reduce((s, r) => s + r.newIssues.length, 0),
  regressed: results.reduce((s, r) => s + r.regressedIssues.length, 0),
});

/**
 * Registers the group-commit tests inside the contract's describe block.
 * @example contractGroupCommit(() => store, project)
 */
export function contractGroupCommit(getStore: () => Store, project: () => Promise<ProjectId>): void {
  describe('group commit', () => {
    it('one transaction for many batches gives what one transaction per batch gives', async () => {
      const store = getStore();
      const ids = Array.from({ length: 21 }, newEventId);
      const stored = ingestEvent(bugEvent({ fn: 'stored' }, { timestamp: T0 / 1000 }));
      const [one, many] = [await project(), await project()];
      for (const p of [one, many]) {
        // Before the group: one event already stored, and an issue resolved in release v9,
        // which no event has carried yet.
        await store.write((tx) =>
          digestBatches(tx, [
            batch(p, [stored, ingestEvent(bugEvent({ fn: 'resolved' }, { timestamp: T0 / 1000 }))], {
              receivedAt: T0,
            }),
          ]),
        );
        const resolved = (await store.listIssues({ projectId: p, sort: 'count', limit: 50 })).items.find(
          (i) => i.culprit.includes('resolved'),
        );
        assert.ok(resolved);
        await store.updateIssueStatus(resolved.id, 'resolved', { inRelease: 'v9', now: T0 + 1000 });
      }

      const grouped = [await store.write((tx) => digestBatches(tx, scenario(one, ids, stored)))];
      const single: DigestResult[] = [];
      for (const b of scenario(many, ids, stored))
        single.push(await store.write((tx) => digestBatches(tx, [b])));

      assert.deepEqual(await snapshot(store, one), await snapshot(store, many));
      assert.deepEqual(summary(grouped), summary(single));
      assert.deepEqual(summary(grouped), {
        events: 7,
        duplicates: 2,
        transactions: 1,
        newIssues: 3,
        regressed: 1,
      });
      const snap = await snapshot(store, one);
      const alpha = snap.issues.find((i) => String(i[1]).includes('alpha'));
      // Title and level follow the newest event; v9's event is older, so fatal stays.
      assert.deepEqual([alpha?.[2], alpha?.[3], alpha?.[4]], ['fatal', 3, 2]);
      // The v3 event (first seen before v9 was) reopened the issue resolved in v9: event by
      // event, v9 was still unknown then, so the resolution time decides.
      const resolved = snap.issues.find((i) => String(i[1]).includes('resolved'));
      assert.deepEqual([resolved?.[5], resolved?.[6]], ['unresolved', true]);
    });

    it('keeps projects apart inside one group, and stores many events and users in bulk', async () => {
      const store = getStore();
      const [a, b] = [await project(), await project()];
      const id = newEventId(); // the same event id in two projects is two events
      const traceId = newTraceId();
      const many = Array.from({ length: 300 }, (_, i) =>
        ingestEvent(
          bugEvent(
            { fn: `f${i % 7}` },
            {
              user: { id: `user-${i % 40}` },
              contexts: { trace: { trace_id: traceId, span_id: newSpanId() } },
            },
          ),
        ),
      );
      const result = await store.write((tx) =>
        digestBatches(tx, [
          batch(a, [ingestEvent(bugEvent(), id), ...many.slice(0, 150)]),
          batch(b, [ingestEvent(bugEvent(), id), ...many.slice(150)]),
        ]),
      );
      assert.deepEqual([result.events, result.duplicates, result.newIssues.length], [302, 0, 16]);
      const counts = async (p: ProjectId) =>
        (await store.listIssues({ projectId: p, sort: 'count', limit: 50 })).items.reduce(
          (s, i) => [s[0]! + i.count, s[1]! + i.usersAffected],
          [0, 0],
        );
      assert.deepEqual(await counts(a), [151, 150]);
      assert.deepEqual(await counts(b), [151, 150]);
      assert.equal((await store.getTrace(traceId)).events.length, 300);
    });
  });
}
