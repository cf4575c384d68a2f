/**
 * Store records as the API shows them: times as ISO 8601 strings, ids as they are, and the
 * links a client follows (an event's issue, incident and trace).
 */

import { presentDeploy } from '../sentry-api/present-release.js';
import type {
  DeployRecord,
  EventRecord,
  EventSummary,
  IssueBucketCount,
  IssueDetail,
  IssueId,
  IssueRecord,
  KeyRecord,
  ProjectRecord,
  ReleaseHealthRecord,
  ReleaseMetaRecord,
  ReleaseRecord,
} from '../store/index.js';
import type { StatsWindow } from './query-params.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function presentProject(p: ProjectRecord) {
  return { ...p, createdAt: iso(p.createdAt) };
}

/** A key with its DSN, the string SDKs are configured with. */
export function presentKey(k: KeyRecord, publicUrl: URL) {
  const dsn = `${publicUrl.protocol}//${k.publicKey}@${publicUrl.host}${publicUrl.pathname.replace(/\/$/, '')}/${k.projectId}`;
  return { ...k, createdAt: iso(k.createdAt), dsn };
}

export function presentIssue(i: IssueRecord | IssueDetail) {
  return {
    ...i,
    firstSeen: iso(i.firstSeen),
    lastSeen: iso(i.lastSeen),
    resolvedAt: iso(i.resolvedAt),
    links: { events: `/api/v1/issues/${i.id}/events` },
  };
}

/**
 * Each issue's sparkline for `window`: `{ [period]: [[unix seconds, events], …] }` with every
 * bucket, oldest first, 0 where the store has no count.
 * @example issueStats(window, [issue.id], await store.issueEventCounts({ … })).get(issue.id)
 */
export function issueStats(
  window: StatsWindow,
  issueIds: readonly IssueId[],
  counts: readonly IssueBucketCount[],
): Map<IssueId, Record<string, [number, number][]>> {
  const points = new Map<IssueId, [number, number][]>();
  for (const id of issueIds) {
    const series: [number, number][] = [];
    for (let k = 0; k < window.buckets; k++) series.push([(window.from + k * window.bucketMs) / 1000, 0]);
    points.set(id, series);
  }
  for (const c of counts) {
    const point = points.get(c.issueId)?.[(c.start - window.from) / window.bucketMs];
    if (point !== undefined) point[1] += c.count;
  }
  return new Map([...points].map(([id, series]) => [id, { [window.period]: series }]));
}

/**
 * The API path of one event. An event id is unique only within its project (any DSN key can
 * send any event id), so the link names the project.
 * @example eventPath(event) // '/api/v1/events/3f1c…?project=1'
 */
export function eventPath(e: Pick<EventSummary, 'eventId' | 'projectId'>): string {
  return `/api/v1/events/${e.eventId}?project=${e.projectId}`;
}

export function presentEventSummary(e: EventSummary) {
  return {
    ...e,
    timestamp: iso(e.timestamp),
    receivedAt: iso(e.receivedAt),
    links: {
      issue: `/api/v1/issues/${e.issueId}`,
      self: eventPath(e),
      ...(e.traceId ? { trace: `/api/v1/traces/${e.traceId}` } : {}),
    },
  };
}

export function presentEvent(e: EventRecord) {
  return { ...presentEventSummary(e), payload: e.payload };
}

export function presentRelease(r: ReleaseRecord) {
  return { ...r, firstSeen: iso(r.firstSeen), lastSeen: iso(r.lastSeen) };
}

export function presentReleaseHealth(r: ReleaseHealthRecord) {
  return {
    ...r,
    firstSeen: iso(r.firstSeen),
    lastSeen: iso(r.lastSeen),
    rate5xx: r.requests === 0 ? 0 : r.errors5xx / r.requests,
    // Sentry's crash-free sessions: the share that did not end crashed (none counted: unknown).
    crashFreeSessions: r.sessions === 0 ? null : Math.max(0, 1 - r.crashedSessions / r.sessions),
  };
}

/**
 * A release as the read API shows one: what release tools said, its deploys (newest first)
 * and its health (null before its first event or counted request).
 * @example presentReleaseDetail(meta, deploys, presentReleaseHealth(health))
 */
export function presentReleaseDetail(
  r: ReleaseMetaRecord,
  deploys: readonly DeployRecord[],
  health: ReturnType<typeof presentReleaseHealth> | null,
) {
  return {
    projectId: r.projectId,
    version: r.version,
    dateCreated: iso(r.createdAt),
    dateReleased: r.releasedAt === null ? null : iso(r.releasedAt),
    url: r.url,
    status: r.status,
    commits: r.commits,
    refs: r.refs,
    deploys: deploys.map(presentDeploy),
    health,
  };
}
