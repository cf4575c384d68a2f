// A commit in a project without alert rules must not pay for converting its events into what
// rules read (about 8 µs an event in bench:alerts' profile): alertTouches converts a touch's
// events only when the evaluator reads them, once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IssueId } from '../store/ids.js';
import type { IssueRecord } from '../store/records.js';
import type { WriteTx } from '../store/write-tx.js';
import { alertTouches } from './alert-touches.js';
import { DigestContext } from './digest-context.js';
import type { NormalizedEvent } from './normalize-event.js';

/** An event whose conversion is visible: every read of its id is counted. */
function countedEvent(reads: { n: number }): NormalizedEvent {
  const event = { timestamp: 0, level: 'error', environment: 'production', release: null, tags: [] };
  Object.defineProperty(event, 'eventId', {
    get: () => {
      reads.n++;
      return 'a'.repeat(32);
    },
  });
  return event as unknown as NormalizedEvent;
}

test("a touch's events are converted when first read, not when the touches are made, and once", () => {
  const reads = { n: 0 };
  const ctx = new DigestContext({} as WriteTx);
  const issue = { id: 7 as IssueId, projectId: 1 } as IssueRecord;
  ctx.touched.set(issue.id, { issue, events: [countedEvent(reads), countedEvent(reads)] });

  const [touch] = alertTouches(ctx);
  assert.equal(reads.n, 0, 'no event converted before the evaluator reads them');
  assert.equal(touch?.events.length, 2);
  assert.equal(reads.n, 2);
  assert.equal(touch?.events[0]?.eventId, 'a'.repeat(32));
  assert.strictEqual(touch?.events, touch?.events);
  assert.equal(reads.n, 2, 'converted once');
});
