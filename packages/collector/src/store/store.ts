/**
 * The one storage interface of the collector (issue 4 §3). The collector knows nothing of SQL
 * outside the stores: ingest, digest and the read API call only this. Two implementations,
 * `createSqliteStore` and `createPostgresStore`, pass one contract suite
 * (test/store-contract.ts).
 */

import type { AlertRule, AlertRuleInput } from '../alerts/rules/rule-types.js';
import type { Silence, SilenceInput } from '../alerts/silences/silence-types.js';
import type { KeyInfo } from '../ingest-batch.js';
import type { AlertIncident, AlertIncidentQuery, RateAlertTx } from './alert-incidents.js';
import type {
  AlertAttempt,
  AlertAttemptInput,
  AlertChannelDisable,
  AlertEvaluation,
  AlertEvaluationQuery,
  AlertHistory,
  AlertNotification,
  AlertNotificationQuery,
  ClaimedNotification,
  NewAlertNotification,
  Redelivery,
  SilenceQuery,
} from './alert-records.js';
import type { EventId, IssueId, ProjectId } from './ids.js';
import type { IssueFingerprint, MergeOutcome, UnmergeOutcome } from './merge-records.js';
import type {
  CountsQuery,
  EventQuery,
  GateCountsQuery,
  GateVerdictsQuery,
  IncidentQuery,
  IssueCountsQuery,
  IssueDeleteOptions,
  IssueQuery,
  IssueTagsQuery,
  RatesQuery,
  RetentionPolicy,
  StatusUpdateOptions,
} from './queries.js';
import type {
  ArtifactFile,
  ArtifactUrlMatch,
  ArtifactUrlQuery,
  AttachmentFile,
  AttachmentRecord,
  DashboardSessionRecord,
  DeployRecord,
  DiscardCountRecord,
  DiscardTotalRecord,
  EventRecord,
  EventSummary,
  GateCountRecord,
  GateVerdictRecord,
  IncidentMatches,
  IssueBucketCount,
  IssueDetail,
  IssueRecord,
  IssueStatus,
  IssueTagFacet,
  KeyRecord,
  LeaseState,
  LoginFailure,
  LoginFailureCounts,
  NewArtifactBundle,
  NewDashboardSession,
  NewTokenGrant,
  Page,
  ProjectRecord,
  ProjectSettings,
  RatePointRecord,
  ReleaseHealthRecord,
  ReleaseMetaRecord,
  ReleasePatch,
  ReleaseRecord,
  SampledMatches,
  SessionCountRecord,
  TokenRecord,
  TraceRecord,
  UserCredentials,
  UserRecord,
} from './records.js';
import type {
  AssignOutcome,
  CommentDeleteOutcome,
  IssueActivity,
  IssueActor,
  IssueComment,
  IssueTimelineQuery,
} from './team-records.js';
import type { WriteTx } from './write-tx.js';

/** What `ensureDefaultProject` returns: project 1 and a key, `created` on first start. */
export interface DefaultProject {
  project: ProjectRecord;
  key: KeyRecord;
  created: boolean;
}

/**
 * Storage for projects, keys, tokens, issues, events, release health and traces.
 *
 * @example
 * const store = createSqliteStore({ dataDir: './.faultline' });
 * await store.migrate();
 * const { key } = await store.ensureDefaultProject();
 * await store.write((tx) => digest(tx, batch));
 * const page = await store.listIssues({ projectId: key.projectId, sort: 'lastSeen', limit: 50 });
 */
export interface Store {
  // --- lifecycle ---
  /** Applies pending migrations (idempotent; safe with several processes on PostgreSQL). */
  migrate(): Promise<void>;
  /** Waits for the running write, then closes connections. */
  close(): Promise<void>;

  // --- projects and keys ---
  createProject(name: string, settings?: Partial<ProjectSettings>): Promise<ProjectRecord>;
  listProjects(): Promise<ProjectRecord[]>;
  getProject(id: ProjectId): Promise<ProjectRecord | undefined>;
  updateProjectSettings(
    id: ProjectId,
    settings: Partial<ProjectSettings>,
  ): Promise<ProjectRecord | undefined>;
  projectExists(id: number): Promise<boolean>;
  /** Creates project 1 `default` with one key if it does not exist; returns it and a key. */
  ensureDefaultProject(): Promise<DefaultProject>;
  /** A new key with a random 32-hex public key. */
  createKey(projectId: ProjectId): Promise<KeyRecord>;
  listKeys(projectId: ProjectId): Promise<KeyRecord[]>;
  /** Disables a key (ingest then answers 403); false when it does not exist. */
  disableKey(publicKey: string): Promise<boolean>;
  /** What ingest needs to authenticate a DSN public key. */
  findKey(publicKey: string): Promise<KeyInfo | undefined>;

  // --- API tokens ---
  /** Creates a token (an `admin` one without a grant); the plaintext is returned once, only its
   * SHA-256 is stored. */
  createToken(name: string, grant?: NewTokenGrant): Promise<{ token: string; record: TokenRecord }>;
  verifyToken(plain: string): Promise<TokenRecord | undefined>;
  /** The token whose stored hash (secrets.ts `hashToken`) is this. */
  findTokenByHash(tokenHash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  /** Records a use at `now` unless one after `olderThan` is recorded already (one cheap write per
   * interval, however many requests). */
  touchToken(id: number, now: number, olderThan: number): Promise<void>;
  deleteToken(id: number): Promise<boolean>;

  // --- dashboard users (email + password; the hash is made by api/passwords.ts) ---
  /** Creates a user; undefined when the (trimmed, case-insensitive) email is already taken. */
  createUser(email: string, passwordHash: string): Promise<UserRecord | undefined>;
  /** The user with this email (trimmed, case-insensitive) and its password hash. */
  findUserByEmail(email: string): Promise<UserCredentials | undefined>;
  listUsers(): Promise<UserRecord[]>;
  /** Removes the user with this email (trimmed, case-insensitive); false when there is none. Its
   * dashboard sessions go in the same transaction, so every collector refuses them at once. */
  deleteUser(email: string): Promise<boolean>;
  /** Replaces the user's password hash; false when there is no such user. Its dashboard sessions
   * go in the same transaction. */
  setUserPassword(email: string, passwordHash: string): Promise<boolean>;

  // --- dashboard sessions and failed logins (api/session-store.ts, api/login-throttle.ts) ---
  /** Stores a session and removes up to `sweep.limit` expired ones; false when what it was made
   * with (the user with that password hash, the token) is gone by now: no row is made. */
  createDashboardSession(
    session: NewDashboardSession,
    sweep: { now: number; limit: number },
  ): Promise<boolean>;
  /** The session whose id has this SHA-256, expired or not (one primary-key read). */
  findDashboardSession(idHash: string): Promise<DashboardSessionRecord | undefined>;
  /** Sets `last_seen_at` to `now` unless it is already newer than `olderThan`. */
  touchDashboardSession(idHash: string, now: number, olderThan: number): Promise<void>;
  deleteDashboardSession(idHash: string): Promise<void>;
  /** The failures counted for a pair (when given) and an address, by digest. */
  loginFailures(pairHash: string | undefined, addressHash: string): Promise<LoginFailureCounts>;
  /** Counts one failed login atomically (several collectors may count the same pair at once), and
   * removes up to `sweepLimit` rows past their memory or window. */
  recordLoginFailure(failure: LoginFailure, sweepLimit: number): Promise<void>;
  /** Forgets a pair's failures (a successful login). */
  clearLoginFailures(pairHash: string): Promise<void>;

  // --- the write path ---
  /** Runs `fn` in one transaction (one writer at a time); resolves after the commit. */
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>;

  // --- issues and events ---
  listIssues(query: IssueQuery): Promise<Page<IssueRecord>>;
  getIssue(id: IssueId): Promise<IssueDetail | undefined>;
  /** Sets an issue's status; resolving it ends its until-resolved silences in the same transaction. */
  updateIssueStatus(id: IssueId, status: IssueStatus, options?: StatusUpdateOptions): Promise<boolean>;
  /** Wakes the ignored issues whose timed snooze ended by `now` (status `unresolved`, reason
   * `time`); idempotent across collectors. Resolves to how many. */
  wakeSnoozedIssues(now: number): Promise<number>;
  /** Deletes an issue with its events, tags, users, hourly counts, regressions and sampled
   * occurrences (in slices), optionally discarding its fingerprint's later events; false when
   * there is no such issue. */
  deleteIssue(id: IssueId, options?: IssueDeleteOptions): Promise<boolean>;
  /** Finishes interrupted issue deletes; resolves to how many issues it purged. */
  purgeDeletedIssues(signal?: AbortSignal): Promise<number>;
  /** Merges 2 or more issues of a project into the one with the most events (ties: the oldest):
   * counts, tags, users, hourly counts, regressions, sampled occurrences and alert state summed or
   * united, the others left as `merged` tombstones, their fingerprints mapped to it for later
   * events, their events moved in short slices (store/sql/merge-sql.ts). */
  mergeIssues(
    projectId: ProjectId,
    issueIds: readonly IssueId[],
    now: number,
    actor?: string | null,
  ): Promise<MergeOutcome>;
  /** Moves a fingerprint merged into an issue back out to its own issue (the tombstone revived):
   * its later events go there, its stored events move with it, counts recomputed. */
  unmergeFingerprint(
    issueId: IssueId,
    fingerprint: string,
    now: number,
    actor?: string | null,
  ): Promise<UnmergeOutcome>;

  // --- working as a team (issue 19 §4: store/sql/issue-assign-sql.ts, issue-comments-sql.ts,
  // issue-activity-sql.ts); each change writes its activity row in its own transaction ---
  /** Assigns a live issue to the user with `email` (null: nobody), recorded as done by `actor`. */
  assignIssue(
    issueId: IssueId,
    email: string | null,
    actor: string | null,
    now: number,
  ): Promise<AssignOutcome>;
  /** A live issue's comments, newest first; undefined when there is no such issue. */
  listIssueComments(query: IssueTimelineQuery): Promise<Page<IssueComment> | undefined>;
  /** Adds a comment (plain text) by `author`; undefined when there is no such issue. */
  addIssueComment(
    issueId: IssueId,
    author: string,
    text: string,
    now: number,
  ): Promise<IssueComment | undefined>;
  /** Deletes a comment when `actor` wrote it or is an admin. */
  deleteIssueComment(
    issueId: IssueId,
    commentId: number,
    actor: IssueActor,
    now: number,
  ): Promise<CommentDeleteOutcome>;
  /** A live issue's activity (merged issues' included), newest first; undefined when there is no
   * such issue. */
  listIssueActivity(query: IssueTimelineQuery): Promise<Page<IssueActivity> | undefined>;
  /** The issue's fingerprints (its own first, up to `limit`); undefined when there is no issue. */
  issueFingerprints(issueId: IssueId, limit: number): Promise<IssueFingerprint[] | undefined>;
  /**
   * Events of each of a few issues (a page of the list) per time bucket, in one query, from the
   * hourly counts digest keeps: exact after retention deleted the events, kept for
   * ISSUE_HOURLY_COUNTS_KEEP_MS. Buckets without events have no entry.
   */
  issueEventCounts(query: IssueCountsQuery): Promise<IssueBucketCount[]>;
  /** Events of an issue, newest first, those matching every filter of the query. */
  listEvents(query: EventQuery): Promise<Page<EventRecord>>;
  /** An issue's tag keys with their totals and commonest values (digest's `issue_tags`, so
   * exact after retention deleted the events); preferred keys first (store/sql/issue-tags-sql.ts). */
  issueTags(query: IssueTagsQuery): Promise<IssueTagFacet[]>;
  getEvent(eventId: EventId | string, projectId?: ProjectId): Promise<EventRecord | undefined>;
  /** The attachments stored with an event of a project, oldest first, at most
   * MAX_ATTACHMENTS_LISTED; no bytes. */
  listAttachments(projectId: ProjectId, eventId: EventId): Promise<AttachmentRecord[]>;
  /** One attachment of an event of a project, with its bytes; undefined when it is not that event's. */
  getAttachment(
    projectId: ProjectId,
    eventId: EventId,
    attachmentId: number,
  ): Promise<AttachmentFile | undefined>;
  /** Every event (up to `limit`, oldest first) whose request id is `id`, or else whose event id
   * is (GET /api/v1/incidents/<id>); optionally of one project. */
  findIncidents(query: IncidentQuery): Promise<IncidentMatches>;
  /** The sampled occurrences (up to `limit`) whose request id is `id`, each with the event it
   * is like and how many share it (the incident lookup's answer when no event matched). */
  findSampled(query: IncidentQuery): Promise<SampledMatches>;
  listReleases(projectId: ProjectId): Promise<ReleaseRecord[]>;
  /** Events and transactions sharing a trace id, oldest first. */
  getTrace(traceId: string): Promise<TraceRecord>;
  /** Per-minute release-health counts (sessions and aggregates). */
  sessionCounts(query: CountsQuery): Promise<SessionCountRecord[]>;
  /** Per-minute discarded-item counts (client reports and the collector's own drops). */
  discardCounts(query: Omit<CountsQuery, 'release'>): Promise<DiscardCountRecord[]>;
  /** The same summed per (source, reason, category) over the range, largest first. */
  discardTotals(query: Omit<CountsQuery, 'release'>): Promise<DiscardTotalRecord[]>;
  /** Error events per (release, minute), from stored events (so within retention). */
  /** Per-route request counts summed per series (route or release) and bucket, oldest first. */
  routeRates(query: RatesQuery): Promise<RatePointRecord[]>;
  /** Releases (of one project, or all) with requests, 5xx, new and regressed issues; newest first.
   * First and last seen are never after `now` (default Date.now()). */
  releaseHealth(projectId?: ProjectId, now?: number): Promise<ReleaseHealthRecord[]>;
  errorCounts(query: CountsQuery): Promise<{ release: string | null; minute: number; count: number }[]>;
  /** The canary gate's counts of two releases, oldest minute first, at most `limit` rows. */
  gateCounts(query: GateCountsQuery): Promise<GateCountRecord[]>;
  /** When a release first served a request (ms), per the route counts; undefined if never. */
  firstRequestAt(projectId: ProjectId, release: string, environment?: string): Promise<number | undefined>;
  /** Stores a verdict as it was answered; its id. */
  recordGateVerdict(verdict: Omit<GateVerdictRecord, 'id'>): Promise<number>;
  /** Stored verdicts, newest first (of one release, as canary or baseline, when given). */
  listGateVerdicts(query: GateVerdictsQuery): Promise<GateVerdictRecord[]>;

  // --- releases as release tools describe them (sentry-cli) ---
  /** Creates the release in each project that lacks it (an upsert: a finalize time or URL given
   * is set on the existing ones); `created` is true when one was new. */
  createRelease(
    projectIds: readonly ProjectId[],
    version: string,
    fields: { createdAt: number; releasedAt?: number | null; url?: string | null },
  ): Promise<{ created: boolean; releases: ReleaseMetaRecord[] }>;
  /** Updates the release in these projects (all that have it when undefined, events' releases
   * included); what it became, empty when no project has it. */
  updateRelease(
    version: string,
    projectIds: readonly ProjectId[] | undefined,
    changes: ReleasePatch,
  ): Promise<ReleaseMetaRecord[]>;
  /** The release in these projects (all that have it when undefined), events' releases included. */
  releaseMeta(version: string, projectIds?: readonly ProjectId[]): Promise<ReleaseMetaRecord[]>;
  /** Releases a release tool described, of these projects (all when undefined), newest first. */
  listReleaseMeta(projectIds: readonly ProjectId[] | undefined, limit: number): Promise<ReleaseMetaRecord[]>;
  /** Forgets what release tools said of the release and its deploys (its events stay). */
  deleteReleaseMeta(version: string, projectIds?: readonly ProjectId[]): Promise<number>;
  /** Records a deploy of the release in each project. */
  addDeploy(
    projectIds: readonly ProjectId[],
    deploy: Omit<DeployRecord, 'id' | 'projectId'>,
  ): Promise<DeployRecord[]>;
  /** Deploys of the release (in these projects), newest first. */
  listDeploys(version: string, projectIds?: readonly ProjectId[]): Promise<DeployRecord[]>;

  // --- uploaded chunks and artifact bundles (sentry-cli's chunk upload) ---
  /** Stores chunks by checksum (a chunk stored before is kept as it is). */
  putUploadChunks(chunks: readonly { checksum: string; data: Buffer }[], now: number): Promise<void>;
  /** The checksums of these that no stored chunk has, in the order asked, each once. */
  missingUploadChunks(checksums: readonly string[]): Promise<string[]>;
  uploadChunks(checksums: readonly string[]): Promise<Map<string, Buffer>>;
  /** Removes these chunks (a bundle made of them was refused). */
  deleteUploadChunks(checksums: readonly string[]): Promise<void>;
  /** Removes chunks stored before `chunksBefore` and bundles unused since `bundlesUnusedSince`. */
  pruneArtifacts(
    chunksBefore: number,
    bundlesUnusedSince: number,
  ): Promise<{ chunks: number; bundles: number }>;
  /** Marks the bundles holding this debug ID as used now. */
  touchArtifactBundles(projectId: ProjectId, debugId: string, now: number): Promise<void>;
  /** The id of the stored bundle with this zip checksum, if any. */
  artifactBundleId(checksum: string): Promise<number | undefined>;
  /** Stores the bundle for these projects (once per checksum) and deletes its chunks; its id. */
  storeArtifactBundle(
    bundle: NewArtifactBundle,
    projectIds: readonly ProjectId[],
    chunks: readonly string[],
  ): Promise<number>;
  /** The files of a project's bundles that carry this debug ID, newest bundle first. */
  artifactFilesByDebugId(projectId: ProjectId, debugId: string): Promise<ArtifactFile[]>;
  /** A project's files whose URL is one of the candidates, in bundles of the release (and
   * dist), at most MAX_ARTIFACT_URL_MATCHES: the longest URL first, then a bundle with the
   * event's dist before one without, then the newest bundle. */
  artifactFilesByUrl(projectId: ProjectId, query: ArtifactUrlQuery): Promise<ArtifactUrlMatch[]>;
  /** Marks one bundle as used now (a map found by release and URL). */
  touchArtifactBundle(bundleId: number, now: number): Promise<void>;

  // --- alert rules (issue 14 §1) ---
  /** Creates a rule; undefined when the project does not exist. Throws LimitExceededError past
   * MAX_ALERT_RULES_PER_PROJECT. The rule is applied by this process's next commit. */
  createAlertRule(projectId: ProjectId, rule: AlertRuleInput): Promise<AlertRule | undefined>;
  listAlertRules(projectId: ProjectId): Promise<AlertRule[]>;
  getAlertRule(id: number): Promise<AlertRule | undefined>;
  /** Replaces a rule's fields (its channels' disabled marks go: saving re-enables them). */
  updateAlertRule(id: number, rule: AlertRuleInput): Promise<AlertRule | undefined>;
  /** Deletes a rule with its notifications, attempts, evaluations and state. */
  deleteAlertRule(id: number): Promise<boolean>;

  // --- alert delivery (the outbox, issue 14 §3) ---
  /** Takes up to `limit` pending notifications due at `now`, oldest first, and pushes their next
   * attempt to `now + leaseMs`, so no other worker (or process, on PostgreSQL: SKIP LOCKED) takes
   * them meanwhile, and a worker that dies mid-send leaves them due again. */
  claimAlertNotifications(now: number, limit: number, leaseMs: number): Promise<ClaimedNotification[]>;
  /** Writes notifications outside a digest commit (a test notification); they come back with ids. */
  insertAlertNotifications(rows: readonly NewAlertNotification[]): Promise<AlertNotification[]>;
  /** Logs attempts (of distinct notifications) and moves each notification on (delivered,
   * pending again at `nextAttemptAt`, failed, disabled), in one transaction: a delivery pass
   * costs one commit, not one per notification. A notification that is gone is skipped. The
   * channels a receiver turned off (`disables`) are disabled in the same transaction, so no
   * reader sees a notification disabled without its attempt. */
  recordAlertAttempts(
    attempts: readonly AlertAttemptInput[],
    disables?: readonly AlertChannelDisable[],
  ): Promise<void>;
  /** Takes a recipient set's email slot (email digests, issue 14 §2): null when it was free (no
   * email to `recipients` since `now - intervalMs`) and is now taken at `now`, else when it frees. */
  takeEmailSlot(recipients: string, now: number, intervalMs: number): Promise<number | null>;
  /** Moves pending notifications' next attempt to `until` without an attempt (held for a digest). */
  holdAlertNotifications(ids: readonly number[], until: number, now: number): Promise<void>;
  /** When the earliest pending notification is due; null when none is pending. */
  nextAlertAttemptAt(): Promise<number | null>;
  listAlertNotifications(query: AlertNotificationQuery): Promise<AlertNotification[]>;
  /** A notification's attempts, first first. */
  listAlertAttempts(notificationId: number): Promise<AlertAttempt[]>;
  /** The last `perNotification` attempts of each notification, in one query: by notification,
   * first first. */
  listAlertAttemptsOf(notificationIds: readonly number[], perNotification: number): Promise<AlertAttempt[]>;
  /** Makes a finished notification (delivered, failed, disabled) pending again, due at `at`, with
   * its webhook-id; a pending one is left alone (a worker may be sending it). Undefined when
   * there is no such notification. */
  redeliverAlertNotification(id: number, at: number): Promise<Redelivery | undefined>;
  listAlertEvaluations(query: AlertEvaluationQuery): Promise<AlertEvaluation[]>;
  /** Deletes evaluations, finished notifications (with their attempts) and subject states older
   * than `olderThan`; resolves to the rows deleted. */
  pruneAlertLog(olderThan: number): Promise<number>;

  // --- caches across collectors ---
  /** Calls `onChange(table)` once a change to a cached table ('projects', 'project_keys',
   * 'alert_rules', 'alert_silences') is committed, by any process, or with '*' when changes may have
   * been missed (after a reconnect); the store's own caches (rules, silences) forget it first.
   * PostgreSQL: LISTEN on a connection of its own (postgres/change-listener.ts); SQLite: never
   * (one process; the caches' TTLs bound what another writer, the CLI, changes). */
  watchChanges(onChange: (table: string) => void): { close(): Promise<void> };

  // --- once-only jobs (sql/leases-sql.ts: a lease row on PostgreSQL, always held on SQLite) ---
  /** Takes the lease of job `name` for `holder` until `ttlMs` from now, or renews it when `holder`
   * holds it; null when another holder does. */
  tryLease(name: string, holder: string, ttlMs: number): Promise<LeaseState | null>;
  /** Records that `holder` starts a run of job `name` now; false when it no longer holds the lease. */
  startLeasedRun(name: string, holder: string): Promise<boolean>;
  /** Gives the lease up (a collector stopping), so another takes it at its next try. */
  releaseLease(name: string, holder: string): Promise<void>;

  // --- rate alerts (issue 14 §1, §4: incidents, evaluated by one process at a time) ---
  /** Runs `fn` in one transaction if this process holds the rate lease for it (PostgreSQL: a
   * transaction-scoped advisory lock, tried; SQLite: its single writer); undefined when another
   * process holds it. With `prefetchAt` (the pass's clock), a single-process store (SQLite) reads
   * the rules' route counts of that time before it takes the writer. */
  withRateAlertLease<T>(
    fn: (tx: RateAlertTx) => Promise<T>,
    options?: { prefetchAt?: number },
  ): Promise<{ value: T } | undefined>;
  /** Rate alert incidents, newest first. */
  listAlertIncidents(query: AlertIncidentQuery): Promise<AlertIncident[]>;

  // --- silences (issue 14 §4) ---
  /** Creates a silence starting at `now`; undefined when the project does not exist. Throws
   * LimitExceededError past MAX_ACTIVE_SILENCES_PER_PROJECT. This process's next commit honours it. */
  createSilence(
    projectId: ProjectId,
    silence: SilenceInput,
    createdBy: string | null,
    now?: number,
  ): Promise<Silence | undefined>;
  /** Newest first: those not over at `now`, or (`all`) every one. */
  listSilences(query: SilenceQuery): Promise<Silence[]>;
  getSilence(id: number): Promise<Silence | undefined>;
  /** Ends a silence at `now` (one already over is left as it is); undefined when there is none. */
  expireSilence(id: number, now?: number): Promise<Silence | undefined>;

  /** A project's events received at or after `from`, the newest `limit` of them, oldest first,
   * with their issues' first-seen times: what a rule preview runs over. */
  alertHistory(projectId: ProjectId, from: number, limit: number): Promise<AlertHistory>;
  /** The issue's events with a time at or after `since` (ms), counted up to `limit`: a frequency
   * rule's window, as the digest commit counts it (the read API's explanation of a pair). */
  countIssueEvents(issueId: IssueId, since: number, limit: number): Promise<number>;

  // --- retention ---
  /** Deletes old events (and their attachments, and old transactions); issues remain. Hourly
   * issue counts older than ISSUE_HOURLY_COUNTS_KEEP_MS go too, whatever the policy. */
  deleteEvents(policy: RetentionPolicy): Promise<number>;
  /**
   * Makes the time partitions of events that the next EVENT_PARTITIONS_AHEAD_DAYS need (from the
   * day of `now`, default now); resolves to the names of those made. Nothing to do on a store
   * whose events are one table (SQLite). Safe to run from several collectors at once.
   */
  maintainPartitions(now?: number): Promise<string[]>;
}

export type { EventSummary };
