/**
 * The read API's JSON as the dashboard uses it (see the collector's /api/v1/openapi.json;
 * test/openapi-contract.test.ts checks the client against it). Event payloads are
 * attacker-controlled Sentry events, so everything inside `payload` is `unknown` until read
 * through the guards in event-data.ts.
 */

import type { FingerprintRule } from './fingerprint-rule-types.js';

export type IssueStatus = 'unresolved' | 'resolved' | 'resolved_in_next_release' | 'ignored';

/** `statsPeriod` of the issue list: 24 hourly or 14 daily buckets. */
export type StatsPeriod = '24h' | '14d';

/** Events per bucket as `[unixSeconds, count]`, for the period the list asked for. */
export type IssueStats = Partial<Record<StatsPeriod, [number, number][]>>;

export interface Issue {
  id: number;
  projectId: number;
  title: string;
  culprit: string;
  level: string;
  /** `merged`: a tombstone a merge left (`mergedInto` names where its events went). */
  status: IssueStatus | 'merged';
  regressed: boolean;
  firstSeen: string;
  lastSeen: string;
  count: number;
  usersAffected: number;
  releases: string[];
  environments: string[];
  /** Only when the list was asked with `statsPeriod` (issue-stats.ts reads it). */
  stats?: IssueStats;
  /** An ignored issue's snooze condition (null: ignored forever, or not ignored). */
  ignoreUntil?: SnoozeCondition | null;
  snoozedAt?: string | null;
  /** A timed snooze's end. */
  snoozeEndsAt?: string | null;
  /** A count or users snooze: how many more bring it back. */
  snoozeRemaining?: number | null;
  /** Why it last came back from a snooze by itself (null after any status change). */
  unignoredReason?: UnignoredReason | null;
  unignoredAt?: string | null;
  /** The issue a merge moved this one's events into (its page links there). */
  mergedInto?: number | null;
  /** The email of the user it is assigned to; null: nobody. */
  assignee?: string | null;
}

/** What brings an ignored issue back by itself (PATCH /api/v1/issues/{id} `ignoreUntil`). */
export type SnoozeCondition =
  | { minutes: number }
  | { count: number }
  | { users: number }
  | { escalating: true };

export type UnignoredReason = 'time' | 'count' | 'users' | 'escalating';

/** An event without its payload (GET /api/v1/issues/{id}/events lists these). */
export interface EventSummary {
  /** An event id is unique only within its project. */
  projectId: number;
  eventId: string;
  issueId: number;
  timestamp: string;
  receivedAt: string;
  level: string;
  title: string;
  release: string | null;
  environment: string;
  requestId: string | null;
  traceId: string | null;
  service: string | null;
  transaction: string | null;
}

export interface EventRecord extends EventSummary {
  payload: Record<string, unknown>;
}

/** An attachment sent with an event (GET /api/v1/events/{eventId}/attachments); no bytes. */
export interface Attachment {
  id: number;
  eventId: string;
  projectId: number;
  filename: string;
  /** As the sender declared it; the download is served as text/plain or bytes whatever it says. */
  contentType: string;
  attachmentType: string;
  size: number;
  receivedAt: string;
}

/** The attachments of one event (the issue page's shown event). */
export interface EventAttachments {
  eventId: string;
  projectId: number;
  items: Attachment[];
}

/** One of the events an incident id named (GET /api/v1/incidents/{id}: `matches`). */
export interface IncidentMatch {
  projectId: number;
  projectName: string | null;
  eventId: string;
  issueId: number;
  requestId: string | null;
  title: string;
  /** The SDK the sender claims (`faultline.server`: Faultline's reporter); anyone can claim any. */
  sdk: { name: string; version: string | null } | null;
  timestamp: string;
  receivedAt: string;
}

/** The incident answer: the event shown, and every event the id named (several when forged). */
export interface Incident extends EventRecord {
  matchedBy: 'requestId' | 'eventId';
  /** More than one event carries the id: the user must choose (`matches`). */
  ambiguous: boolean;
  matchCount: number;
  /** More events matched than the answer lists. */
  moreMatches: boolean;
  matches: IncidentMatch[];
}

/** A request id of an error storm's occurrence the server counted but did not send in full. */
export interface SampledOccurrence {
  projectId: number;
  projectName: string | null;
  requestId: string;
  method: string;
  route: string | null;
  status: number;
  timestamp: string;
  likeEventId: string;
  /** The full event it is like; null when that event is not stored. */
  like: { eventId: string; issueId: number; title: string } | null;
  likeCount: number;
  likeFirstAt: string;
}

/** The incident answer for sampled occurrences (no stored event carries the request id). */
export interface SampledIncident {
  matchedBy: 'sampled';
  ambiguous: boolean;
  matchCount: number;
  moreMatches: boolean;
  sampled: SampledOccurrence[];
}

export interface IssueWithEvent extends Issue {
  latestEvent: EventRecord | null;
}

/** One value of an issue's tag key (GET /api/v1/issues/{id}/tags). */
export interface TagFacetValue {
  value: string;
  count: number;
  /** `count` over the key's total, 0 to 1. */
  share: number;
  firstSeen: string;
  lastSeen: string;
}

/** A tag key of an issue with its commonest values. */
export interface TagFacet {
  key: string;
  total: number;
  values: TagFacetValue[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ProjectSettings {
  /** Origins browser SDKs may send from; empty means any. */
  allowedOrigins: string[];
  /** Events per minute; null for no limit. */
  rateLimitPerMinute: number | null;
  /** Extra keys scrubbed server-side. */
  scrubKeys: string[];
  inboundFilters: InboundFilters;
  /** Ordered; the first matching rule sets an event's fingerprint and/or title at digest. */
  fingerprintRules: FingerprintRule[];
}

/** What a project refuses at ingest (the collector's InboundFilters). */
export interface InboundFilters {
  errorMessages: string[];
  releases: string[];
  environments: string[];
  clientIps: string[];
  webCrawlers: boolean;
  localhost: boolean;
}

/** Items a project's events lost before storage, summed over a range. */
export interface DiscardTotal {
  source: 'client' | 'collector';
  reason: string;
  category: string;
  quantity: number;
}

export interface Project extends ProjectSettings {
  id: number;
  name: string;
  createdAt: string;
}

export interface Key {
  publicKey: string;
  projectId: number;
  enabled: boolean;
  dsn: string;
}

export interface Session {
  csrfToken: string;
  expiresAt: string;
  /** The email of a user who logged in with a password; null after a token login. */
  user: string | null;
  /** What the session may do: a token login's token's scopes, else `['admin']`. */
  scopes: string[];
  /** The one project a token login reaches; null for every project. */
  projectId: number | null;
}

/** What the login page sends: a user's email and password, or the admin token / an API token. */
export type Credentials = { email: string; password: string } | { token: string };

/** GET /api/v1/rates: one series per route ("GET /users/:id") or release, worst first. */
export interface RatePoint {
  /** Start of the bucket. */
  time: string;
  requests: number;
  errors5xx: number;
  rate5xx: number;
}

export interface RateSeries {
  key: string;
  requests: number;
  errors4xx: number;
  errors5xx: number;
  shed: number;
  rate5xx: number;
  /** Only buckets with requests; the chart fills the others. */
  points: RatePoint[];
}

export type RatesBy = 'route' | 'release';

export interface Rates {
  by: RatesBy;
  since: string;
  until: string;
  bucketSeconds: number;
  series: RateSeries[];
  /** Set by the dashboard when it narrowed the default range to where the data is. */
  fitted?: string;
}

/** GET /api/v1/releases: newest first. */
export interface ReleaseHealth {
  version: string;
  projectId: number;
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  requests: number;
  errors5xx: number;
  rate5xx: number;
  newIssues: number;
  regressedIssues: number;
  sessions: number;
  crashedSessions: number;
  erroredSessions: number;
  abnormalSessions: number;
  /** 1 − crashed ÷ sessions; null without sessions. */
  crashFreeSessions: number | null;
}

/** A deploy of a release (`sentry-cli deploys new`). */
export interface Deploy {
  id: string;
  environment: string;
  name: string | null;
  url: string | null;
  dateStarted: string | null;
  dateFinished: string;
}

/** A commit a release was built from (`sentry-cli releases set-commits`). */
export interface ReleaseCommit {
  id: string;
  repository: string | null;
  message: string | null;
  authorName: string | null;
  authorEmail: string | null;
  timestamp: string | null;
}

/** One release: what release tools said of it, its deploys and its health. */
export interface ReleaseDetail {
  projectId: number;
  version: string;
  dateCreated: string;
  dateReleased: string | null;
  url: string | null;
  status: 'open' | 'archived';
  commits: ReleaseCommit[];
  deploys: Deploy[];
  health: ReleaseHealth | null;
}

/** An error event hanging on a trace node. */
export interface TraceEvent {
  eventId: string;
  issueId: number;
  title: string;
  timestamp: string;
  category: string | null;
  status: number | null;
}

export interface TraceTransaction {
  name: string | null;
  op: string | null;
  status: string | null;
  httpStatus: number | null;
  durationMs: number | null;
}

/** One span of a trace: the service that ran it, its errors, its transaction, its callees. */
export interface TraceNode {
  spanId: string;
  parentSpanId: string | null;
  service: string | null;
  events: TraceEvent[];
  transaction: TraceTransaction | null;
  failing: boolean;
  /** The node where the cascade started. */
  origin: boolean;
  children: TraceNode[];
}

export interface TraceOrigin {
  spanId: string;
  service: string | null;
  category: string | null;
  eventId: string | null;
  title: string | null;
  status: number | null;
}

/** GET /api/v1/traces/{traceId} */
export interface Trace {
  traceId: string;
  origin: TraceOrigin | null;
  roots: TraceNode[];
}
