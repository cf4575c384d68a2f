/**
 * State of one digest run (one store transaction, possibly several batches): the issues it
 * touched, and counters it adds up before writing. An issue hit by 100 events in a group
 * commit is updated once, a tag seen 100 times is upserted once. `flush` writes everything in
 * key order, so concurrent PostgreSQL transactions lock rows in the same order.
 */

import { compositeKey } from '../composite-key.js';
import type { IssueId, ProjectId } from '../store/ids.js';
import type { IssueRecord } from '../store/records.js';
import type { NewIssueActivity } from '../store/team-records.js';
import type {
  DiscardCounts,
  IssueHourlyCount,
  IssueTagCount,
  RegressionRow,
  RouteCountRow,
  SessionCounts,
  WriteTx,
} from '../store/write-tx.js';
import type { NormalizedEvent } from './normalize-event.js';

/** Counters keyed by a string, merged by `add`. */
class Tally<T> {
  readonly #items = new Map<string, T>();
  constructor(private readonly merge: (into: T, from: T) => void) {}

  add(key: string, item: T): void {
    const existing = this.#items.get(key);
    if (existing === undefined) this.#items.set(key, { ...item });
    else this.merge(existing, item);
  }

  sorted(): T[] {
    return [...this.#items.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  }
}

interface ReleaseTally {
  projectId: ProjectId;
  version: string;
  seenAt: number;
  events: number;
}

/** What one digest run learned; the base for alerts (new issues, regressions). */
export interface DigestResult {
  /** Error events stored. */
  events: number;
  /** Error events skipped because (project, event id) was already stored. */
  duplicates: number;
  transactions: number;
  newIssues: IssueId[];
  regressedIssues: IssueId[];
  /** Error events not stored because their issue was deleted with its future events discarded. */
  discarded: number;
  /** Alert notifications written to the outbox (alerts/evaluate/evaluate-issues.ts). */
  alertNotifications: number;
}

export class DigestContext {
  readonly issues = new Map<string, IssueRecord>();
  readonly #dirty = new Set<IssueRecord>();
  readonly tags = new Tally<IssueTagCount>((a, b) => {
    a.count += b.count;
    a.firstSeen = Math.min(a.firstSeen, b.firstSeen);
    a.lastSeen = Math.max(a.lastSeen, b.lastSeen);
  });
  readonly releases = new Tally<ReleaseTally>((a, b) => {
    a.events += b.events;
    a.seenAt = Math.max(a.seenAt, b.seenAt);
  });
  readonly sessions = new Tally<SessionCounts>((a, b) => {
    a.started += b.started;
    a.exited += b.exited;
    a.errored += b.errored;
    a.crashed += b.crashed;
    a.abnormal += b.abnormal;
  });
  readonly discards = new Tally<DiscardCounts>((a, b) => {
    a.quantity += b.quantity;
  });
  readonly routeCounts = new Tally<RouteCountRow>((a, b) => {
    a.requests += b.requests;
    a.errors4xx += b.errors4xx;
    a.errors5xx += b.errors5xx;
    a.shed += b.shed;
    a.dependency5xx += b.dependency5xx;
    a.overload5xx += b.overload5xx;
  });
  /** Events per issue and UTC hour, for the issue list's sparklines. */
  readonly hourlyCounts = new Tally<IssueHourlyCount>((a, b) => {
    a.count += b.count;
  });
  /** Issues reopened in this run, with the release that reopened them. */
  readonly regressions: RegressionRow[] = [];
  /** What the run did to issues (first seen, regressions, wakes), written with one statement. */
  readonly activity: NewIssueActivity[] = [];
  readonly result: DigestResult = {
    events: 0,
    duplicates: 0,
    transactions: 0,
    newIssues: [],
    regressedIssues: [],
    discarded: 0,
    alertNotifications: 0,
  };
  /** The stored events of each issue the run touched, in event order (what alert rules see). */
  readonly touched = new Map<IssueId, { issue: IssueRecord; events: NormalizedEvent[] }>();
  /** Keys (project, fingerprint) of the run's events whose issue was deleted with a discard. */
  readonly discardedKeys = new Set<string>();
  /** Event ids seen in this run, so a duplicate inside one group commit costs no query. */
  readonly seenEvents = new Set<string>();

  constructor(readonly tx: WriteTx) {}

  /** The key of a tally entry or issue: unambiguous, since tags and names may hold any character. */
  static key(...parts: (string | number)[]): string {
    return compositeKey(...parts);
  }

  markDirty(issue: IssueRecord): void {
    this.#dirty.add(issue);
  }

  /**
   * Writes the issue changes and counters gathered by the run. The writes are independent, so
   * they are all issued before the first is awaited: on PostgreSQL they go out back to back on
   * the transaction's connection (one round trip for the lot), still in this order; the first
   * that fails fails the commit.
   */
  async flush(): Promise<void> {
    const issues = [...this.#dirty].sort((a, b) => a.id - b.id);
    const routes = this.routeCounts.sorted();
    const hourly = this.hourlyCounts.sorted();
    await Promise.all([
      this.tx.updateIssues(
        issues.map((i) => ({
          id: i.id,
          patch: {
            title: i.title,
            culprit: i.culprit,
            level: i.level,
            status: i.status,
            regressed: i.regressed,
            firstSeen: i.firstSeen,
            lastSeen: i.lastSeen,
            count: i.count,
            usersAffected: i.usersAffected,
            resolvedAt: i.resolvedAt,
            resolvedInRelease: i.resolvedInRelease,
            snooze: i.snooze,
            unignored: i.unignored,
          },
        })),
      ),
      this.tx.addIssueTags(this.tags.sorted()),
      this.tx.upsertReleases(this.releases.sorted()),
      this.tx.addSessionCounts(this.sessions.sorted()),
      this.tx.addDiscardCounts(this.discards.sorted()),
      routes.length > 0 ? this.tx.addRouteCounts(routes) : undefined,
      this.regressions.length > 0 ? this.tx.addRegressions(this.regressions) : undefined,
      this.tx.addIssueActivity(this.activity),
      hourly.length > 0 ? this.tx.addIssueHourlyCounts(hourly) : undefined,
    ]);
  }
}
