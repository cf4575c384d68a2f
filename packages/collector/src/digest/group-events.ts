/**
 * Error events → issues (issue 4 §2; sentry-protocol.md §8). Issue = (project, fingerprint):
 * found or created, then counted, its title/culprit/level following the newest event, its
 * users counted distinct, its releases and environments recorded as tags, and reopened when
 * an event proves a resolution wrong (regression.ts).
 */

import { hourOf } from '../store/hours.js';
import type { EventId, IssueId, ProjectId } from '../store/ids.js';
import type { IssueRecord } from '../store/records.js';
import { eventKey, type IssueUser } from '../store/write-tx.js';
import { DigestContext } from './digest-context.js';
import { addCollectorDiscard } from './discards.js';
import { type FreshEvent, loadIssues } from './issue-lookup.js';
import type { NormalizedEvent } from './normalize-event.js';
import { reopens } from './regression.js';
import { ReleaseFirstSeen } from './release-first-seen.js';
import { checkEscalations, checkSnoozeAfterEvent, checkSnoozedUsers } from './snooze-checks.js';
import { PER_EVENT_TAG_KEYS } from './tags.js';

/** The discard reason of an event whose deleted issue discards its fingerprint's events. */
export const DISCARDED_ISSUE_REASON = 'discarded_issue';
/** Sentry's data category of an error event (client-report outcomes). */
const ERROR_CATEGORY = 'error';

function checkRegression(
  ctx: DigestContext,
  issue: IssueRecord,
  event: { release: string | null; at: number; releaseFirstSeen: number | null },
  releases: ReleaseFirstSeen,
): void {
  const eventReleaseFirstSeen = event.releaseFirstSeen;
  if (issue.status !== 'resolved' && issue.status !== 'resolved_in_next_release') return;
  const reopen = reopens({
    status: issue.status,
    resolvedAt: issue.resolvedAt,
    resolvedInRelease: issue.resolvedInRelease,
    resolvedReleaseFirstSeen:
      issue.resolvedInRelease === null
        ? null
        : releases.resolvedFirstSeen(issue.projectId, issue.resolvedInRelease),
    eventReleaseFirstSeen,
  });
  if (!reopen) return;
  issue.status = 'unresolved';
  issue.regressed = true;
  issue.resolvedAt = null;
  issue.resolvedInRelease = null;
  ctx.result.regressedIssues.push(issue.id);
  ctx.regressions.push({
    projectId: issue.projectId,
    issueId: issue.id,
    release: event.release ?? '',
    at: event.at,
  });
  ctx.activity.push({
    projectId: issue.projectId,
    issueId: issue.id,
    kind: 'regression',
    actor: null,
    data: { release: event.release ?? '' },
    at: event.at,
  });
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

/** The run's events minus duplicates: stored already (one query per project) or met earlier in the run. */
async function freshEvents(ctx: DigestContext, all: readonly FreshEvent[]): Promise<FreshEvent[]> {
  const ids = new Map<ProjectId, Set<EventId>>();
  for (const { projectId, e } of all) ids.set(projectId, (ids.get(projectId) ?? new Set()).add(e.eventId));
  const stored = new Set<string>();
  const found = await Promise.all(
    [...ids].map(async ([projectId, eventIds]) => ({
      projectId,
      eventIds: await ctx.tx.storedEvents(projectId, [...eventIds]),
    })),
  );
  for (const { projectId, eventIds } of found)
    for (const id of eventIds) stored.add(DigestContext.key(projectId, id));
  const fresh: FreshEvent[] = [];
  for (const f of all) {
    const seenKey = DigestContext.key(f.projectId, f.e.eventId);
    if (ctx.seenEvents.has(seenKey) || stored.has(seenKey)) {
      ctx.result.duplicates++;
      continue;
    }
    ctx.seenEvents.add(seenKey);
    fresh.push(f);
  }
  return fresh;
}

/** The events to store: those of a deleted issue's discarded fingerprint are counted, not kept
 * (the SDK is still answered 200, so it does not resend them). */
function withoutDiscarded(ctx: DigestContext, fresh: readonly FreshEvent[]): FreshEvent[] {
  if (ctx.discardedKeys.size === 0) return [...fresh];
  return fresh.filter((f) => {
    if (!ctx.discardedKeys.has(DigestContext.key(f.projectId, f.e.fingerprint))) return true;
    ctx.result.discarded++;
    addCollectorDiscard(ctx, {
      projectId: f.projectId,
      at: f.receivedAt,
      reason: DISCARDED_ISSUE_REASON,
      category: ERROR_CATEGORY,
    });
    return false;
  });
}

function issueOf(ctx: DigestContext, f: FreshEvent): IssueRecord {
  const issue = ctx.issues.get(DigestContext.key(f.projectId, f.e.fingerprint));
  if (issue === undefined) throw new Error('digest: an event has no issue after loadIssues');
  return issue;
}

/** What one stored event changes on its issue and the run's counters, in event order. */
function countEvent(ctx: DigestContext, f: FreshEvent, issue: IssueRecord, releases: ReleaseFirstSeen): void {
  const { e, projectId, now } = f;
  ctx.result.events++;
  // Release first-seen uses the server clock: resolutions are server times too.
  const releaseSeen = releases.use(projectId, e.release);
  if (e.release !== null) {
    ctx.releases.add(DigestContext.key(projectId, e.release), {
      projectId,
      version: e.release,
      seenAt: now,
      events: 1,
    });
  }
  checkRegression(ctx, issue, { release: e.release, at: now, releaseFirstSeen: releaseSeen }, releases);
  issue.count++;
  checkSnoozeAfterEvent(ctx, issue, now);
  issue.firstSeen = Math.min(issue.firstSeen, e.timestamp);
  if (e.timestamp >= issue.lastSeen) {
    issue.lastSeen = e.timestamp;
    issue.title = e.title;
    issue.culprit = e.culprit;
    issue.level = e.level;
  }
  countTags(ctx, issue, e);
  const hour = hourOf(e.timestamp);
  ctx.hourlyCounts.add(DigestContext.key(issue.id, hour), { issueId: issue.id, hour, count: 1 });
  ctx.markDirty(issue);
  const touched = ctx.touched.get(issue.id);
  if (touched === undefined) ctx.touched.set(issue.id, { issue, events: [e] });
  else touched.events.push(e);
}

/** Records the users of stored events (distinct per issue); resolves to the new ones per issue. */
async function addUsers(ctx: DigestContext, users: Map<string, IssueUser>): Promise<Map<IssueId, number>> {
  const sorted = [...users].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, u]) => u);
  if (sorted.length === 0) return new Map();
  return ctx.tx.addIssueUsers(sorted);
}

/**
 * Groups and stores the error events of a group commit (normalize-run.ts), with a few
 * statements per table for the whole group (store/write-tx.ts) and the result of digesting them
 * one by one: find duplicates, find or create issues, insert the events, register their
 * releases, then walk the events in order for counts, titles, regressions and tags, and record
 * users.
 * @example await digestErrors(ctx, normalizeRun(batches).errors)
 */
export async function digestErrors(ctx: DigestContext, errors: readonly FreshEvent[]): Promise<void> {
  const unique = await freshEvents(ctx, errors);
  if (unique.length === 0) return;
  await loadIssues(ctx, unique);
  const fresh = withoutDiscarded(ctx, unique);
  if (fresh.length === 0) return;
  const releases = new ReleaseFirstSeen();
  // Independent (releases, events): issued together, one round trip on PostgreSQL.
  const [, inserted] = await Promise.all([
    releases.readResolved(ctx.tx, ctx.issues.values()),
    ctx.tx.insertEvents(
      fresh.map((f) => ({
        ...f.e,
        projectId: f.projectId,
        issueId: issueOf(ctx, f).id,
        receivedAt: f.receivedAt,
        payloadJson: JSON.stringify({ ...f.e.event, event_id: f.e.eventId }),
        fingerprint: f.e.fingerprint,
      })),
    ),
  ]);
  const stored = fresh.filter((f) => inserted.has(eventKey(f.projectId, f.e.eventId)));
  // A concurrent collector stored the others first.
  ctx.result.duplicates += fresh.length - stored.length;
  const users = new Map<string, IssueUser>();
  for (const f of stored)
    if (f.e.userKey !== null) {
      const issueId = issueOf(ctx, f).id;
      users.set(DigestContext.key(issueId, f.e.userKey), { issueId, userKey: f.e.userKey });
    }
  // Both writes depend only on which events were stored: issued together, one round trip on
  // PostgreSQL. The users counted are added after the walk, as before it.
  const [, added] = await Promise.all([
    releases.register(
      ctx.tx,
      stored.map((f) => ({ projectId: f.projectId, release: f.e.release, now: f.now })),
    ),
    addUsers(ctx, users),
  ]);
  for (const f of stored) countEvent(ctx, f, issueOf(ctx, f), releases);
  for (const issue of ctx.issues.values()) issue.usersAffected += added.get(issue.id) ?? 0;
  if (stored.length === 0) return;
  const now = Math.max(...stored.map((f) => f.now));
  checkSnoozedUsers(ctx, now);
  await checkEscalations(ctx, now);
}
