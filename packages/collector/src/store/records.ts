/**
 * What the store returns. Times are milliseconds since the Unix epoch (UTC) in every store,
 * so the read API formats them once.
 */

import type { SentryEvent, TokenScope } from '@faultline/core';
import type { FingerprintRule } from '../fingerprint-rules/rule-types.js';
import type { InboundFilters } from '../ingest-batch.js';
import type { EventId, IssueId, ProjectId } from './ids.js';

export { type InboundFilters, NO_INBOUND_FILTERS } from '../ingest-batch.js';

export interface ProjectSettings {
  /** Origins allowed for browser SDKs; empty means any (Relay's default). */
  allowedOrigins: string[];
  /** Events per minute; null for no limit. */
  rateLimitPerMinute: number | null;
  /** Extra keys scrubbed server-side, on top of core's redact list. */
  scrubKeys: string[];
  inboundFilters: InboundFilters;
  /** Ordered; the first whose matcher holds sets an error event's fingerprint and/or title. */
  fingerprintRules: readonly FingerprintRule[];
}

export interface ProjectRecord extends ProjectSettings {
  id: ProjectId;
  name: string;
  createdAt: number;
}

export interface KeyRecord {
  publicKey: string;
  projectId: ProjectId;
  enabled: boolean;
  createdAt: number;
}

export interface TokenRecord {
  id: number;
  name: string;
  /** What it may do (core's TOKEN_SCOPES); tokens made before scopes existed are `admin`. */
  scopes: TokenScope[];
  /** The one project it is limited to, or null for every project. */
  projectId: ProjectId | null;
  /** The token's first characters, to tell tokens apart in a list; '' for tokens older than it. */
  prefix: string;
  createdAt: number;
  /** Written at most once per TOKEN_TOUCH_INTERVAL_MS, not per request; null until first used. */
  lastUsedAt: number | null;
}

/** What a new token may do: its scopes, and the one project it is limited to (if any). */
export interface NewTokenGrant {
  scopes: TokenScope[];
  projectId?: ProjectId;
}

/** A dashboard user (migration 2). The email is stored trimmed and lower-cased. */
export interface UserRecord {
  id: number;
  email: string;
  createdAt: number;
}

/** A user with its password hash: only the login path reads this. The hash is an opaque PHC
 * string made by the collector's api/passwords.ts; the store never interprets it. */
export interface UserCredentials extends UserRecord {
  passwordHash: string;
}

/**
 * A dashboard session as the store keeps it (migration 11): its id only as a SHA-256 digest, and
 * what it was made with: a user, an API token, or the configured admin token.
 */
export interface DashboardSessionRecord {
  userId: number | null;
  /** The user's email as stored at login (emails do not change; the row goes with the user). */
  userEmail: string | null;
  tokenId: number | null;
  /** The scopes and project of the token a token login was made with (read with the row). */
  tokenScopes: TokenScope[];
  tokenProjectId: ProjectId | null;
  /** A login with the configured admin token: its SHA-256 (the token lives in no table). */
  adminDigest: string | null;
  createdAt: number;
  expiresAt: number;
  /** Written at most once per SESSION_TOUCH_INTERVAL_MS, not per request. */
  lastSeenAt: number;
}

/** What a new session row needs; `idHash` is the SHA-256 of the id the cookie carries. */
export interface NewDashboardSession {
  idHash: string;
  createdAt: number;
  expiresAt: number;
  /** A password login: the user, with the password hash read before the password was checked.
   * The row is made only while the user still has that hash (a password changed meanwhile wins). */
  user?: { id: number; email: string; passwordHash: string };
  /** A login with an API token: the row is made only while the token exists. */
  tokenId?: number;
  /** A login with the configured admin token: its SHA-256. */
  adminDigest?: string;
}

/** Failed logins as counted (migration 11): of one (email, address) pair, and of one address in
 * its current window; absent when there are none. The throttle (api/login-throttle.ts) judges them. */
export interface LoginFailureCounts {
  pair?: { failures: number; lastFailureAt: number };
  address?: { failures: number; startedAt: number };
}

/** One failed login to count: the pair (absent for a token login) and the address, by digest;
 * a pair quiet for `memoryMs`, or an address window older than `windowMs`, starts again. */
export interface LoginFailure {
  pairHash?: string;
  addressHash: string;
  now: number;
  memoryMs: number;
  windowMs: number;
}

/** Issue status (issue 4 §2). `resolved_in_next_release` reopens only for a newer release. */
export type IssueStatus = 'unresolved' | 'resolved' | 'resolved_in_next_release' | 'ignored';

/** The states an issue can be set to, for validating API input. */
export const ISSUE_STATUSES: readonly IssueStatus[] = [
  'unresolved',
  'resolved',
  'resolved_in_next_release',
  'ignored',
];

/** What brings an ignored issue back by itself (issue 19 §2): a time, N more events, N more
 * distinct users, or a rising rate (digest/snooze-wake.ts). */
export type SnoozeCondition =
  | { minutes: number }
  | { count: number }
  | { users: number }
  | { escalating: true };

/** Why an issue came back from a snooze: the name of the condition that was met. */
export type UnignoredReason = 'time' | 'count' | 'users' | 'escalating';

/** An ignored issue's active condition, as stored. */
export interface IssueSnooze {
  condition: SnoozeCondition;
  /** When it was snoozed (ms). */
  since: number;
  /** The end time (ms) of a timed snooze, or the event count / user count that wakes it; null
   * for `escalating`. */
  threshold: number | null;
}

export interface IssueRecord {
  id: IssueId;
  projectId: ProjectId;
  fingerprint: string;
  groupingVersion: string;
  title: string;
  culprit: string;
  level: string;
  /** `merged` for a tombstone left by a merge (never in lists; `mergedInto` says where it went). */
  status: IssueStatus | 'merged';
  /** The issue this one was merged into (its events and counts went there), else null. */
  mergedInto: IssueId | null;
  /** True after an event reopened a resolved issue, until someone changes its status. */
  regressed: boolean;
  firstSeen: number;
  lastSeen: number;
  /** Events grouped into the issue (counted at ingest; retention does not lower it). */
  count: number;
  usersAffected: number;
  resolvedAt: number | null;
  resolvedInRelease: string | null;
  /** The condition of an `ignored` issue that brings it back; null: ignored forever, or not ignored. */
  snooze: IssueSnooze | null;
  /** Why and when it last came back from a snooze by itself, until someone changes its status. */
  unignored: { reason: UnignoredReason; at: number } | null;
  /** The email of the dashboard user it is assigned to; null: nobody. */
  assignee: string | null;
}

/** Events of one issue in one bucket of an IssueCountsQuery. */
export interface IssueBucketCount {
  issueId: IssueId;
  /** Start of the bucket (ms). */
  start: number;
  count: number;
}

/** One issue with the releases and environments it was seen in. */
export interface IssueDetail extends IssueRecord {
  releases: string[];
  environments: string[];
}

/** The indexed columns of a stored event, without its payload. */
export interface EventSummary {
  projectId: ProjectId;
  eventId: EventId;
  issueId: IssueId;
  timestamp: number;
  receivedAt: number;
  level: string;
  title: string;
  release: string | null;
  environment: string;
  requestId: string | null;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  service: string | null;
  transaction: string | null;
  userKey: string | null;
}

export interface EventRecord extends EventSummary {
  /** The event as received (scrubbed by ingest). */
  payload: SentryEvent;
}

/** An attachment sent with an event (an envelope's `attachment` item), without its bytes. */
export interface AttachmentRecord {
  /** The store's id: unique across projects, so a download names one row. */
  id: number;
  projectId: ProjectId;
  eventId: EventId;
  filename: string;
  /** As the sender declared it: attacker-controlled, never served as is (api/attachment-routes.ts). */
  contentType: string;
  attachmentType: string;
  size: number;
  receivedAt: number;
}

/** An attachment with its bytes (one download). */
export interface AttachmentFile extends AttachmentRecord {
  bytes: Buffer;
}

/**
 * The events an incident id names. Any DSN key can send an event with any request id or event
 * id, so an id may match events of several projects and senders: the store returns all of them
 * (up to the query's limit), and the caller says which one it shows and why.
 */
export interface IncidentMatches {
  /** Which column matched: the request id wins; the event id is tried only when none carries it. */
  matchedBy: 'requestId' | 'eventId';
  /** In the order they were stored, oldest first; empty when nothing matched. */
  events: EventRecord[];
  /** True when more events matched than the limit let through. */
  more: boolean;
}

/** A sampled occurrence as stored: an error of a storm the server middleware counted but did
 * not send in full, and the full event it is like. */
export interface SampledOccurrence {
  projectId: ProjectId;
  requestId: string;
  traceId: string | null;
  method: string;
  route: string | null;
  status: number;
  /** ms since the epoch */
  timestamp: number;
  receivedAt: number;
  likeEventId: EventId;
}

/** A sampled occurrence a request id names, with the full event it is like. */
export interface SampledMatch extends SampledOccurrence {
  /** The event it is like, when it is stored (not yet arrived, or removed by retention: undefined). */
  like: EventSummary | undefined;
  /** Sampled occurrences stored like the same event, and the time of the first one. */
  likeCount: number;
  likeFirstAt: number;
}

/** The sampled occurrences one request id names, oldest stored first. */
export interface SampledMatches {
  occurrences: SampledMatch[];
  /** True when more matched than the limit let through. */
  more: boolean;
}

export interface TransactionRecord {
  projectId: ProjectId;
  eventId: EventId;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  name: string | null;
  op: string | null;
  status: string | null;
  httpStatus: number | null;
  durationMs: number | null;
  timestamp: number;
  release: string | null;
  environment: string;
  service: string | null;
}

export interface ReleaseRecord {
  projectId: ProjectId;
  version: string;
  /** When the collector first received an event of this release (server clock). */
  firstSeen: number;
  lastSeen: number;
  eventCount: number;
}

/** Requests of one series (a route or a release) in one time bucket. */
export interface RatePointRecord {
  /** `GET /users/:id` (by route; `GET` alone when no route matched) or the release ('' for none). */
  key: string;
  /** Bucket start (ms). */
  bucket: number;
  requests: number;
  errors4xx: number;
  errors5xx: number;
  shed: number;
}

/** A release with its request counts and the issues it brought or reopened. */
export interface ReleaseHealthRecord {
  projectId: ProjectId;
  version: string;
  /** First event or first counted request, whichever came first (ms). */
  firstSeen: number;
  /** The last event's arrival or the start of the last counted request's minute, whichever is
   * later (ms); never in the future. */
  lastSeen: number;
  eventCount: number;
  requests: number;
  errors5xx: number;
  /** Issues whose first event carried this release. */
  newIssues: number;
  /** Issues an event of this release reopened. */
  regressedIssues: number;
  /** Sessions the SDKs counted for this release (release health: sessions and aggregates),
   * and how many of them ended crashed, errored or abnormal. */
  sessions: number;
  crashedSessions: number;
  erroredSessions: number;
  abnormalSessions: number;
}

export interface TraceRecord {
  traceId: string;
  events: EventSummary[];
  transactions: TransactionRecord[];
}

/** Release-health counts for one (project, release, environment, minute). */
export interface SessionCountRecord {
  projectId: ProjectId;
  release: string;
  environment: string;
  minute: number;
  started: number;
  exited: number;
  errored: number;
  crashed: number;
  abnormal: number;
}

/** Discarded-item counts for one (project, minute, source, reason, category). */
export interface DiscardCountRecord {
  projectId: ProjectId;
  minute: number;
  /** `client`: the SDK's client report; `collector`: dropped here (e.g. attachment too large). */
  source: 'client' | 'collector';
  reason: string;
  category: string;
  quantity: number;
}

/** Discarded items of one (source, reason, category) summed over a time range. */
export type DiscardTotalRecord = Omit<DiscardCountRecord, 'projectId' | 'minute'>;

/** One page of a listing; `nextCursor` is null on the last page. */
/** One value of an issue's tag key: how many of its events carried it, and when. */
export interface IssueTagValue {
  value: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** A tag key of an issue: its events that carried the key, and its commonest values. */
export interface IssueTagFacet {
  key: string;
  /** The sum over every value of the key, not only the listed ones. */
  total: number;
  /** Commonest first, ties by value. */
  values: IssueTagValue[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One release's requests and 5xx on one route template in one minute (summed over services). */
export interface GateCountRecord {
  /** The bucket's start (ms): a minute, or a longer bucket for a long window. */
  minute: number;
  /** `GET /users/:id`, or the method alone when no route matched. */
  route: string;
  release: string;
  requests: number;
  errors5xx: number;
  /** Of errors5xx, those a dependency caused, and those of an overloaded process. */
  dependency5xx: number;
  overload5xx: number;
}

/** A canary verdict as it was answered (the gate's JSON in `answer`). */
export interface GateVerdictRecord {
  id: number;
  projectId: ProjectId;
  /** When it was asked (ms). */
  at: number;
  canary: string;
  baseline: string;
  environment: string | null;
  verdict: 'pass' | 'fail' | 'inconclusive';
  reason: string;
  answer: unknown;
}

/** A commit a release was built from, as `sentry-cli releases set-commits --auto` sends it. */
export interface ReleaseCommit {
  id: string;
  repository: string | null;
  message: string | null;
  authorName: string | null;
  authorEmail: string | null;
  /** As sent (ISO 8601); kept as text since it is only shown. */
  timestamp: string | null;
}

/** A commit range of a repository (`set-commits --commit repo@from..to`). */
export interface ReleaseRef {
  repository: string;
  commit: string;
  previousCommit: string | null;
}

/** What a release tool (sentry-cli) said about a release of one project. */
export interface ReleaseMetaRecord {
  projectId: ProjectId;
  version: string;
  /** When it was created (`releases new`), or its first event's time when events made it (ms). */
  createdAt: number;
  /** When it was finalized (`releases finalize`; ms), null while it is being built. */
  releasedAt: number | null;
  url: string | null;
  status: 'open' | 'archived';
  commits: ReleaseCommit[];
  refs: ReleaseRef[];
}

/** A deploy of a release to an environment (`sentry-cli deploys new`). */
export interface DeployRecord {
  id: number;
  projectId: ProjectId;
  version: string;
  environment: string;
  name: string | null;
  url: string | null;
  startedAt: number | null;
  finishedAt: number;
}

/** What an update of a release changes; an absent field is kept. */
export interface ReleasePatch {
  releasedAt?: number | null;
  url?: string | null;
  status?: 'open' | 'archived';
  commits?: ReleaseCommit[];
  refs?: ReleaseRef[];
}

/** One file of an artifact bundle (sentry-cli's `sourcemaps upload`), as its manifest lists it. */
export interface ArtifactFile {
  /** The entry's path in the zip (`files/_/_/app.js`): a key, never a filesystem path. */
  path: string;
  /** `~/app.js`: `~` stands for any scheme and host. */
  url: string;
  /** `minified_source`, `source_map`, `source` or `indexed_ram_bundle`. */
  kind: string;
  /** The debug ID `sourcemaps inject` gave the file (lower-case UUID), null when not injected. */
  debugId: string | null;
  /** The `sourcemap` header: the map's name, relative to the file. */
  sourcemap: string | null;
  data: Buffer;
}

/** An artifact bundle to store: the zip's checksum, what its manifest says, and its files. */
export interface NewArtifactBundle {
  checksum: string;
  bundleDebugId: string | null;
  release: string | null;
  dist: string | null;
  /** The zip's bytes. */
  size: number;
  files: ArtifactFile[];
  createdAt: number;
}

/** What a release + URL lookup asks (sentry-cli uploads without debug IDs, sentry-cli.md §3.4). */
export interface ArtifactUrlQuery {
  /** The event's release: only bundles uploaded for it. */
  release: string;
  /** The event's dist: a bundle with a dist matches only that dist; one without matches any. */
  dist: string | null;
  /** Candidate URLs (`~/dist/app.js`, `http://host/app.js`), matched exactly. */
  urls: readonly string[];
  /** The kinds of file wanted (`minified_source`, `source_map`, …). */
  kinds: readonly string[];
}

/** A file found by release and URL, with the bundle it is in. */
export interface ArtifactUrlMatch extends ArtifactFile {
  bundleId: number;
}

/** A lease held (store.tryLease): the store's clock now, and when its job last ran (ms). */
export interface LeaseState {
  now: number;
  /** The start of the job's last run by any holder; null when it never ran. */
  ranAt: number | null;
}
