/**
 * SQLite schema, as numbered migrations (applied in order, once, recorded in
 * `schema_migrations`). Never edit a released migration: add the next number.
 * Times are INTEGER milliseconds since the epoch (UTC); booleans are 0/1.
 */

import { HOUR_MS } from '@faultline/core';
import { ISSUE_HOURLY_COUNTS_KEEP_MS } from '../../limits.js';
import type { Migration } from '../sql/migration.js';

const M0001_INITIAL = `
CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  rate_limit_per_minute INTEGER,
  scrub_keys TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE project_keys (
  public_key TEXT PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE INDEX project_keys_project ON project_keys (project_id);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE issues (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  fingerprint TEXT NOT NULL,
  grouping_version TEXT NOT NULL,
  title TEXT NOT NULL,
  culprit TEXT NOT NULL,
  level TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'unresolved',
  regressed INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  times_seen INTEGER NOT NULL DEFAULT 0,
  users_count INTEGER NOT NULL DEFAULT 0,
  resolved_at INTEGER,
  resolved_in_release TEXT,
  UNIQUE (project_id, fingerprint)
);
CREATE INDEX issues_last_seen ON issues (project_id, last_seen, id);
CREATE INDEX issues_first_seen ON issues (project_id, first_seen, id);
CREATE INDEX issues_times_seen ON issues (project_id, times_seen, id);
CREATE TABLE issue_users (
  issue_id INTEGER NOT NULL REFERENCES issues(id),
  user_key TEXT NOT NULL,
  PRIMARY KEY (issue_id, user_key)
) WITHOUT ROWID;
CREATE TABLE issue_tags (
  issue_id INTEGER NOT NULL REFERENCES issues(id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  times_seen INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY (issue_id, key, value)
) WITHOUT ROWID;
CREATE INDEX issue_tags_lookup ON issue_tags (key, value, issue_id);
CREATE TABLE releases (
  project_id INTEGER NOT NULL REFERENCES projects(id),
  version TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  event_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, version)
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  issue_id INTEGER NOT NULL REFERENCES issues(id),
  timestamp INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  level TEXT NOT NULL,
  title TEXT NOT NULL,
  release TEXT,
  environment TEXT NOT NULL,
  request_id TEXT,
  trace_id TEXT,
  span_id TEXT,
  parent_span_id TEXT,
  service TEXT,
  transaction_name TEXT,
  user_key TEXT,
  payload TEXT NOT NULL,
  UNIQUE (project_id, event_id)
);
CREATE INDEX events_issue ON events (issue_id, timestamp, id);
CREATE INDEX events_event_id ON events (event_id);
CREATE INDEX events_request_id ON events (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX events_trace_id ON events (trace_id) WHERE trace_id IS NOT NULL;
CREATE INDEX events_received_at ON events (received_at);
CREATE INDEX events_project_time ON events (project_id, timestamp);
CREATE TABLE transactions (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  trace_id TEXT,
  span_id TEXT,
  parent_span_id TEXT,
  name TEXT,
  op TEXT,
  status TEXT,
  http_status INTEGER,
  duration_ms REAL,
  timestamp INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  release TEXT,
  environment TEXT NOT NULL,
  service TEXT,
  UNIQUE (project_id, event_id)
);
CREATE INDEX transactions_trace_id ON transactions (trace_id) WHERE trace_id IS NOT NULL;
CREATE INDEX transactions_received_at ON transactions (received_at);
CREATE TABLE session_counts (
  project_id INTEGER NOT NULL,
  release TEXT NOT NULL,
  environment TEXT NOT NULL,
  minute INTEGER NOT NULL,
  started INTEGER NOT NULL DEFAULT 0,
  exited INTEGER NOT NULL DEFAULT 0,
  errored INTEGER NOT NULL DEFAULT 0,
  crashed INTEGER NOT NULL DEFAULT 0,
  abnormal INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, release, environment, minute)
) WITHOUT ROWID;
CREATE TABLE discard_counts (
  project_id INTEGER NOT NULL,
  minute INTEGER NOT NULL,
  source TEXT NOT NULL,
  reason TEXT NOT NULL,
  category TEXT NOT NULL,
  quantity INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, minute, source, reason, category)
) WITHOUT ROWID;
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  attachment_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX attachments_event ON attachments (project_id, event_id);
`;

/** Dashboard users: `faultline user add <email>`; the password only as an scrypt PHC string. */
const M0002_USERS = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`;

/**
 * Per-route request counts from Faultline's middleware (5xx rates per route and release), and
 * the release each regression happened in (per-release regressed-issue counts). `release`
 * and `service` are '' when the sender had none, so they can be part of the key.
 */
const M0003_RATES = `
CREATE TABLE route_counts (
  project_id INTEGER NOT NULL,
  minute INTEGER NOT NULL,
  release TEXT NOT NULL,
  environment TEXT NOT NULL,
  service TEXT NOT NULL,
  method TEXT NOT NULL,
  route TEXT NOT NULL,
  requests INTEGER NOT NULL DEFAULT 0,
  errors_4xx INTEGER NOT NULL DEFAULT 0,
  errors_5xx INTEGER NOT NULL DEFAULT 0,
  shed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, minute, release, environment, service, method, route)
) WITHOUT ROWID;
CREATE INDEX route_counts_release ON route_counts (project_id, release, minute);
CREATE TABLE issue_regressions (
  project_id INTEGER NOT NULL,
  issue_id INTEGER NOT NULL,
  release TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (project_id, release, issue_id, at)
) WITHOUT ROWID;
`;

/**
 * The issue list's speed (bench/dashboard/README.md) and its sparklines:
 * - `issues_status_last_seen`: every status-filtered list seeks its status.
 * - `issues_fts`: an FTS5 trigram index of title and culprit, external content (the text lives
 *   in `issues` only). Digest rewrites title and culprit on every touched issue, mostly with
 *   the same text, so the update trigger fires only when one of them really changed.
 * - `issue_hourly_counts`: events per issue per UTC hour (digest adds to them; retention keeps
 *   ISSUE_HOURLY_COUNTS_KEEP_MS), backfilled from the stored events of that window. No foreign
 *   key: derived counters, written only for issues of the same transaction.
 */
const M0004_ISSUE_LIST = `
CREATE INDEX issues_status_last_seen ON issues (project_id, status, last_seen, id);
CREATE VIRTUAL TABLE issues_fts USING fts5(
  title, culprit, content='issues', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER issues_fts_insert AFTER INSERT ON issues BEGIN
  INSERT INTO issues_fts (rowid, title, culprit) VALUES (new.id, new.title, new.culprit);
END;
CREATE TRIGGER issues_fts_delete AFTER DELETE ON issues BEGIN
  INSERT INTO issues_fts (issues_fts, rowid, title, culprit) VALUES ('delete', old.id, old.title, old.culprit);
END;
CREATE TRIGGER issues_fts_update AFTER UPDATE OF title, culprit ON issues
WHEN old.title IS NOT new.title OR old.culprit IS NOT new.culprit BEGIN
  INSERT INTO issues_fts (issues_fts, rowid, title, culprit) VALUES ('delete', old.id, old.title, old.culprit);
  INSERT INTO issues_fts (rowid, title, culprit) VALUES (new.id, new.title, new.culprit);
END;
INSERT INTO issues_fts (issues_fts) VALUES ('rebuild');
CREATE TABLE issue_hourly_counts (
  issue_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (issue_id, hour)
) WITHOUT ROWID;
CREATE INDEX issue_hourly_counts_hour ON issue_hourly_counts (hour);
INSERT INTO issue_hourly_counts (issue_id, hour, count)
SELECT issue_id, timestamp - timestamp % ${HOUR_MS} AS hour, count(*) FROM events
WHERE timestamp >= unixepoch('now') * 1000 - ${ISSUE_HOURLY_COUNTS_KEEP_MS}
GROUP BY issue_id, hour;
`;

/**
 * Alerts (issue 14), written by the digest commit that triggers them, in its transaction:
 * - `alert_rules`: per project; trigger, filters and channels as JSON text (validated by
 *   alerts/rules before they get here; webhook secrets included, they sign every delivery).
 * - `alert_outbox`: one row per notification to deliver (rule, channel, subject), with its
 *   payload, the `webhook-id` every retry repeats, the state (pending, delivered, failed,
 *   disabled), attempts and the next attempt's time; `alert_outbox_due` serves the worker's
 *   claim of due rows.
 * - `alert_attempts`: every delivery attempt (status, latency, an excerpt of the answer, error).
 * - `alert_evaluations`: the rule's decisions per subject (`issue:42`) with inputs and reason.
 * - `alert_throttle`: per (rule, subject) the last notification (the action interval) and the
 *   last decision (a repeated decision is not logged again).
 * Deleting a rule deletes its rows in all of them.
 */
const M0005_ALERTS = `
CREATE TABLE alert_rules (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  name TEXT NOT NULL,
  trigger TEXT NOT NULL,
  filters TEXT NOT NULL,
  channels TEXT NOT NULL,
  action_interval_minutes INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX alert_rules_project ON alert_rules (project_id, id);
CREATE TABLE alert_outbox (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL,
  channel_id TEXT NOT NULL,
  channel_type TEXT NOT NULL,
  subject TEXT NOT NULL,
  webhook_id TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_error TEXT
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX alert_outbox_rule ON alert_outbox (rule_id, id);
CREATE INDEX alert_outbox_updated ON alert_outbox (updated_at);
CREATE TABLE alert_attempts (
  id INTEGER PRIMARY KEY,
  notification_id INTEGER NOT NULL REFERENCES alert_outbox(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  status INTEGER,
  latency_ms INTEGER NOT NULL,
  response_excerpt TEXT,
  error TEXT,
  outcome TEXT NOT NULL
);
CREATE INDEX alert_attempts_notification ON alert_attempts (notification_id, attempt);
CREATE TABLE alert_evaluations (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL,
  subject TEXT NOT NULL,
  at INTEGER NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL,
  inputs TEXT NOT NULL
);
CREATE INDEX alert_evaluations_rule ON alert_evaluations (rule_id, id);
CREATE INDEX alert_evaluations_subject ON alert_evaluations (subject, id);
CREATE INDEX alert_evaluations_at ON alert_evaluations (at);
CREATE TABLE alert_throttle (
  rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  subject TEXT NOT NULL,
  last_notified_at INTEGER,
  last_reason TEXT NOT NULL,
  last_at INTEGER NOT NULL,
  PRIMARY KEY (rule_id, subject)
) WITHOUT ROWID;
CREATE INDEX alert_throttle_last_at ON alert_throttle (last_at);
`;

/**
 * Rate alert incidents (issue 14 §1 "Rate rules have a lifecycle"): one row per incident of a
 * route-5xx-rate or slo-burn rule about one (method, route, release, environment), `firing` until
 * it is `resolved`; at most one open per series (the partial unique index), written in the same
 * transaction as its outbox rows. `below_since`: since when the rate has stayed below the resolve
 * line (hysteresis). Deleting a rule deletes its incidents.
 */
const M0006_ALERT_INCIDENTS = `
CREATE TABLE alert_incidents (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL,
  method TEXT NOT NULL,
  route TEXT NOT NULL,
  release TEXT NOT NULL,
  environment TEXT NOT NULL,
  state TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  resolved_at INTEGER,
  below_since INTEGER
);
CREATE UNIQUE INDEX alert_incidents_open ON alert_incidents (rule_id, method, route, release, environment)
  WHERE state = 'firing';
CREATE INDEX alert_incidents_rule ON alert_incidents (rule_id, id);
CREATE INDEX alert_incidents_project ON alert_incidents (project_id, opened_at);
`;

/**
 * Per-route 5xx by cause (issue 15, the canary gate): of `errors_5xx`, those a dependency caused
 * and those of an overloaded process. Older rows knew only their shed requests, which are
 * overload. Version 8: versions 6 and 7 may come from other changes; the runner applies sorted
 * versions and tolerates gaps.
 */
const M0008_RATE_CAUSES = `
ALTER TABLE route_counts ADD COLUMN errors_5xx_dependency INTEGER NOT NULL DEFAULT 0;
ALTER TABLE route_counts ADD COLUMN errors_5xx_overload INTEGER NOT NULL DEFAULT 0;
UPDATE route_counts SET errors_5xx_overload = shed WHERE shed > 0;
`;

/**
 * The canary gate's verdicts (issue 15 §1): every one requested, with its inputs and numbers
 * (`answer`, the JSON the gate answered), listed per release on the dashboard's release page.
 * Pruned with the events (retention).
 */
const M0009_GATE_VERDICTS = `
CREATE TABLE gate_verdicts (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  at INTEGER NOT NULL,
  canary TEXT NOT NULL,
  baseline TEXT NOT NULL,
  environment TEXT,
  verdict TEXT NOT NULL,
  reason TEXT NOT NULL,
  answer TEXT NOT NULL
);
CREATE INDEX gate_verdicts_canary ON gate_verdicts (project_id, canary, at);
CREATE INDEX gate_verdicts_baseline ON gate_verdicts (project_id, baseline, at);
CREATE INDEX gate_verdicts_at ON gate_verdicts (at);
`;

/**
 * Silences (issue 14 §4): per project, matchers as columns (null: not set), `ends_at` null for
 * an until-resolved silence, `ended_at` set when one is expired early or its issue resolved. No
 * foreign key to rules or issues: a silence of a deleted rule matches nothing and harms nothing.
 * `alert_silences_open` serves the evaluator's cached read of the silences not yet over. Version
 * 7: version 6 belongs to another change; the runner applies sorted versions and tolerates gaps.
 */
const M0007_SILENCES = `
CREATE TABLE alert_silences (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  rule_id INTEGER,
  issue_id INTEGER,
  route TEXT,
  release TEXT,
  environment TEXT,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER,
  until_resolved INTEGER NOT NULL DEFAULT 0,
  comment TEXT,
  created_by TEXT,
  ended_at INTEGER
);
CREATE INDEX alert_silences_project ON alert_silences (project_id, id);
CREATE INDEX alert_silences_open ON alert_silences (ends_at) WHERE ended_at IS NULL;
CREATE INDEX alert_silences_issue ON alert_silences (issue_id) WHERE until_resolved = 1 AND ended_at IS NULL;
`;

/** The last email per recipient set (issue 14 §2): later alerts wait for one digest. */
const M0010_EMAIL_DIGESTS = `
CREATE TABLE alert_email_digests (
  recipients TEXT PRIMARY KEY,
  last_sent_at INTEGER NOT NULL
);
`;

const M0014_RELEASE_META = `
CREATE TABLE release_meta (
  project_id INTEGER NOT NULL REFERENCES projects(id),
  version TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  released_at INTEGER,
  url TEXT,
  status TEXT NOT NULL DEFAULT 'open',
  commits TEXT NOT NULL DEFAULT '[]',
  refs TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (project_id, version)
);
CREATE TABLE deploys (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  version TEXT NOT NULL,
  environment TEXT NOT NULL,
  name TEXT,
  url TEXT,
  started_at INTEGER,
  finished_at INTEGER NOT NULL
);
CREATE INDEX deploys_release ON deploys (project_id, version, finished_at);
`;

/**
 * API tokens get scopes (issue 17 §1), an optional project they are limited to, the first
 * characters of the token to tell them apart in a list (the rest is only hashed), and when they
 * were last used. Tokens made before this version could do everything, so they become `admin`.
 * A token belongs to the collector, not to a project (most are for every project): its column
 * restricts it and is no project key, so it is not named project_id.
 */
const M0016_TOKEN_SCOPES = `
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE api_tokens ADD COLUMN restricted_project_id INTEGER REFERENCES projects(id);
ALTER TABLE api_tokens ADD COLUMN prefix TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER;
`;

const M0015_ARTIFACT_BUNDLES = `
CREATE TABLE upload_chunks (
  checksum TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX upload_chunks_created ON upload_chunks (created_at);
CREATE TABLE artifact_bundles (
  id INTEGER PRIMARY KEY,
  checksum TEXT NOT NULL UNIQUE,
  bundle_debug_id TEXT,
  release TEXT,
  dist TEXT,
  size INTEGER NOT NULL,
  files INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL
);
CREATE TABLE artifact_bundle_projects (
  project_id INTEGER NOT NULL REFERENCES projects(id),
  bundle_id INTEGER NOT NULL REFERENCES artifact_bundles(id) ON DELETE CASCADE,
  PRIMARY KEY (project_id, bundle_id)
);
CREATE TABLE artifact_files (
  bundle_id INTEGER NOT NULL REFERENCES artifact_bundles(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  url TEXT NOT NULL,
  kind TEXT NOT NULL,
  debug_id TEXT,
  sourcemap TEXT,
  data BLOB NOT NULL,
  PRIMARY KEY (bundle_id, path)
);
CREATE INDEX artifact_files_debug_id ON artifact_files (debug_id, kind);
CREATE INDEX artifact_files_url ON artifact_files (url);
`;

/**
 * Version 13 partitions PostgreSQL's events by day (postgres/migrations.ts). SQLite's stay one
 * table: one file on one disk gains nothing from it, and retention deletes rows in slices as
 * before. Recorded all the same, so both engines count versions alike.
 */
const M0013_EVENT_PARTITIONS = '-- SQLite events stay unpartitioned';

/**
 * Dashboard sessions and failed logins in the store, so any collector on one database serves a
 * session another made and counts guesses spread over several (api/session-store.ts,
 * api/login-throttle.ts). A session row keeps the SHA-256 of its id, never the id, and what it
 * was made with: a user, an API token, or the digest of the configured admin token (a collector
 * with another admin token refuses it). Removing a user or an API token removes its sessions in
 * the same statement (ON DELETE CASCADE); a new password removes them in its transaction
 * (sql/users-sql.ts). Failure rows are keyed by
 * SHA-256 digests of the (email, address) pair and of the address.
 */
const M0011_DASHBOARD_SESSIONS = `
CREATE TABLE dashboard_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  user_email TEXT,
  token_id INTEGER REFERENCES api_tokens(id) ON DELETE CASCADE,
  admin_digest TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX dashboard_sessions_expiry ON dashboard_sessions (expires_at);
CREATE INDEX dashboard_sessions_user ON dashboard_sessions (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX dashboard_sessions_token ON dashboard_sessions (token_id) WHERE token_id IS NOT NULL;
CREATE TABLE login_pair_failures (
  pair_hash TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL
);
CREATE INDEX login_pair_failures_age ON login_pair_failures (last_failure_at);
CREATE TABLE login_address_failures (
  address_hash TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  failures INTEGER NOT NULL
);
CREATE INDEX login_address_failures_age ON login_address_failures (started_at);
`;

/**
 * Version 12 exists on both engines so their version numbers stay one sequence (11 and 13 belong
 * to other changes). SQLite has one collector process: its jobs need no lease and its caches no
 * notices (store/sql/leases-sql.ts), so there is nothing to create.
 */
const M0012_LEASES_AND_CHANGES = 'SELECT 1;';

/**
 * Sampled occurrences (version 17, issue 18 §1): the errors of a storm the server middleware
 * counted but did not send in full, one row each, found by request id (incident lookup) and
 * by the full event they are like ("N like this"). `issue_id` is that event's issue when it was
 * stored at digest time (then the occurrence was counted on it), else NULL. Unique per (project,
 * request id, like event), so a resent item is neither stored nor counted twice. Every key
 * leads with project_id; retention deletes them with the events (by received_at).
 */
const M0017_SAMPLED_OCCURRENCES = `
CREATE TABLE sampled_occurrences (
  project_id INTEGER NOT NULL,
  id INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL,
  trace_id TEXT,
  method TEXT NOT NULL,
  route TEXT,
  status INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  like_event_id TEXT NOT NULL,
  issue_id INTEGER,
  UNIQUE (project_id, request_id, like_event_id)
);
CREATE INDEX sampled_occurrences_like ON sampled_occurrences (project_id, like_event_id, timestamp);
CREATE INDEX sampled_occurrences_age ON sampled_occurrences (project_id, received_at);
`;

/**
 * Snoozes and deleted issues (version 18, issue 19 §2). An ignored issue may carry the condition
 * that brings it back: `snooze_kind` ('minutes' | 'count' | 'users' | 'escalating'), the N asked
 * (`snooze_value`), and `snooze_threshold`, absolute so a check needs no history: the time it ends
 * (ms), or the times_seen / users_count that wake it; `unignored_reason`/`unignored_at` say why
 * and when it came back. `deleted_at`: an issue being deleted, hidden from every read while its
 * rows go in slices. `discarded_fingerprints`: the (project, fingerprint)s whose events are
 * counted as discarded and not stored. Every key leads with project_id.
 */
const M0018_SNOOZES_AND_DISCARDS = `
ALTER TABLE issues ADD COLUMN snooze_kind TEXT;
ALTER TABLE issues ADD COLUMN snooze_value INTEGER;
ALTER TABLE issues ADD COLUMN snooze_threshold INTEGER;
ALTER TABLE issues ADD COLUMN snoozed_at INTEGER;
ALTER TABLE issues ADD COLUMN unignored_reason TEXT;
ALTER TABLE issues ADD COLUMN unignored_at INTEGER;
ALTER TABLE issues ADD COLUMN deleted_at INTEGER;
CREATE INDEX issues_snooze_due ON issues (project_id, snooze_threshold) WHERE snooze_kind = 'minutes';
CREATE INDEX issues_deleted ON issues (project_id, id) WHERE deleted_at IS NOT NULL;
CREATE TABLE discarded_fingerprints (
  project_id INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  issue_id INTEGER NOT NULL,
  discarded_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, fingerprint)
);
`;

/** Per-project inbound filters (a JSON object, see InboundFilters), applied at ingest. */
const M0019_INBOUND_FILTERS = `
ALTER TABLE projects ADD COLUMN inbound_filters TEXT NOT NULL DEFAULT '{}';
`;

/**
 * Merged issues (version 20, issue 19 §3): `issue_fingerprints` maps a fingerprint of a merged
 * issue to the issue its events now join, read by digest once per batch before its issue lookup;
 * `issues.merged_into` makes the merged issue a tombstone naming where it went (lists skip it);
 * `events.fingerprint` lets an unmerge tell a fingerprint's past events apart (NULL on events
 * stored before this version: they count as their issue's own fingerprint). Every key leads
 * with project_id. Adding a nullable column rewrites no rows on either engine.
 */
const M0020_ISSUE_MERGES = `
CREATE TABLE issue_fingerprints (
  project_id INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  issue_id INTEGER NOT NULL,
  merged_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, fingerprint)
) WITHOUT ROWID;
CREATE INDEX issue_fingerprints_issue ON issue_fingerprints (project_id, issue_id);
ALTER TABLE issues ADD COLUMN merged_into INTEGER;
ALTER TABLE events ADD COLUMN fingerprint TEXT;
`;

/** A project's fingerprint rules (fingerprint-rules/): an ordered JSON list, `[]` for none. */
const M0021_FINGERPRINT_RULES = `
ALTER TABLE projects ADD COLUMN fingerprint_rules TEXT NOT NULL DEFAULT '[]';
`;

/**
 * Working as a team (version 22, issue 19 §4). `issues.assignee_user_id`: the dashboard user an
 * issue is assigned to, NULL again when that user is removed (ON DELETE SET NULL: foreign keys are on in
 * the writer; the activity keeps the email as text). `issue_activity`: what happened to an issue,
 * one row per change, written in the change's own transaction; `data` is JSON text.
 * `issue_comments`: the team's notes, plain text. The index on `assignee_user_id` alone serves
 * the user delete's ON DELETE SET NULL.
 */
const M0022_TEAM = `
ALTER TABLE issues ADD COLUMN assignee_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX issues_assignee ON issues (assignee_user_id) WHERE assignee_user_id IS NOT NULL;
CREATE TABLE issue_activity (
  project_id INTEGER NOT NULL,
  issue_id INTEGER NOT NULL,
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  actor TEXT,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX issue_activity_time ON issue_activity (project_id, issue_id, created_at, id);
CREATE TABLE issue_comments (
  project_id INTEGER NOT NULL,
  issue_id INTEGER NOT NULL,
  id INTEGER PRIMARY KEY,
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX issue_comments_time ON issue_comments (project_id, issue_id, created_at, id);
`;

/** Version 23 compresses PostgreSQL's event payloads with lz4; SQLite stores them as they are. */
const M0023_EVENT_PAYLOAD_LZ4 = '-- SQLite payloads are not TOAST-compressed';

/** All migrations, in order. */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: M0001_INITIAL },
  { version: 2, name: 'users', sql: M0002_USERS },
  { version: 3, name: 'rates', sql: M0003_RATES },
  { version: 4, name: 'issue list', sql: M0004_ISSUE_LIST },
  { version: 5, name: 'alerts', sql: M0005_ALERTS },
  { version: 6, name: 'alert incidents', sql: M0006_ALERT_INCIDENTS },
  { version: 7, name: 'silences', sql: M0007_SILENCES },
  { version: 8, name: 'rate causes', sql: M0008_RATE_CAUSES },
  { version: 9, name: 'gate verdicts', sql: M0009_GATE_VERDICTS },
  { version: 10, name: 'email digests', sql: M0010_EMAIL_DIGESTS },
  { version: 11, name: 'dashboard sessions', sql: M0011_DASHBOARD_SESSIONS },
  { version: 12, name: 'leases and change notices', sql: M0012_LEASES_AND_CHANGES },
  { version: 13, name: 'event partitions', sql: M0013_EVENT_PARTITIONS },
  { version: 14, name: 'release metadata and deploys', sql: M0014_RELEASE_META },
  { version: 15, name: 'artifact bundles', sql: M0015_ARTIFACT_BUNDLES },
  { version: 16, name: 'token scopes', sql: M0016_TOKEN_SCOPES },
  { version: 17, name: 'sampled occurrences', sql: M0017_SAMPLED_OCCURRENCES },
  { version: 18, name: 'snoozes and discarded issues', sql: M0018_SNOOZES_AND_DISCARDS },
  { version: 19, name: 'inbound filters', sql: M0019_INBOUND_FILTERS },
  { version: 20, name: 'issue merges', sql: M0020_ISSUE_MERGES },
  { version: 21, name: 'fingerprint rules', sql: M0021_FINGERPRINT_RULES },
  { version: 22, name: 'assignees, activity and comments', sql: M0022_TEAM },
  { version: 23, name: 'event payloads in lz4', sql: M0023_EVENT_PAYLOAD_LZ4 },
];
