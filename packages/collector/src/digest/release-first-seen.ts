/**
 * Release first-seen times for one group commit, in bulk. Digest reads them per event: the
 * event's own release (registered, with 0 events, the first time the run stores an event of
 * it; the server clock of that event's batch) and, for regressions, the release an issue was
 * resolved in. Registering every release of the run in one statement up front would let a
 * regression check see a release that, event by event, only a LATER event registers; so the
 * releases issues are bound to are read before registering, and `resolvedFirstSeen` answers
 * as the store would have at that point of the run.
 */

import type { ProjectId } from '../store/ids.js';
import type { IssueRecord } from '../store/records.js';
import type { WriteTx } from '../store/write-tx.js';
import { DigestContext } from './digest-context.js';

/** An event's release and the clock it would be registered with. */
export interface ReleaseUse {
  projectId: ProjectId;
  release: string | null;
  now: number;
}

export class ReleaseFirstSeen {
  /** First-seen before this run of the releases resolved issues are bound to. */
  readonly #before = new Map<string, number>();
  /** First-seen after registration, for every release the run stores events of. */
  readonly #registered = new Map<string, number>();
  /** Releases registered so far, walking the events in order (`use`). */
  readonly #used = new Map<string, number>();

  /**
   * Reads the releases `issues` are resolved in (only those bound to a release).
   * @example await releases.readResolved(tx, ctx.issues.values())
   */
  async readResolved(tx: WriteTx, issues: Iterable<IssueRecord>): Promise<void> {
    const byProject = new Map<ProjectId, Set<string>>();
    for (const i of issues) {
      if (i.status !== 'resolved' && i.status !== 'resolved_in_next_release') continue;
      if (i.resolvedInRelease === null) continue;
      byProject.set(i.projectId, (byProject.get(i.projectId) ?? new Set()).add(i.resolvedInRelease));
    }
    for (const [projectId, versions] of byProject)
      for (const [version, firstSeen] of await tx.getReleases(projectId, [...versions].sort()))
        this.#before.set(DigestContext.key(projectId, version), firstSeen);
  }

  /**
   * Registers the releases of `events` (each with the clock of its first event) in one statement.
   * @example await releases.register(tx, stored)
   */
  async register(tx: WriteTx, events: readonly ReleaseUse[]): Promise<void> {
    const first = new Map<string, { projectId: ProjectId; version: string; seenAt: number; events: 0 }>();
    for (const { projectId, release, now } of events) {
      if (release === null) continue;
      const key = DigestContext.key(projectId, release);
      if (!first.has(key)) first.set(key, { projectId, version: release, seenAt: now, events: 0 });
    }
    const sorted = [...first].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const firstSeen = await tx.upsertReleases(sorted.map(([, r]) => r));
    for (const [i, [key]] of sorted.entries()) this.#registered.set(key, firstSeen[i] as number);
  }

  /**
   * The first-seen of the event's release (null without one), marking it registered from now on.
   * @example const seen = releases.use(projectId, e.release)
   */
  use(projectId: ProjectId, release: string | null): number | null {
    if (release === null) return null;
    const key = DigestContext.key(projectId, release);
    const firstSeen = this.#registered.get(key);
    if (firstSeen === undefined) throw new Error(`release ${release} was not registered`);
    this.#used.set(key, firstSeen);
    return firstSeen;
  }

  /**
   * First-seen of the release an issue is resolved in, as the store would answer now.
   * @example releases.resolvedFirstSeen(issue.projectId, issue.resolvedInRelease)
   */
  resolvedFirstSeen(projectId: ProjectId, version: string): number | null {
    const key = DigestContext.key(projectId, version);
    return this.#used.get(key) ?? this.#before.get(key) ?? null;
  }
}
