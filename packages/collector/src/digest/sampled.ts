/**
 * Sampled occurrences (issue 18 §1): errors of a storm the server middleware counted but did not
 * send in full, each naming the full event it is like. Each is stored (for the incident lookup)
 * and added to the count, hourly count and last-seen of that event's issue, so the issue shows
 * the true number of occurrences. Runs after the run's events are stored, so an occurrence whose
 * event arrived in the same group commit is counted. One whose event is not stored at digest
 * time (it comes later, or was dropped) is stored uncounted and never counted later: the count
 * stays a lower bound rather than a guess. A resent occurrence (same project, request id and
 * like event) is neither stored nor counted again.
 */

import type { IngestBatch } from '../ingest-batch.js';
import { hourOf } from '../store/hours.js';
import { asEventId, asProjectId, type EventId, type ProjectId } from '../store/ids.js';
import type { IssueRecord } from '../store/records.js';
import { sampledKey } from '../store/sql/sampled-write-sql.js';
import type { SampledRow } from '../store/write-tx.js';
import { DigestContext } from './digest-context.js';
import { checkSnoozeAfterEvent } from './snooze-checks.js';

/** The issues of the like events of one project, locked and in `ctx.issues`, by event id. */
async function likeIssues(
  ctx: DigestContext,
  projectId: ProjectId,
  likes: EventId[],
): Promise<Map<EventId, IssueRecord>> {
  const owners = await ctx.tx.eventIssues(projectId, likes.sort());
  const missing = [...new Set([...owners.values()].map((o) => o.fingerprint))]
    .filter((fp) => !ctx.issues.has(DigestContext.key(projectId, fp)))
    .sort();
  for (const [fingerprint, issue] of await ctx.tx.findIssues(projectId, missing))
    ctx.issues.set(DigestContext.key(projectId, fingerprint), issue);
  const out = new Map<EventId, IssueRecord>();
  for (const [eventId, o] of owners) {
    const issue = ctx.issues.get(DigestContext.key(projectId, o.fingerprint));
    if (issue !== undefined) out.set(eventId, issue);
  }
  return out;
}

/**
 * @example await digestSampled(ctx, batches)
 */
export async function digestSampled(ctx: DigestContext, batches: readonly IngestBatch[]): Promise<void> {
  const byProject = new Map<ProjectId, IngestBatch[]>();
  for (const b of batches)
    if (b.sampled.length > 0) {
      const id = asProjectId(b.projectId);
      byProject.set(id, [...(byProject.get(id) ?? []), b]);
    }
  for (const [projectId, list] of [...byProject].sort(([a], [b]) => a - b)) {
    const likes = [...new Set(list.flatMap((b) => b.sampled.map((o) => asEventId(o.like))))];
    const issues = await likeIssues(ctx, projectId, likes);
    const rows: SampledRow[] = list.flatMap((b) =>
      b.sampled.map((o) => ({
        projectId,
        requestId: o.requestId,
        traceId: o.traceId ?? null,
        method: o.method,
        route: o.route,
        status: o.status,
        timestamp: Math.round(o.timestamp * 1000),
        receivedAt: b.receivedAt,
        likeEventId: asEventId(o.like),
        issueId: issues.get(asEventId(o.like))?.id ?? null,
      })),
    );
    const inserted = await ctx.tx.insertSampled(rows);
    for (const row of rows) {
      const issue = issues.get(row.likeEventId);
      if (issue === undefined || !inserted.delete(sampledKey(projectId, row.requestId, row.likeEventId)))
        continue;
      issue.count++;
      // An occurrence counts toward "N more events" like the event it is like.
      checkSnoozeAfterEvent(ctx, issue, row.receivedAt);
      if (row.timestamp > issue.lastSeen) issue.lastSeen = row.timestamp;
      const hour = hourOf(row.timestamp);
      ctx.hourlyCounts.add(DigestContext.key(issue.id, hour), { issueId: issue.id, hour, count: 1 });
      ctx.markDirty(issue);
    }
  }
}
