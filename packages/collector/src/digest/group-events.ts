/**
 * Error events → issues (issue 4 §2; sentry-protocol.md §8). Issue = (project, fingerprint):
 * found or created, then counted, its title/culprit/level following the newest event, its
 * users counted distinct, its releases and environments recorded as tags, and reopened when
 * an event proves a resolution wrong (regression.ts).
 */

import type { IngestBatch } from '../ingest-batch.js';
import { asProjectId, type ProjectId } from '../store/ids.js';
import type { IssueRecord } from '../store/records.js';
import { DigestContext } from './digest-context.js';
import { type NormalizedEvent, normalizeEvent } from './normalize-event.js';
import { reopens } from './regression.js';
import { PER_EVENT_TAG_KEYS } from './tags.js';

async function issueFor(ctx: DigestContext, projectId: ProjectId, e: NormalizedEvent): Promise<IssueRecord> {
  const key = DigestContext.key(projectId, e.fingerprint);
  const cached = ctx.issues.get(key);
  if (cached !== undefined) return cached;
  let issue = await ctx.tx.findIssue(projectId, e.fingerprint);
  if (issue === undefined) {
    const inserted = await ctx.tx.insertIssue({
      projectId,
      fingerprint: e.fingerprint,
      groupingVersion: e.groupingVersion,
      title: e.title,
      culprit: e.culprit,
      level: e.level,
      firstSeen: e.timestamp,
      lastSeen: e.timestamp,
    });
    issue = inserted.issue;
    if (inserted.created) ctx.result.newIssues.push(issue.id);
  }
  ctx.issues.set(key, issue);
  return issue;
}

async function checkRegression(
  ctx: DigestContext,
  issue: IssueRecord,
  eventReleaseFirstSeen: number | null,
): Promise<void> {
  if (issue.status !== 'resolved' && issue.status !== 'resolved_in_next_release') return;
  const resolvedRelease =
    issue.resolvedInRelease === null
      ? undefined
      : await ctx.tx.getRelease(issue.projectId, issue.resolvedInRelease);
  const reopen = reopens({
    status: issue.status,
    resolvedAt: issue.resolvedAt,
    resolvedInRelease: issue.resolvedInRelease,
    resolvedReleaseFirstSeen: resolvedRelease?.firstSeen ?? null,
    eventReleaseFirstSeen,
  });
  if (!reopen) return;
  issue.status = 'unresolved';
  issue.regressed = true;
  issue.resolvedAt = null;
  issue.resolvedInRelease = null;
  ctx.result.regressedIssues.push(issue.id);
}

function countTags(ctx: DigestContext, issue: IssueRecord, e: NormalizedEvent): void {
  const facets: [string, string][] = [
    ['environment', e.environment],
    ['level', e.level],
  ];
  if (e.release !== null) facets.push(['release', e.release]);
  if (e.service !== null) facets.push(['service', e.service]);
  for (const [key, value] of [...e.tags, ...facets]) {
    if (PER_EVENT_TAG_KEYS.has(key)) continue;
    ctx.tags.add(DigestContext.key(issue.id, key, value), {
      issueId: issue.id,
      key,
      value,
      count: 1,
      firstSeen: e.timestamp,
      lastSeen: e.timestamp,
    });
  }
}

async function digestEvent(ctx: DigestContext, batch: IngestBatch, now: number, e: NormalizedEvent) {
  const projectId = asProjectId(batch.projectId);
  const seenKey = DigestContext.key(projectId, e.eventId);
  if (ctx.seenEvents.has(seenKey) || (await ctx.tx.hasEvent(projectId, e.eventId))) {
    ctx.result.duplicates++;
    return;
  }
  ctx.seenEvents.add(seenKey);
  const issue = await issueFor(ctx, projectId, e);
  const inserted = await ctx.tx.insertEvent({
    ...e,
    projectId,
    issueId: issue.id,
    receivedAt: batch.receivedAt,
    payloadJson: JSON.stringify({ ...e.event, event_id: e.eventId }),
  });
  if (!inserted) {
    ctx.result.duplicates++; // a concurrent collector stored it first
    return;
  }
  ctx.result.events++;
  // Release first-seen uses the server clock: resolutions are server times too.
  const releaseSeen = e.release === null ? null : await ctx.releaseFirstSeen(projectId, e.release, now);
  if (e.release !== null) {
    ctx.releases.add(DigestContext.key(projectId, e.release), {
      projectId,
      version: e.release,
      seenAt: now,
      events: 1,
    });
  }
  await checkRegression(ctx, issue, releaseSeen);
  issue.count++;
  issue.firstSeen = Math.min(issue.firstSeen, e.timestamp);
  if (e.timestamp >= issue.lastSeen) {
    issue.lastSeen = e.timestamp;
    issue.title = e.title;
    issue.culprit = e.culprit;
    issue.level = e.level;
  }
  if (e.userKey !== null && (await ctx.tx.addIssueUser(issue.id, e.userKey))) issue.usersAffected++;
  countTags(ctx, issue, e);
  ctx.markDirty(issue);
}

/**
 * Groups and stores the batch's error events.
 * @example await digestErrors(ctx, batch, batch.receivedAt)
 */
export async function digestErrors(ctx: DigestContext, batch: IngestBatch, now: number): Promise<void> {
  for (const item of batch.events) {
    await digestEvent(ctx, batch, now, normalizeEvent(item, batch.receivedAt));
  }
}
