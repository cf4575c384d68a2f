/**
 * The issues of a group commit's events, found or created in bulk: per project, one read of the
 * merged fingerprints' issues and one locking SELECT for the fingerprints the run has not met yet, one INSERT for those that have no issue.
 * A new issue takes its title, culprit, level and times from the first event that has its
 * fingerprint, as if the events had been digested one by one.
 */

import type { ProjectId } from '../store/ids.js';
import type { NewIssue } from '../store/write-tx.js';
import { DigestContext } from './digest-context.js';
import type { NormalizedEvent } from './normalize-event.js';

/** An event of the run that is not a duplicate, with where and when it arrived. */
export interface FreshEvent {
  projectId: ProjectId;
  /** The batch's `receivedAt`. */
  receivedAt: number;
  /** Digest's clock for this event (release first-seen, regressions). */
  now: number;
  e: NormalizedEvent;
}

const byKey = <T>([a]: [string, T], [b]: [string, T]) => (a < b ? -1 : a > b ? 1 : 0);

function newIssue(f: FreshEvent): NewIssue {
  return {
    projectId: f.projectId,
    fingerprint: f.e.fingerprint,
    groupingVersion: f.e.groupingVersion,
    title: f.e.title,
    culprit: f.e.culprit,
    level: f.e.level,
    firstSeen: f.e.timestamp,
    lastSeen: f.e.timestamp,
  };
}

/** Of the fingerprints that have no issue, those whose deleted issue discards its events (only
 * these are looked up: a fingerprint with an issue is never discarded). */
async function findDiscarded(ctx: DigestContext, unknown: readonly [string, FreshEvent][]): Promise<void> {
  const projects = new Map<ProjectId, string[]>();
  for (const [, f] of unknown)
    projects.set(f.projectId, [...(projects.get(f.projectId) ?? []), f.e.fingerprint]);
  await Promise.all(
    [...projects].map(async ([projectId, fingerprints]) => {
      for (const fingerprint of await ctx.tx.discardedFingerprints(projectId, fingerprints))
        ctx.discardedKeys.add(DigestContext.key(projectId, fingerprint));
    }),
  );
}

/**
 * Puts the issue of every event in `ctx.issues` (keyed by project and fingerprint), or its key
 * in `ctx.discardedKeys` when its deleted issue discards it; records the ones created in `ctx.result.newIssues` (in event order), and locks them all on PostgreSQL.
 * @example await loadIssues(ctx, fresh); ctx.issues.get(DigestContext.key(projectId, e.fingerprint))
 */
export async function loadIssues(ctx: DigestContext, fresh: readonly FreshEvent[]): Promise<void> {
  const firstOf = new Map<string, FreshEvent>(); // in event order
  for (const f of fresh) {
    const key = DigestContext.key(f.projectId, f.e.fingerprint);
    if (!ctx.issues.has(key) && !firstOf.has(key)) firstOf.set(key, f);
  }
  if (firstOf.size === 0) return;
  const projects = new Map<ProjectId, string[]>();
  for (const f of firstOf.values())
    projects.set(f.projectId, [...(projects.get(f.projectId) ?? []), f.e.fingerprint]);
  // A merged fingerprint (issue_fingerprints) finds the issue it was merged into.
  const found = await Promise.all(
    [...projects].map(([projectId, fingerprints]) => ctx.tx.findIssues(projectId, fingerprints.sort())),
  );
  for (const [i, [projectId]] of [...projects].entries())
    for (const [fingerprint, issue] of found[i] ?? [])
      ctx.issues.set(DigestContext.key(projectId, fingerprint), issue);

  // Sorted, so concurrent collectors lock the new rows in one order.
  const unknown = [...firstOf].filter(([key]) => !ctx.issues.has(key)).sort(byKey);
  if (unknown.length === 0) return;
  await findDiscarded(ctx, unknown);
  const missing = unknown.filter(([key]) => !ctx.discardedKeys.has(key));
  if (missing.length === 0) return;
  const inserted = await ctx.tx.insertIssues(missing.map(([, f]) => newIssue(f)));
  const created = new Set<string>();
  inserted.forEach(({ issue, created: isNew }, i) => {
    const key = (missing[i] as [string, FreshEvent])[0];
    ctx.issues.set(key, issue);
    if (isNew) created.add(key);
  });
  for (const key of firstOf.keys()) {
    const issue = ctx.issues.get(key);
    if (created.has(key) && issue !== undefined) {
      ctx.result.newIssues.push(issue.id);
      const first = firstOf.get(key) as FreshEvent;
      ctx.activity.push({
        projectId: issue.projectId,
        issueId: issue.id,
        kind: 'first_seen',
        actor: null,
        data: { release: first.e.release },
        at: first.now,
      });
    }
  }
}
