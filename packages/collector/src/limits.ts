/**
 * Every bound of @faultline/collector in one place (house style 4). Each constant says where
 * its number comes from. Sections are owned by the module that enforces them.
 */

import { availableParallelism } from 'node:os';
import { DAY_MS, HOUR_MS, KiB, MINUTE_MS, MiB } from '@faultline/core';

// --- store/digest ---------------------------------------------------------------------

/** Sentry's `MAX_CULPRIT_LENGTH` (src/sentry/constants.py) is 200 characters. */
export const MAX_CULPRIT_LENGTH = 200;
/** Issue titles are one line in a list; Sentry's UI cuts metadata titles near 256 too. */
export const MAX_TITLE_LENGTH = 256;
/** Sentry `MAX_TAG_KEY_LENGTH` (tagstore) is 200; longer keys are cut. */
export const MAX_TAG_KEY_LENGTH = 200;
/** Sentry `MAX_TAG_VALUE_LENGTH` is 200; longer values are cut. */
export const MAX_TAG_VALUE_LENGTH = 200;
/** Tags kept per event; Relay accepts more but 100 covers every real SDK and bounds issue_tags. */
export const MAX_TAGS_PER_EVENT = 100;
/** Sentry's release `version` column is 250 characters. */
export const MAX_RELEASE_LENGTH = 250;
/** Sentry's environment names are at most 64 characters. */
export const MAX_ENVIRONMENT_LENGTH = 64;
/** A user key (id/email/username/ip) longer than this is cut; it is only compared for equality. */
export const MAX_USER_KEY_LENGTH = 200;
/** Request ids: issue #3 bounds X-Request-Id at 128 characters (core MAX_REQUEST_ID_LENGTH). */
export const MAX_STORED_REQUEST_ID_LENGTH = 128;
/** Service names, transaction names, span ops: short identifiers; cut past this. */
export const MAX_NAME_LENGTH = 200;
/** ECMAScript's Date range, ±8.64e15 ms (±275,760 years; ECMA-262 "Time Values"): a time past it
 * is unreadable, and every time inside fits a BIGINT column and a JS number exactly. */
export const MAX_TIME_MS = 8.64e15;
/** One count an item adds to a counter column (an aggregate bucket's sessions, a client report
 * entry's dropped items): a billion from one sender is not real (as MAX_RATE_COUNT), and the sums
 * of a commit stay exact in a JS number (2^53) and far inside BIGINT. Past it the bucket or entry
 * is dropped and counted (digest/storable-batch.ts). */
export const MAX_ITEM_COUNT = 1_000_000_000;
/** Relay corrects clocks more than 55 minutes in the future (sentry-protocol.md §11.8). */
export const MAX_CLOCK_DRIFT_MS = 55 * MINUTE_MS;
/** Stored attachment bytes; bigger ones are dropped and counted (issue 4 §1). Relay allows 100 MiB,
 * but attachments live in the database here, so the default is far smaller. */
export const MAX_STORED_ATTACHMENT_BYTES = 1 * MiB;
/** Rows per page of any store listing; the read API asks for at most MAX_PAGE_SIZE (200). */
export const MAX_STORE_PAGE_SIZE = 500;
/** Events + transactions returned for one trace; a trace view past this is unreadable anyway. */
export const MAX_TRACE_ROWS = 1000;
/** A listing cursor is a short base64url string; a longer one is not ours. */
export const MAX_CURSOR_LENGTH = 256;
/** Tag filters in one issue query; each is one EXISTS clause. */
export const MAX_TAG_FILTERS = 10;
/** PostgreSQL deadlock/serialization failures are retried this many times (then surfaced). */
export const MAX_WRITE_RETRIES = 3;
/** PostgreSQL pool size per collector process: one writer plus readers; PG's default is 100 total. */
export const PG_POOL_SIZE = 10;
/** Statement texts longer than this are not kept in the PostgreSQL executor's `?` → `$n` cache:
 * multi-row INSERTs (store/sql/multi-row.ts) have one text per row count, each up to ~100 KB. */
export const PG_MAX_CACHED_STATEMENT_LENGTH = 4096;
/** Retry-After (s) of a 503 for an unavailable store when it gives no better estimate: long enough
 * for a PostgreSQL restart or a backup's lock, short enough that SDKs resend soon after. */
export const DEFAULT_STORE_RETRY_AFTER_S = 5;

// PostgreSQL (store/postgres/pg-pool.ts, pg-transaction.ts): every store call settles within
// PG_CONNECT_TIMEOUT_MS + PG_QUERY_TIMEOUT_MS (a read) or + PG_TRANSACTION_TIMEOUT_MS (a write),
// whether the server is down, restarting, frozen or unreachable.

/** Getting a connection (TCP + startup of a new one, or the wait for a free pooled one): a healthy
 * server answers in milliseconds, so past this it is down, frozen or saturated: 503. */
export const PG_CONNECT_TIMEOUT_MS = 2_000;
/** `statement_timeout`: the read API's slowest list query took ~0.3 s at p99 on the dashboard
 * bench's 1M-event database (SQLite), a group commit's statements take a few ms; a statement
 * running this long is stuck, not busy. */
export const PG_STATEMENT_TIMEOUT_MS = 5_000;
/** pg's client-side `query_timeout` is a statement's bound plus this, for a server that cannot
 * enforce its own (frozen, black-holed): the connection is dropped. Above it, so that a live
 * server's own cancel (57014) comes first. */
export const PG_QUERY_TIMEOUT_MARGIN_MS = 1_000;
/** The client-side bound of one ordinary statement's round trip. */
export const PG_QUERY_TIMEOUT_MS = PG_STATEMENT_TIMEOUT_MS + PG_QUERY_TIMEOUT_MARGIN_MS;
/** `lock_timeout`: another collector holds an issue row for one group commit (10-50 ms); a wait
 * this long is a stuck transaction. Below the statement timeout, so it reports itself (55P03). */
export const PG_LOCK_TIMEOUT_MS = 3_000;
/** A whole write transaction, client-side: a group commit is a few round trips (10-50 ms); past
 * this its connection is dropped and the write fails (503), well before COMMIT_TIMEOUT_MS. */
export const PG_TRANSACTION_TIMEOUT_MS = 10_000;
/** `idle_in_transaction_session_timeout`: a transaction left idle this long belongs to a frozen or
 * cut-off collector; the server ends it, so its row locks do not stall the other collectors. */
export const PG_IDLE_IN_TRANSACTION_TIMEOUT_MS = 15_000;
/** Idle pooled connections are closed after this (pg's own default, named), so few stale ones
 * outlive a restart or a failover. */
export const PG_IDLE_TIMEOUT_MS = 10_000;
/** TCP keepalive probes start after this much idle time, so the kernel notices a peer that
 * vanished (host crash, dropped route) on a connection nobody is using. */
export const PG_KEEPALIVE_INITIAL_DELAY_MS = 10_000;
/** Statement bound of background work nobody waits on (migrations' backfills, retention slices
 * over a large table): it may be slow, but a frozen server must still not hold it for ever. */
export const PG_BACKGROUND_STATEMENT_TIMEOUT_MS = 10 * MINUTE_MS;

// Several collectors on one PostgreSQL: once-only jobs under a lease (jobs/leased-job.ts,
// store/sql/leases-sql.ts) and caches told of changes (store/postgres/change-listener.ts).

/** A job's lease lasts this long past its holder's last renewal: a holder that died (SIGKILL,
 * host lost, cut off) hands it over after at most this; several renewals fit in it, so a slow
 * round trip on a loaded host does not lose it. */
export const LEASE_TTL_MS = 10_000;
/** The holder renews its lease, and the others try for it, this often (5 tries per LEASE_TTL_MS). */
export const LEASE_RENEW_MS = 2_000;
/** The bound on a takeover: the dead holder's lease runs out, then the next try takes it. */
export const LEASE_TAKEOVER_MS = LEASE_TTL_MS + LEASE_RENEW_MS;
/** The change listener reconnects this long after losing its connection (a restart, a failover),
 * then reads every cache again: the notices sent meanwhile were missed. */
export const CHANGE_LISTEN_RETRY_MS = 1_000;
/** The change listener's connection carries no traffic of its own; a probe this often finds a dead
 * one (frozen server, dropped route) that TCP alone would notice only after minutes. */
export const CHANGE_LISTEN_PROBE_MS = 5_000;

// SQLite (store/sqlite/write-lock.ts, busy-retry.ts): a lock held by another process (a
// `sqlite3` shell, a backup) is waited for on a timer, never on the event loop.

/** better-sqlite3's busy timeout: how long one attempt may block the event loop on a lock held by
 * another process (SQLite sleeps 1, 2, then 2 ms) before it fails and is retried from a timer. */
export const SQLITE_BUSY_TIMEOUT_MS = 5;
/** Between two attempts at a locked database, the loop serves other work for this long. */
export const SQLITE_BUSY_RETRY_MS = 25;
/** A call waits at most this long in all for another process's lock, counted from the call: a
 * transient write of another process takes milliseconds; past this it is a shell or a long job
 * holding the lock, and the call fails 503 ('locked') instead of holding its requests. */
export const SQLITE_LOCK_WAIT_MS = 2_000;

/** Parameters in one statement (store/sql/multi-row.ts): under SQLite's 32,766 and PostgreSQL's 65,535. */
export const MAX_PARAMS_PER_STATEMENT = 30_000;
/** Rows deleted per retention statement, so one pass never holds the writer for long. */
export const RETENTION_BATCH_ROWS = 10_000;
/** PostgreSQL's events are partitioned by day of `received_at` (store/postgres/event-partitions.ts):
 * one partition is what retention drops at once. */
export const EVENT_PARTITION_MS = DAY_MS;
/** Daily event partitions made ahead of today, so a maintenance pass that fails for a few days
 * (database down, no lease holder) never leaves ingest writing into the default partition. */
export const EVENT_PARTITIONS_AHEAD_DAYS = 3;
/** How often the partition maintenance step runs, on one collector under its lease (and at once
 * the first time it ever runs); hourly is 72 chances per EVENT_PARTITIONS_AHEAD_DAYS. */
export const EVENT_PARTITION_MAINTENANCE_INTERVAL_MS = HOUR_MS;
/** Migration 13 gives the existing events of this many days before now their own daily partition;
 * older ones go to the default partition, whose rows retention deletes row by row. */
export const EVENT_PARTITION_BACKFILL_DAYS = 400;
/** Dropping a partition takes an exclusive lock on `events` for an instant; waiting for it longer
 * than this would hold ingest behind it, so the drop gives up and the next pass tries again. */
export const EVENT_PARTITION_DROP_LOCK_TIMEOUT_MS = 1_000;
/**
 * Issue-list tag filters: a tag carried by fewer issues than this is read as the list of those
 * issues (`id IN (…)`), a commoner one is checked row by row (`EXISTS`). The count that decides
 * stops here, so it reads at most this many index entries (bench/dashboard/index-trial.mjs).
 */
export const SPARSE_TAG_ISSUES = 2_000;
/** Events one page of an issue's event search tests at most when a filter is more than its time
 * range (a release, an environment, a tag, a text): at the ~7 µs a row a text costs on PostgreSQL
 * (50k events, 0.34 s) a page stays near 70 ms, far under PG_STATEMENT_TIMEOUT_MS; its cursor goes on. */
export const MAX_EVENT_SEARCH_SCAN = 10_000;
/** Text searches this long (in characters) go through the trigram index; a trigram needs three. */
export const MIN_INDEXED_SEARCH_CHARS = 3;
/** Per-issue hourly event counts (the list's sparklines, at most 14 days) are kept this long. */
export const ISSUE_HOURLY_COUNTS_KEEP_MS = 15 * DAY_MS;

// --- snoozes and deleted issues (digest/snooze-wake.ts, store/sql/issue-snooze-sql.ts,
// store/sql/issue-delete-sql.ts, api/issue-status-routes.ts) ------------------------------

/** A timed snooze: one year, as far as anyone plans to look away; past it, ignore forever. */
export const MAX_SNOOZE_MINUTES = 365 * 24 * 60;
/** "Until N more events": a million; a bigger N is "forever" in practice. */
export const MAX_SNOOZE_COUNT = 1_000_000;
/** "Until N more users": a million distinct users, as for events. */
export const MAX_SNOOZE_USERS = 1_000_000;
/** How often the snooze job wakes issues whose time has passed: a 30-minute snooze ends within
 * this, and a pass is one indexed UPDATE. */
export const SNOOZE_WAKE_INTERVAL_MS = 30_000;
/** Escalation: the events of the current UTC hour exceed this many times the mean hourly count of
 * the ESCALATION_BASELINE_HOURS before it (Sentry's "escalating" is also a multiple of the recent rate). */
export const ESCALATION_FACTOR = 5;
/** And the current hour holds at least this many events, so an issue quiet for a week does not escalate on 2 events. */
export const ESCALATION_MIN_EVENTS = 10;
/** The baseline: the 7 days (168 whole UTC hours) before the current hour, within
 * ISSUE_HOURLY_COUNTS_KEEP_MS of hourly counts. */
export const ESCALATION_BASELINE_HOURS = 7 * 24;
/** How often the leftovers of an interrupted issue delete are purged. */
export const DELETED_ISSUES_PURGE_INTERVAL_MS = HOUR_MS;

// Merging and unmerging issues (store/sql/merge-sql.ts, api/merge-routes.ts, issue 19 §3).
/** Issues one merge takes: a page of the list's selection; each one's rows move in one transaction. */
export const MAX_MERGE_ISSUES = 50;
/** Events repointed per statement after a merge or unmerge, each slice its own short transaction,
 * so moving millions of events never holds the writer for long: on SQLite, with 5,000 a commit
 * waiting beside a merge took 390 ms (median), with 1,000 133 ms (loaded 2-core machine). */
export const MERGE_EVENT_SLICE_ROWS = 1_000;
/** Fingerprints listed for one issue (GET …/fingerprints): repeated merges of merges, bounded. */
export const MAX_ISSUE_FINGERPRINTS = 200;

// Working as a team (store/sql/issue-activity-sql.ts, issue-comments-sql.ts, api/team-routes.ts,
// issue 19 §4).
/** A comment's text, in UTF-8 bytes: a long note with a pasted stack trace fits, and 16 KiB
 * (escaped as JSON, up to 6 bytes a character) still fits in MAX_API_BODY_BYTES's body. */
export const MAX_COMMENT_BYTES = 16 * KiB;
/** Activity rows or comments one page shows. What bounds the history itself: every kind of row is
 * a person's action, or once per issue (first seen), or once per resolution (regression, wake),
 * or an alert (at most one per rule per action interval); so the page is bounded, not the rows,
 * and nothing of what happened is thrown away. */
export const MAX_TIMELINE_PAGE_SIZE = 100;
/** The page the dashboard asks for without a `limit`. */
export const DEFAULT_TIMELINE_PAGE_SIZE = 50;

// --- read API, sessions, logins (src/api, src/http) ---------------------------------------

/** Request bodies of the read API are small JSON objects (status updates, settings). */
export const MAX_API_BODY_BYTES = 64 * KiB;
/** Issues or events per page; the dashboard asks for 50. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** Tag keys in an issue's facets (api/issue-detail-routes.ts): the preferred ones and the
 * commonest others fill a sidebar; past that a reader asks for one key. */
export const MAX_FACET_KEYS = 20;
/** Values per key in an issue's facets: a bar chart of more is not read. */
export const MAX_FACET_VALUES = 10;
/** Values of the one key `?key=` asks for: a longer list, still one small page of issue_tags rows. */
export const MAX_FACET_KEY_VALUES = 100;
/** Ours are 68 characters; Sentry's organization tokens (`sntrys_` + a base64 JSON payload + a
 * secret) run to about 300, and a pipeline moved from Sentry sends one until its secret is swapped:
 * it gets a plain 401, not a malformed-header error. Anything longer is refused unread. */
export const MAX_TOKEN_LENGTH = 512;
/** Characters of a token kept in clear (`flt_` and 8 hex digits) so a list tells tokens apart;
 * the other 56 hex digits (224 bits) stay secret. */
export const TOKEN_PREFIX_SHOWN = 12;
/** A token's `last_used_at` is written at most this often per collector (one write per interval,
 * not per request); the list shows when it was last used to within it. */
export const TOKEN_TOUCH_INTERVAL_MS = MINUTE_MS;
/** Characters of a token's name. */
export const MAX_TOKEN_NAME_LENGTH = 100;
/** Projects whose issue pages the all-projects list reads at once (api/issues-across.ts): one
 * indexed query each, merged; more at once would hold that many pool connections. */
export const MAX_PROJECT_PAGES_AT_ONCE = 8;
/** Events listed by one incident lookup (api/incident-lookup.ts). A request id names one event,
 * a few when an app's Sentry SDK reports the same failure or a client retries with its id; past
 * this someone is flooding the id, `moreMatches` says so, and `?project=` narrows. */
export const MAX_INCIDENT_MATCHES = 20;
/** Attachments listed for one event (api/attachment-routes.ts). SDKs send a few per event; a
 * sender repeating one event id with more is cut, oldest kept. */
export const MAX_ATTACHMENTS_LISTED = 100;
/** Events are kept this long (Sentry's default retention is 90 days). */
export const DEFAULT_RETENTION_DAYS = 90;
/** Newest events kept per issue; older ones go, the issue and its counts stay. */
export const DEFAULT_MAX_EVENTS_PER_ISSUE = 1000;
/** How often the retention job runs. */
export const RETENTION_INTERVAL_MS = HOUR_MS;
/** A dashboard session lasts a working day; after that the token is typed in again. */
export const SESSION_TTL_MS = 12 * HOUR_MS;
/** Session ids: 32 random bytes, as OWASP's session management sheet asks (≥ 64 bits). */
export const SESSION_SECRET_BYTES = 32;
/** Sessions live in the store: a lookup reads its row on every request, but writes `last_seen_at`
 * only when it is this old, so an active session costs one write per interval, not per request. */
export const SESSION_TOUCH_INTERVAL_MS = 5 * MINUTE_MS;
/** Expired session rows removed with each login: the table holds about one SESSION_TTL_MS of
 * logins without a job of its own, and a login never waits on a large delete. */
export const SESSION_SWEEP_ROWS = 100;

// --- dashboard passwords (api/passwords.ts) ------------------------------------------------

/**
 * scrypt cost parameters (RFC 7914): N=2^15, r=8, p=3 is one of the OWASP Password Storage
 * Cheat Sheet's equivalent settings (with N=2^17,r=8,p=1): 32 MiB per hash (128·N·r) instead
 * of 128 MiB, so concurrent logins stay cheap in memory while the work stays the same.
 */
export const SCRYPT_LOG2_COST = 15;
export const SCRYPT_BLOCK_SIZE = 8;
export const SCRYPT_PARALLELIZATION = 3;
/** Derived key and salt lengths: 256-bit key, 128-bit random salt (NIST SP 800-132 asks ≥ 128). */
export const SCRYPT_KEY_BYTES = 32;
export const PASSWORD_SALT_BYTES = 16;
/** A stored hash naming a larger cost is refused, so a tampered row cannot pin a CPU for minutes. */
export const MAX_SCRYPT_LOG2_COST = 20;
/** Memory scrypt may use for the largest accepted hash (128·N·r at MAX_SCRYPT_LOG2_COST, r=8) plus slack. */
export const SCRYPT_MAX_MEMORY_BYTES = 128 * 2 ** MAX_SCRYPT_LOG2_COST * SCRYPT_BLOCK_SIZE + MiB;
/** NIST SP 800-63B-4 §3.1.1.2: passwords used alone are at least 15 characters. */
export const MIN_PASSWORD_LENGTH = 15;
/** Passphrases are welcome (NIST asks for ≥ 64); past this nothing is hashed. */
export const MAX_PASSWORD_LENGTH = 1024;
/** RFC 5321 §4.5.3.1.3: a path, hence an address, is at most 254 characters usable. */
export const MAX_EMAIL_LENGTH = 254;
/**
 * Password checks running at once; beyond it a login is answered 429. Each one holds 32 MiB and a
 * libuv thread (which zlib in ingest shares), so a login flood cannot starve ingestion.
 */
export const MAX_CONCURRENT_PASSWORD_CHECKS = 4;
/** Retry-After of a login refused because MAX_CONCURRENT_PASSWORD_CHECKS were running. */
export const PASSWORD_BUSY_RETRY_AFTER_S = 1;
/** Failed logins of one (email, client address) that cost no wait: a few typos are normal (the
 * old per-email lockout allowed 5 too). Counted per submitted email, known or not. */
export const LOGIN_FREE_FAILURES = 5;
/** The wait after the first failure past the free ones; each further failure doubles it. */
export const LOGIN_DELAY_BASE_MS = 1_000;
/** The longest wait between two guesses of one (email, address), reached after 10 more failures:
 * at most 4 guesses an hour, and only for that pair (OWASP's Authentication Cheat Sheet prefers
 * growing delays to a lockout that anyone can trigger for someone else). */
export const LOGIN_DELAY_MAX_MS = 15 * MINUTE_MS;
/** A pair with no failure for this long starts again with free failures (longer than the cap, so
 * a patient guesser stays at the cap). */
export const LOGIN_FAILURE_MEMORY_MS = HOUR_MS;
/** Failed logins from one client address within LOGIN_FAILURE_WINDOW_MS, over every email: guessing
 * many accounts. Generous, as a NAT (or a proxy without trustProxy) puts many users on one address. */
export const LOGIN_FAILURES_PER_ADDRESS = 100;
export const LOGIN_FAILURE_WINDOW_MS = 15 * MINUTE_MS;
/** Failure rows (pairs past LOGIN_FAILURE_MEMORY_MS, addresses past their window) removed with
 * each failed login: the tables hold about the last hour's failures, and a failure never waits on
 * a large delete. */
export const LOGIN_FAILURE_SWEEP_ROWS = 100;
/** A client address (from X-Forwarded-For behind a trusted proxy) is cut here: an IPv6 address
 * with a zone is under 64 characters; the address is only a key of the login throttle. */
export const MAX_CLIENT_ADDRESS_CHARS = 64;
/** `trustProxy` hops accepted (http/client-address.ts): a CDN, a load balancer and an ingress make 3;
 * a larger number is a typo, refused at start. */
export const MAX_TRUSTED_PROXY_HOPS = 10;

// --- rates and traces (api/rates-view.ts, api/time-range.ts) ------------------------------------

/** Time range of a rates query when `since` is not given. */
export const DEFAULT_RATES_RANGE_MS = DAY_MS;
/** Longest time range of one rates query (the retention default). */
export const MAX_RATES_RANGE_MS = 90 * DAY_MS;
/** Points per series at most; the bucket grows (1, 5, 15, 60 minutes...) to stay under it. */
export const MAX_RATE_POINTS = 360;
/** Series in one rates answer, worst first; the rest are summed into `(other)`. */
export const MAX_RATE_SERIES = 200;
/** Longest free-text filter of an issue query; a title search needs no more. */
export const MAX_FILTER_LENGTH = 256;
/** Attempt spans read from one event's `contexts.faultline` (a call retried more than this is
 * still linked by its first ones). */
export const MAX_DOWNSTREAM_SPANS = 32;

// --- ingest (src/ingest; sentry-protocol.md §5-§7; every one is an IngestOptions field) ----

/** Compressed body of an envelope request: 20 MB in Relay's 2024 docs (sentry-protocol.md §7). */
export const MAX_ENVELOPE_BODY_BYTES = 20 * MiB;
/** Compressed body of a legacy /store/ request: 200 KB (store.mdx). */
export const MAX_STORE_BODY_BYTES = 200 * KiB;
/** A body after decompression: Relay `max_envelope_size` 100 MiB (core MAX_ENVELOPE_BYTES). A
 * compression bomb is refused with 413 as soon as its output passes this. */
export const MAX_DECOMPRESSED_BYTES = 100 * MiB;
/** A compressed body up to this size is decoded in one synchronous call once it has all arrived:
 * for the typical 1-10 KB SDK envelope that costs a third of a streaming decoder's setup, thread
 * pool hop and chunk events. Bigger bodies stream (ingest/read-body.ts). */
export const SYNC_DECODE_MAX_INPUT_BYTES = 64 * KiB;
/** The synchronous decode stops past this output (a bomb costs the loop ~2 ms at most) and the
 * body is decoded again by the streaming decoder, which enforces MAX_DECOMPRESSED_BYTES. */
export const SYNC_DECODE_MAX_OUTPUT_BYTES = 1 * MiB;
/** Strings in events are cut here (Relay trims rather than rejects; its longest per-field cap,
 * MaxChars::Message, is 8192). */
export const MAX_STRING_LENGTH = 8192;
/** Frames per stack trace: Relay `enforce_frame_hard_limit(frames, 250)` keeps the first 249 and
 * the last one. */
export const MAX_FRAMES_PER_STACK = 250;
/** Attachment bytes kept per envelope; the rest are dropped and counted (our bound: the store keeps
 * attachments in the database). Per attachment see MAX_STORED_ATTACHMENT_BYTES. */
export const MAX_STORED_ATTACHMENTS_PER_ENVELOPE_BYTES = 4 * MiB;
/** Session items per envelope: Relay `max_session_count` is 100; the rest are dropped and counted. */
export const MAX_SESSIONS_PER_ENVELOPE = 100;
/** Minutes in one `faultline_rates` item (the server sends every 10 s and keeps at most 15). */
export const MAX_RATE_BUCKETS_PER_ITEM = 60;
/** Routes per minute in one `faultline_rates` item (the server counts at most 500 plus `(other)`). */
export const MAX_RATE_ROUTES_PER_BUCKET = 1000;
/** A route template longer than this is cut. */
export const MAX_ROUTE_LENGTH = 200;
/** Occurrences in one `faultline_sampled` item (the server sends at most 100 at a time); the
 * rest are dropped and counted (`invalid_sampled`). */
export const MAX_SAMPLED_PER_ITEM = 1000;
/** One count in a rates item: more requests than this in a minute from one process is not real. */
export const MAX_RATE_COUNT = 1_000_000_000;
/** Request bytes held in memory by all requests being read at once (compressed + decompressed);
 * past it new bytes are refused with 429, so memory stays bounded whatever the input rate. */
export const MAX_INFLIGHT_BODY_BYTES = 256 * MiB;
/** One DSN key's share of MAX_INFLIGHT_BODY_BYTES: half, so a key (public keys are in every web
 * page that sends events) still fits one largest body (MAX_DECOMPRESSED_BYTES decoded) and leaves
 * the other half to every other key. */
export const MAX_INFLIGHT_BODY_BYTES_PER_KEY = MAX_INFLIGHT_BODY_BYTES / 2;
/** Bytes held by all requests whose key is not known yet (a keyless envelope until its `dsn` is
 * read): each holds its first line plus at most a socket read and a decoder chunk (64 KiB each),
 * so this is dozens at once, and a flood of them never touches the keyed budget. */
export const MAX_UNAUTHENTICATED_INFLIGHT_BYTES = 4 * MiB;
/** One remote address's share of MAX_UNAUTHENTICATED_INFLIGHT_BYTES, so one sender cannot refuse
 * every other sender's keyless envelopes (behind a proxy all requests share one address). */
export const MAX_UNAUTHENTICATED_INFLIGHT_BYTES_PER_ADDRESS = 1 * MiB;
/** A keyless envelope's first line (its header, which carries the `dsn`) must end within this many
 * decoded bytes, else 413; the rest of the body is read only once that key is checked. The header
 * an SDK writes (event_id, sent_at, dsn, sdk, trace) is under 1 KiB. */
export const MAX_UNAUTHENTICATED_HEADER_BYTES = 8 * KiB;
/** Group commit: batches arriving within this window share one `commit` (ARCHITECTURE.md). A
 * commit has a fixed cost of ~1 ms of CPU on SQLite (its WAL pages, the fsync, a dozen
 * statements: 1,336 µs per event one at a time, 259 µs in groups of 64), so a longer wait buys
 * throughput: the bench's 5 KB max rate was 1,889-2,350 events/s at 6 ms against 1,264-1,606 at
 * 2 ms, and a request waits at most this much more. */
export const GROUP_COMMIT_WINDOW_MS = 6;
/** Group commits running at once: the next one is digested and written while the previous one's
 * fsync runs on the thread pool (the store still runs one transaction at a time). */
export const COMMIT_PIPELINE_DEPTH = 2;
/** Batches passed to one `commit`; a bigger group is split so one transaction stays short. */
export const MAX_BATCHES_PER_COMMIT = 512;
/** Batches waiting for a commit; past it ingest answers 429 (backpressure, not an unbounded queue). */
export const MAX_QUEUED_BATCHES = 2000;
/** Approximate bytes of batches waiting for a commit; past it ingest answers 429. */
export const MAX_QUEUED_BYTES = 64 * MiB;
/** Oldest waiting batch (or running commit) older than this: the store is behind, answer 429. */
export const MAX_COMMIT_LATENCY_MS = 2_000;
/** A commit that has not settled after this answers its requests 503 (never left hanging). */
export const COMMIT_TIMEOUT_MS = 30_000;
/** Extra commits a failed group commit may spend isolating the batches that make it fail (it is
 * committed again in halves): one bad batch among MAX_BATCHES_PER_COMMIT costs 2 × log2(512) =
 * 18, so this finds three; a group failing past that is not failing for one batch's data. */
export const MAX_BISECT_COMMITS = 64;
/** Admission (ingest/admission.ts): a mean event-loop delay past this, sustained, means long
 * synchronous work keeps every request waiting, so a share of new requests is refused with 429,
 * all of them at twice the bound. A group commit blocks the loop ~5-20 ms (its digest and
 * inserts); the bench's 50 KB events at max rate keep the mean near 50 ms on a busy machine. */
export const ADMISSION_EVENT_LOOP_DELAY_MS = 100;
/** Admission: event-loop utilization at or above this is a busy read, and as a mean over
 * ADMISSION_WINDOW_MS a saturated loop (requests wait for CPU, not for the network or the store). */
export const ADMISSION_BUSY_UTILIZATION = 0.9;
/** Admission: the window of that mean, and of the completions per second a saturated loop
 * sustains (its capacity): three reads, so one commit, a GC pause or a moment descheduled on a
 * shared machine does not read as saturation. */
export const ADMISSION_WINDOW_MS = 300;
/** Admission: a busy read whose mean event-loop delay passes this fell behind: requests wait for
 * the loop, and more of them unseen in its sockets (turns of twice this). A loop that keeps up
 * stays under it (a group commit blocks it 5-20 ms; bench, 5 KB at max rate: p90 11 ms), one
 * falling behind passes it (2× overload: 20-45 ms). */
export const ADMISSION_TARGET_DELAY_MS = 20;
/** Admission: each read that fell behind cuts the admitted rate to this share of what was admitted
 * during it (AIMD's multiplicative decrease, as TCP's: ¾ of a rate in 3 reads). */
export const ADMISSION_RATE_DECREASE = 0.9;
/** Admission: each read with time to spare raises the admitted rate by this share of the capacity
 * (AIMD's additive increase: from ¾ of the capacity back to no limit in 5 reads). */
export const ADMISSION_RATE_INCREASE = 0.05;
/** Admission: the admitted rate never falls below this share of the capacity, whatever the loop
 * spends on refusals (senders that ignore Retry-After can fill it alone): served slowly, never not. */
export const ADMISSION_RATE_FLOOR = 0.2;
/** Admission: the admitted rate's first cut needs a read whose arrivals pass its completions this
 * many times (more is asked than served): a closed loop at its max (SDKs each waiting for their
 * last answer) asks what it is served, and its long group commits (50 KB events: 40-70 ms) must
 * not read as a backlog (A/B, commits of ~32 ms: its max fell ~40 % without this rule). */
export const ADMISSION_DEMAND_EXCESS = 1.3;
/** Admission: a saturated loop's working requests (body received, being parsed or committed) may
 * need this much of it at its measured capacity; past it a graded share of new requests is refused,
 * all at twice it. So the accepted requests wait about as long as at half load (bench: p99 40-80 ms
 * at ½ max) however far past its capacity the offered load is, instead of behind a backlog. */
export const ADMISSION_SATURATED_WAIT_MS = 50;
/** Admission: the same bound when only the last read was busy, or the turn in progress is: the
 * onset of an overload is met while its first long turns run, and a burst of up to this much work
 * is absorbed. */
export const ADMISSION_MAX_WAIT_MS = 100;
/** Admission: a window (ADMISSION_WINDOW_MS) that completed fewer requests than this does not
 * measure the loop's capacity: its timers, connections and GC would weigh as much as requests. */
export const ADMISSION_MIN_MEASURED_REQUESTS = 30;
/** Admission: working requests never refused on those two counts, whatever the measured capacity
 * (a saturated window may have been busy with something else: a bomb being refused, a shared
 * machine): a few SDKs sending at once are served. The admitted rate falls only past it. */
export const ADMISSION_MIN_INFLIGHT_REQUESTS = 16;
/** Admission: the oldest unacknowledged batch waiting longer than this starts the same graded
 * refusal (all at twice it); MAX_COMMIT_LATENCY_MS stays the hard bound above it. */
export const ADMISSION_COMMIT_LATENCY_MS = 500;
/** How often admission reads the event-loop delay (each read covers the time since the last). */
export const ADMISSION_SAMPLE_MS = 100;
/** Consecutive reads past ADMISSION_EVENT_LOOP_DELAY_MS before the delay counts: a burst that the
 * queue absorbs in a few hundred ms is not overload. */
export const ADMISSION_SUSTAINED_SAMPLES = 3;
/** Retry-After of an admission refusal, drawn uniformly per refusal from whole seconds between
 * these (SDKs read whole seconds): CPU overload clears as soon as senders back off, and senders
 * refused in the same moment must not all come back in the same second as the next wave. */
export const ADMISSION_MIN_RETRY_AFTER_S = 1;
export const ADMISSION_MAX_RETRY_AFTER_S = 4;
/** Retry-After bounds for overload answers; the value follows the observed commit latency. */
export const MIN_OVERLOAD_RETRY_AFTER_S = 1;
export const MAX_OVERLOAD_RETRY_AFTER_S = 60;
/** Key lookups are cached this long: a disabled key stops working within this delay where no change
 * notice tells the collector at once (SQLite's other writers; PostgreSQL without its listener). */
export const KEY_CACHE_TTL_MS = 10_000;
/** Unknown keys are cached for a shorter time (a new key works quickly; floods stay cheap). */
export const NEGATIVE_KEY_CACHE_TTL_MS = 2_000;
/** Entries in the key and project caches (oldest evicted first). */
export const MAX_KEY_CACHE_ENTRIES = 10_000;
/** A key or project lookup that misses the cache is answered 503 + Retry-After past this (ingest/
 * key-resolver.ts; a fixed bound, not an IngestOptions field): it reads one indexed row, ~1 ms,
 * so a second means the store is down, frozen or saturated, and the request should not wait for
 * the store's own timeouts (up to PG_CONNECT_TIMEOUT_MS + PG_QUERY_TIMEOUT_MS). */
export const KEY_LOOKUP_TIMEOUT_MS = 1_000;
/** Projects tracked by the events-per-minute limiter (least recently used evicted first). */
export const MAX_RATE_LIMITED_PROJECTS = 10_000;
/** After an early refusal, up to this many unread body bytes are read and discarded so the answer
 * can keep the connection alive; a longer rest gets `Connection: close` instead. */
export const MAX_DRAIN_BYTES = 1 * MiB;
/** A request body that takes longer than this to arrive is refused with 408 (slow-loris bound). */
export const BODY_READ_TIMEOUT_MS = MINUTE_MS;
/** Past BODY_RATE_GRACE_MS a body must keep arriving at this mean rate on the wire, else 408: each
 * KiB received extends its deadline by a second (as Apache mod_reqtimeout's MinRate, 500 bytes/s
 * by default), so a slow drip cannot hold a socket and its bytes for all of BODY_READ_TIMEOUT_MS. */
export const MIN_BODY_BYTES_PER_S = 1 * KiB;
/** Time any body gets before MIN_BODY_BYTES_PER_S applies: an SDK envelope (1-10 KB) arrives well
 * within it even over a 2G link. */
export const BODY_RATE_GRACE_MS = 10_000;
/** Values visited by server-side scrubbing per event (core's default of 10,000 is for SDK-side
 * use; a 1 MiB event can hold more, and truncating it silently would lose data). */
export const MAX_SCRUB_NODES = 200_000;
/** Distinct per-project scrubbers kept compiled. */
export const MAX_SCRUBBER_CACHE_ENTRIES = 1_000;
/** A store error's message in the log line of a group commit that failed, cut to this length. */
export const MAX_LOGGED_ERROR_LENGTH = 300;
/** `X-Sentry-Error` carries the detail message cut to this length (headers are not for essays). */
export const MAX_ERROR_HEADER_LENGTH = 200;
/** How long an early refusal waits for the unread rest of a body (up to MAX_DRAIN_BYTES) before
 * answering with `Connection: close` instead. */
export const MAX_DRAIN_MS = 1_000;

/** Retry-After of a full memory budget (ingest/memory-budget.ts): bodies drain within a second or two. */
export const MEMORY_RETRY_AFTER_S = 1;
/** zlib's output chunk; bigger than the 16 KiB default so a 100 MiB body is fewer chunks. */
export const DECODER_CHUNK_BYTES = 64 * KiB;
/** How long browsers may cache a CORS preflight: Relay caches them for an hour. */
export const PREFLIGHT_MAX_AGE_S = 3600;

// ingest workers (ingest/worker-pool.ts): decoding, parsing, trimming and scrubbing off the main
// thread, which keeps the socket work, admission, the budget, the rate limit and the one writer.

/** Worker threads building batches: every core but the one the main thread (HTTP, the single
 * writer) needs; 0 builds on the main thread, as a one-core machine must. */
export const DEFAULT_INGEST_WORKERS = Math.max(0, availableParallelism() - 1);
/** `ingestWorkers` above this is refused: threads past the cores only add switching and memory
 * (each worker may hold INGEST_WORKER_MAX_OLD_GENERATION_MIB), and 64 covers any one machine. */
export const MAX_INGEST_WORKERS = 64;
/** A worker's job taking longer than this is stuck (a 100 MiB envelope, the largest body, decodes
 * and parses in well under a second on one core): the worker is replaced, the request gets 503. */
export const INGEST_WORKER_TIMEOUT_MS = 15_000;
/** A worker that dies before it started (its module would not load) is restarted after this,
 * not at once: a broken install must not spin the CPU. */
export const INGEST_WORKER_RESTART_DELAY_MS = 1_000;
/** Retry-After of a request whose worker crashed or hung: a replacement starts in tens of ms. */
export const INGEST_WORKER_RETRY_AFTER_S = 1;
/** A worker's V8 old generation (resourceLimits.maxOldGenerationSizeMb): one parsed event is at
 * most MAX_EVENT_BYTES (1 MiB) of JSON, a few MiB of objects; a job that needs more is refused
 * by the worker's death (503), not by the process's. The decoded body itself is a Buffer outside
 * this heap, bounded by MAX_DECOMPRESSED_BYTES through zlib's maxOutputLength. */
export const INGEST_WORKER_MAX_OLD_GENERATION_MIB = 256;

// --- inbound filters (ingest/inbound-filters.ts, api/inbound-filter-params.ts) ---------------

/** Entries per list of a project's inbound filters (patterns, releases, environments, addresses):
 * a filter list is a short policy, and each pattern costs every event of the project. */
export const MAX_INBOUND_FILTER_ENTRIES = 50;
/** Characters per entry: a glob over a message or a version, or an address. */
export const MAX_INBOUND_FILTER_ENTRY_CHARS = 200;
/** Characters of a message, release or user agent a filter looks at: the glob matcher's worst
 * case is entry × text, and the start of a message is what a pattern names. */
export const MAX_FILTERED_TEXT_CHARS = 1024;

// --- fingerprint rules (fingerprint-rules/, api/fingerprint-rule-params.ts, api/fingerprint-rule-routes.ts)

/** Rules per project: digest tries them in order on every error event of the project, and Sentry's
 * own rule lists are a few dozen lines; more is a policy to consolidate. */
export const MAX_FINGERPRINT_RULES = 50;
/** Conditions of one rule (type, message, module, function, level and tags, all must hold). */
export const MAX_FINGERPRINT_RULE_CONDITIONS = 8;
/** Characters of one glob or tag key: a pattern names a type, a module or a message's start. */
export const MAX_FINGERPRINT_GLOB_CHARS = 200;
/** Entries of a rule's fingerprint; core hashes at most MAX_FINGERPRINT_ENTRIES (32) of an SDK's. */
export const MAX_FINGERPRINT_RULE_PARTS = 16;
/** Characters of one fingerprint entry: a name or a `{{ variable }}`, not a payload. */
export const MAX_FINGERPRINT_RULE_PART_CHARS = 200;
/** A rule's title replaces the issue title, so it has the issue title's bound (MAX_TITLE_LENGTH). */
export const MAX_FINGERPRINT_RULE_TITLE_CHARS = 256;
/** Characters of a message or exception value a rule's glob reads: the glob is linear in it, and
 * rules × events × text is digest's cost; 16 KiB holds any message a person writes a rule for. */
export const MAX_RULE_MATCH_TEXT_CHARS = 16 * KiB;
/** In-app frames a module or function condition looks at, newest first: a deeper stack is recursion. */
export const MAX_RULE_MATCH_FRAMES = 128;
/** Stored events a preview reapplies rules to, newest first: one bounded read of the project's
 * events, answered in well under a second. */
export const MAX_RULE_PREVIEW_EVENTS = 1000;
/** Affected issues a preview lists (most events first): a page to read, not an export. */
export const MAX_RULE_PREVIEW_ISSUES = 100;
/** Fingerprint rules cached per collector are read again after this, as alert rules are: another
 * collector's change applies within it when no change notice arrives; this collector's own at once. */
export const FINGERPRINT_RULES_CACHE_TTL_MS = 5_000;

// --- alerts (src/alerts: rules, evaluation in the digest commit, the outbox, delivery) -----

/** A rule's name is a line in a list and a notification's title; Sentry's rule names are 256 at most. */
export const MAX_ALERT_RULE_NAME_LENGTH = 200;
/** Rules per project: every commit evaluates its project's rules, and the issue's bench asks for
 * 1,000 rules per evaluation pass; more is a configuration to consolidate, not to evaluate. */
export const MAX_ALERT_RULES_PER_PROJECT = 1000;
/** Channels per rule: every firing writes one outbox row per channel. */
export const MAX_ALERT_CHANNELS_PER_RULE = 10;
/** Recipients of one email channel: past this it is a mailing list's job (one address). */
export const MAX_EMAIL_RECIPIENTS = 20;
/** An email address: RFC 5321 §4.5.3.1.3 bounds a path at 256 octets, the address at 254. */
export const MAX_EMAIL_ADDRESS_LENGTH = 254;
/** `key=value` tag filters of one rule (each is compared with every event of a commit). */
export const MAX_ALERT_TAG_FILTERS = 10;
/** A filter's value: the longest event field it can equal is a release (MAX_RELEASE_LENGTH). */
export const MAX_ALERT_FILTER_VALUE_LENGTH = MAX_RELEASE_LENGTH;
/** The action interval when a rule names none: the interval of Sentry's examples. */
export const DEFAULT_ACTION_INTERVAL_MINUTES = 30;
/** Action interval bounds (minutes): one notification per minute at most, and Sentry's longest, 30 days. */
export const MIN_ACTION_INTERVAL_MINUTES = 1;
export const MAX_ACTION_INTERVAL_MINUTES = 30 * 24 * 60;
/** A frequency rule's `count`: its check reads at most this many index entries per issue and
 * commit, and retention keeps 1,000 events per issue by default, so a count above it could
 * never be seen once retention ran. */
export const MAX_FREQUENCY_COUNT = 1000;
/** A frequency or rate rule's window: a week (Sentry's longest short of 30 days); longer is a report. */
export const MAX_ALERT_WINDOW_MINUTES = 7 * 24 * 60;
/** A route-5xx-rate rule's `minRequests`: as many requests as a rates item may count (MAX_RATE_COUNT). */
export const MAX_ALERT_MIN_REQUESTS = 1_000_000_000;
/** An SLO objective's bounds: below 0.5 half the requests may fail, and at 0.99999 the budget of
 * a week is 6 s of errors; a burn rate past either says nothing useful. */
export const MIN_SLO_OBJECTIVE = 0.5;
export const MAX_SLO_OBJECTIVE = 0.99999;
/** Random bytes of a generated webhook secret; Standard Webhooks wants 24 to 64. */
export const WEBHOOK_SECRET_BYTES = 32;
export const MIN_WEBHOOK_SECRET_BYTES = 24;
export const MAX_WEBHOOK_SECRET_BYTES = 64;
/** An outbound URL (webhook, Slack, Discord): browsers and CDNs cut near 2 KiB, and Slack's
 * and Discord's webhook URLs are about 120 characters. */
export const MAX_OUTBOUND_URL_LENGTH = 2048;
/** A PagerDuty Events API v2 routing key is 32 characters (its docs). */
export const PAGERDUTY_ROUTING_KEY_LENGTH = 32;
/** Rules cached per collector are read again after this: a rule made or changed by another
 * collector applies within it when no change notice arrives (PostgreSQL's come at once); this
 * collector's own changes apply at once. */
export const ALERT_RULES_CACHE_TTL_MS = 5_000;

/** (rule, subject) states a collector remembers from its own commits, so a commit reads the store
 * only for pairs it has not met (100 rules × 1,000 busy issues; ~100 bytes each). */
export const MAX_ALERT_STATE_MEMO_ENTRIES = 100_000;

/** One HTTP send (DNS, connect, TLS, the answer's headers and excerpt): Bugsink's 5 s; a receiver
 * that needs longer should answer first and work after (Sentry allows it 1 s). */
export const ALERT_SEND_TIMEOUT_MS = 5_000;
/** One email (connect, STARTTLS, AUTH, DATA) through the operator's SMTP relay, which may be slower
 * than a webhook receiver; nodemailer's own defaults are minutes. */
export const ALERT_SMTP_TIMEOUT_MS = 15_000;
/** A claimed notification is due again after this if its process died mid-send: longer than
 * the longest send (ALERT_SMTP_TIMEOUT_MS), so a live send is never claimed twice. */
export const ALERT_CLAIM_LEASE_MS = 20_000;
/** Notifications claimed at once by a delivery pass. */
export const ALERT_CLAIM_BATCH = 32;
/** Sends in flight at once per collector: a slow receiver holds one slot, not the queue. */
export const ALERT_DELIVERY_CONCURRENCY = 8;
/** An idle worker looks for due notifications at least this often: retries, a dead process's
 * claims and (PostgreSQL) another collector's rows are found within it; its own commits wake it. */
export const ALERT_IDLE_POLL_MS = 5_000;
/** A due notification the claim did not get (another collector holds it for a moment) is looked
 * for again after this, not at once. */
export const ALERT_BUSY_POLL_MS = 100;
/** Email digests: after an alert email, later ones to the same recipient set wait this long and
 * go as one digest; Sentry's minimum digest interval (5 min), so a burst is not a mail storm. */
export const ALERT_EMAIL_DIGEST_INTERVAL_MS = 5 * 60_000;
/** Characters of a receiver's answer kept per attempt (Bugsink keeps 2,000). */
export const ALERT_RESPONSE_EXCERPT_CHARS = 2000;
/** Bytes of an answer read for that excerpt; the rest is not read. */
export const ALERT_RESPONSE_READ_BYTES = 8 * KiB;
/** Characters of an error message kept per attempt and per notification. */
export const MAX_ALERT_ERROR_LENGTH = 500;
/** Standard Webhooks' retry schedule after the first attempt (s): 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 14 h, 20 h, 24 h, about 75 h in all; then the notification has failed. */
export const ALERT_RETRY_SCHEDULE_S = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400] as const;
/** Each retry delay is moved by up to ±this share, so receivers that failed together are not hit
 * together again. */
export const ALERT_RETRY_JITTER = 0.2;
/** A receiver's Retry-After is honoured up to this (s); a longer one is read as this. */
export const MAX_ALERT_RETRY_AFTER_S = 24 * 60 * 60;
/** PagerDuty's 429 without Retry-After: its docs advise retrying 30 s apart. */
export const PAGERDUTY_RETRY_AFTER_S = 30;
/** Slack (api.slack.com/reference/block-kit): a header's text is at most 150 characters, a
 * section's 3,000, a field's 2,000, a button's URL 3,000; the top-level `text` fallback is cut at
 * 40,000 but Slack advises 4,000. */
export const SLACK_HEADER_MAX_CHARS = 150;
export const SLACK_SECTION_MAX_CHARS = 3000;
export const SLACK_FIELD_MAX_CHARS = 2000;
export const SLACK_URL_MAX_CHARS = 3000;
export const SLACK_TEXT_MAX_CHARS = 4000;
/** Discord embeds (discord.com/developers/docs/resources/message#embed-object-embed-limits): a
 * title of 256, a description of 4,096, a field's name 256 and value 1,024, all of an embed 6,000. */
export const DISCORD_TITLE_MAX_CHARS = 256;
export const DISCORD_DESCRIPTION_MAX_CHARS = 4096;
export const DISCORD_FIELD_NAME_MAX_CHARS = 256;
export const DISCORD_FIELD_VALUE_MAX_CHARS = 1024;
export const DISCORD_EMBED_MAX_CHARS = 6000;
/** PagerDuty Events API v2: `payload.summary` at most 1,024 characters, `dedup_key` 255. */
export const PAGERDUTY_SUMMARY_MAX_CHARS = 1024;
export const PAGERDUTY_DEDUP_KEY_MAX_CHARS = 255;
/** An email subject: one line a mail client shows whole (RFC 5322 advises 78 per header line;
 * longer ones are folded). */
export const EMAIL_SUBJECT_MAX_CHARS = 200;
/** An issue title or culprit inside a notification's text (the stored ones are at most 256). */
export const ALERT_TEXT_FIELD_MAX_CHARS = 300;
/** Evaluations, finished notifications with their attempts, and throttle state are kept this long:
 * at least MAX_ACTION_INTERVAL_MINUTES, so no live throttle is ever pruned. */
export const ALERT_LOG_KEEP_MS = MAX_ACTION_INTERVAL_MINUTES * 60_000;
/** How often the delivery worker prunes that log. */
export const ALERT_LOG_PRUNE_INTERVAL_MS = 60 * 60_000;
/** Deliveries the API lists at once (api/alert-routes.ts), each with its last attempts and their
 * 2,000-character excerpts: at most about 1 MiB an answer. */
export const MAX_ALERT_DELIVERIES_PAGE_SIZE = 50;
export const DEFAULT_ALERT_DELIVERIES_PAGE_SIZE = 20;
/** Attempts listed per delivery: every attempt of the schedule; past it (manual redeliveries) the
 * oldest are counted in `attemptCount` but not listed. */
export const ALERT_ATTEMPTS_LISTED = ALERT_RETRY_SCHEDULE_S.length + 1;

// --- rate alerts (src/alerts/rates: route-5xx-rate and slo-burn, the periodic evaluator) ---

/** How often the rate evaluator runs: the middleware sends its counts every minute by default,
 * so a pass every 15 s sees a crossing within a quarter of the time the counts take to come. */
export const RATE_ALERT_INTERVAL_MS = 15_000;
/** An open route-5xx-rate incident resolves once its rate stays below this share of the threshold
 * for one whole window (hysteresis, as Sentry's metric alerts resolve below a separate threshold). */
export const RATE_ALERT_RESOLVE_RATIO = 0.8;
/** A rate count's minute is the sender's clock, which may run ahead of the collector's: counts
 * up to a minute in the future belong to the current window (a sender a day ahead does not). */
export const RATE_ALERT_CLOCK_SKEW_MS = 60_000;
/** The SRE workbook's multi-window burn-rate alert (sre.google/workbook/alerting-on-slos, table 5-8):
 * page when the burn rate is at least 14.4 over both 1 h and 5 min (2 % of a 30-day budget in an
 * hour), or at least 6 over both 6 h and 30 min (5 % in 6 h). */
export const SLO_BURN_PAIRS = [
  { factor: 14.4, longMinutes: 60, shortMinutes: 5 },
  { factor: 6, longMinutes: 360, shortMinutes: 30 },
] as const;
/** An slo-burn window pair counts only with at least this many requests in its long window: one
 * failed request of three is a burn rate of 333 at 99.9 %, and says nothing (Sentry's
 * MIN_SESSIONS_TO_FIRE is 50). */
export const SLO_BURN_MIN_REQUESTS = 50;
/** Burn rates and shares are compared after rounding to this many decimals, so a share exactly at
 * the factor fires whatever binary floating point makes of 1 − 0.999. */
export const RATE_ALERT_DECIMALS = 9;
// --- alert silences and the preview (src/alerts/silences, alerts/evaluate/match-silence.ts,
// alerts/preview) ---------------------------------------------------------------------------

/** A silence lasts at most a year: past that it is a rule to delete or a filter to add, and a
 * forgotten mute should not hide an outage forever. */
export const MAX_SILENCE_DURATION_MS = 365 * 24 * 60 * 60_000;
/** A silence's comment: a line or two of why (shown in lists and the evaluation log). */
export const MAX_SILENCE_COMMENT_LENGTH = 500;
/** Active silences per project: every commit that would fire compares its decision with each of
 * its project's, in memory; more is a rule to change, not a list to scan. */
export const MAX_ACTIVE_SILENCES_PER_PROJECT = 1000;
/** Silences cached per collector are read again after this, as rules are: another collector's new
 * silence (PostgreSQL) applies within it; this collector's own changes apply at once. */
export const SILENCES_CACHE_TTL_MS = ALERT_RULES_CACHE_TTL_MS;
/** Silences one list answer holds (`?all=1` lists expired ones too, newest first). */
export const MAX_SILENCES_LISTED = 200;
/** Events a preview reads from stored history, the newest: each is read with its payload (for
 * its tags; a few KiB typically, 1 MiB at most), so a preview holds tens of MiB, not the table. */
export const MAX_PREVIEW_EVENTS = 5_000;
/** Decisions a preview lists, oldest first; past it the answer counts the rest (`more`). */
export const MAX_PREVIEW_RESULTS = 500;
/** How far back a preview looks when `since` is not given: a week, the longest rule window. */
export const DEFAULT_PREVIEW_SINCE_MS = 7 * 24 * 60 * 60_000;

// --- ops (src/ops: store failure episodes, /health, /metrics) ------------------------------

/** /health waits at most this long for its store probe, then answers from what it knows: half of
 * the 1 s timeout load balancers and Kubernetes probes use by default, so a hung store still gets a
 * timely (degraded) answer. */
export const HEALTH_PROBE_TIMEOUT_MS = 500;
/** /health probes the store only when no store read settled within this long: under traffic the
 * real reads already say how the store is, so health checks add no queries. */
export const HEALTH_PROBE_FRESH_MS = 10_000;
/** Upper bounds (s) of faultline_commit_duration_seconds: a group commit takes 1-20 ms when well;
 * 2 s is MAX_COMMIT_LATENCY_MS and 30 s COMMIT_TIMEOUT_MS. */
export const COMMIT_DURATION_BUCKETS_S = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30,
] as const;
/** A logged cause chain is cut to this many characters: one log line, not an essay. */
export const MAX_LOGGED_CAUSE_LENGTH = 1000;

// --- canary gate (src/gate: the verdict's statistics) ---------------------------------------

/** The alternatives the gate's e-process mixes over, as odds ratios of a canary error against
 * the null (1 + margin): from a 10 % increase, which takes a great deal of traffic to see, to
 * 100×, a canary that fails most of what it serves. Equal weights; more points cost time, not
 * validity. */
export const GATE_ODDS_RATIOS = [1.1, 1.25, 1.5, 2, 3, 5, 10, 30, 100] as const;
/** E-values are reported up to this: a larger one would overflow a double (and JSON's number). */
export const GATE_MAX_E_VALUE = 1e300;
/** Requests per arm from which a route template is tested on its own: below it a route's
 * few errors cannot move its e-value past 1/alpha, and every tested route widens Holm's
 * correction for the others. */
export const GATE_MIN_ROUTE_REQUESTS = 100;
/** Route templates tested on their own at most, the busiest first (Holm's correction for 50
 * routes already asks each for 50× the evidence of one). */
export const GATE_MAX_ROUTES = 50;
/** Total variation distance between the two arms' route mixes from which the verdict warns
 * that the overall rates compare different traffic (Simpson's paradox): a tenth of the traffic
 * on other routes. */
export const GATE_ROUTE_MIX_DISTANCE = 0.1;
/** alpha bounds: below 1e-6 no canary's traffic could ever fail; past 0.5 a verdict is a coin. */
export const GATE_MIN_ALPHA = 1e-6;
export const GATE_MAX_ALPHA = 0.5;
/** alpha when none is asked for: the anchors' (Kayenta's, Argo's analyses') usual 5 %. */
export const GATE_DEFAULT_ALPHA = 0.05;
/** Requests per arm before a verdict may be `pass`. */
export const GATE_DEFAULT_MIN_REQUESTS = 500;
/** A margin past 10 (an 11× increase allowed) is no gate. */
export const GATE_MAX_MARGIN = 10;
/** The longest window one verdict reads: a canary runs minutes to hours; a week of minutes per
 * route is already ~10,000 rows a route. */
export const GATE_MAX_WINDOW_MS = 7 * DAY_MS;
/** Time buckets per route and release one verdict reads at most: a window up to a day is read
 * per minute, a longer one in buckets of whole minutes that keep to this many (a week: 7-minute
 * buckets). The test stays valid over any buckets; it only sees the split of each bucket's
 * traffic a little less finely. */
export const GATE_MAX_BUCKETS = 1440;
/** Stored verdicts one list answers: the release page shows the newest. */
export const DEFAULT_GATE_VERDICTS_LISTED = 20;
export const MAX_GATE_VERDICTS_LISTED = 200;
/** Rows one verdict reads at most (minutes × routes × 2 releases); past it the window or the
 * routes are too many for an answer within a second, and the request gets a 400 saying so. */
export const GATE_MAX_ROWS = 500_000;

// --- the Sentry API for release tools (src/sentry-api: sentry-cli's /api/0/ calls) ----------

/** A request body under /api/0/: `set-commits --local` sends up to 20 commits with their changed
 * paths, each path up to a few hundred bytes, so 64 KiB (the read API's bound) is too tight. */
export const SENTRY_API_MAX_BODY_BYTES = 1 * MiB;
/** Commits kept per release; sentry-cli sends at most 20 without a previous release, Sentry's
 * own API takes a few hundred. */
export const MAX_RELEASE_COMMITS = 1_000;
/** Refs (repository ranges) per release update: one per repository the team builds from. */
export const MAX_RELEASE_REFS = 100;
/** Any text field of a release, commit or deploy (a commit message is cut to this). */
export const MAX_RELEASE_FIELD_CHARS = 4_096;
/** Releases one list answer carries (sentry-cli's `releases list` shows them all). */
export const SENTRY_API_MAX_RELEASES_LISTED = 500;
/** Bytes of one uploaded chunk, raw, as `chunk-upload` tells sentry-cli (`chunkSize`): a power
 * of two (sentry-cli up to 2.39 needs one); Bugsink's 2 MiB. A gzip part is inflated with this
 * cap, so no part can grow past it (a gzip bomb stops here). */
export const CHUNK_UPLOAD_CHUNK_BYTES = 2 * MiB;
/** Parts per chunk POST (`chunksPerRequest`). */
export const CHUNK_UPLOAD_CHUNKS_PER_REQUEST = 8;
/** Raw bytes of one chunk POST (`maxRequestSize`): the body is held in memory while it is read. */
export const CHUNK_UPLOAD_MAX_REQUEST_BYTES = CHUNK_UPLOAD_CHUNKS_PER_REQUEST * CHUNK_UPLOAD_CHUNK_BYTES;
/** A chunk POST's body on the wire: the parts (gzip adds at most ~0.1 % to incompressible
 * bytes) and the multipart framing. */
export const CHUNK_UPLOAD_MAX_BODY_BYTES = CHUNK_UPLOAD_MAX_REQUEST_BYTES + 1 * MiB;
/** Parallel chunk POSTs sentry-cli makes (`concurrency`). */
export const CHUNK_UPLOAD_CONCURRENCY = 2;
/** An artifact bundle (the zip) at most, its chunks together (`maxFileSize`). */
export const MAX_ARTIFACT_BUNDLE_BYTES = 64 * MiB;
/** Its files unzipped, together: past this the bundle is refused as a zip bomb. */
export const MAX_ARTIFACT_BUNDLE_UNZIPPED_BYTES = 256 * MiB;
/** Files one bundle lists (a big web app has a few thousand chunks and maps). */
export const MAX_ARTIFACT_BUNDLE_FILES = 10_000;
/** The manifest.json of a bundle. */
export const MAX_ARTIFACT_MANIFEST_BYTES = 8 * MiB;

// --- source maps (src/sourcemaps: frames mapped back to the source at ingest) ---------------

/** Parsed source maps kept in memory, by the bytes of their JSON: a big app's map is 5-30 MB,
 * so a few services' current builds fit. */
export const SOURCE_MAP_CACHE_BYTES = 128 * MiB;
/** A map larger than this is not parsed (its frames stay as sent): parsing blocks the loop for
 * about 3 ms per MB. */
export const MAX_SOURCE_MAP_BYTES = 32 * MiB;
/** How long a debug ID no bundle has is remembered as missing: a bundle uploaded after the
 * first events of its build maps the events that come this long after it. */
export const SOURCE_MAP_MISS_TTL_MS = 10_000;
/** Misses remembered at once (debug IDs and release + URL keys; the oldest go first): frame
 * paths come from events, so an event stream of ever new paths must not grow memory. */
export const MAX_SOURCE_MAP_MISSES = 10_000;
/** Distinct frame files of one event looked up by release + URL (the rest stay as sent): each
 * first lookup is a store read in the ingest path, and a hostile event can name many files. */
export const MAX_RELEASE_URL_FILES_PER_EVENT = 32;
/** `~/` path suffixes tried per frame file, the shortest first (`~/app.js`, `~/dist/app.js`, …):
 * an upload directory sits a few levels above its files, so deeper suffixes rarely match. */
export const MAX_ARTIFACT_URL_SUFFIXES = 8;
/** Candidate files one release + URL lookup reads (each with its bytes), best match first:
 * more than one only when several bundles of a release hold the same URL. */
export const MAX_ARTIFACT_URL_MATCHES = 4;
/** Source lines shown before and after a mapped frame's line (Sentry's 5). */
export const SOURCE_CONTEXT_LINES = 5;
/** A context line longer than this is cut (minified sources inlined in a map). */
export const MAX_SOURCE_CONTEXT_LINE_CHARS = 500;
/** Uploaded chunks no bundle claimed are removed after this (an upload that never assembled). */
export const UPLOAD_CHUNK_MAX_AGE_MS = DAY_MS;
/** A bundle no event has used for this long is removed (the build is long gone); each use
 * (a map parsed for an event) renews it. */
export const ARTIFACT_BUNDLE_MAX_IDLE_MS = 90 * DAY_MS;
/** How often one collector prunes artifacts (under the `artifact-prune` lease). */
export const ARTIFACT_PRUNE_INTERVAL_MS = HOUR_MS;
/** How often a map in use marks its bundles as used (a write, so not per event). */
export const ARTIFACT_BUNDLE_USE_MARK_MS = HOUR_MS;
