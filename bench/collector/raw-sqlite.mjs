// (a), the disk's limit: the same event rows the store writes (its `events` table, created by
// its own migrations, with all six indexes), inserted with better-sqlite3 directly: prepared
// rows, one prepared INSERT, `BEGIN IMMEDIATE … COMMIT` per `batch` rows, WAL and
// synchronous=FULL as the store. No grouping, counting, tags or users: only the rows and fsyncs.
import { join } from 'node:path';
import { createSqliteStore, SQLITE_FILE_NAME } from '@faultline/collector';
import Database from 'better-sqlite3';

const INSERT_EVENT =
  'INSERT INTO events (project_id, event_id, issue_id, timestamp, received_at, level, title, release, ' +
  'environment, request_id, trace_id, span_id, parent_span_id, service, transaction_name, user_key, payload) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, event_id) DO NOTHING';

/** The row digest would write for an event (digest/group-events.ts), prepared before timing. */
function row(event, projectId, issueId, receivedAt) {
  const ex = event.exception?.values?.[0];
  return [
    projectId,
    event.event_id,
    issueId,
    Math.round(event.timestamp * 1000),
    receivedAt,
    event.level,
    `${ex?.type}: ${ex?.value}`,
    event.release ?? null,
    event.environment ?? 'production',
    event.request?.headers?.['x-request-id'] ?? null,
    event.contexts?.trace?.trace_id ?? null,
    event.contexts?.trace?.span_id ?? null,
    event.contexts?.trace?.parent_span_id ?? null,
    event.tags?.service ?? null,
    event.transaction ?? null,
    event.user?.id ? `id:${event.user.id}` : null,
    JSON.stringify(event),
  ];
}

/**
 * @example const { rate } = await rawSqlite({ events, batch: 40, dataDir })
 */
export async function rawSqlite({ events, batch, dataDir }) {
  const store = createSqliteStore({ dataDir });
  await store.migrate();
  const { key } = await store.ensureDefaultProject();
  await store.close();

  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const now = Date.now();
  const issueId = db
    .prepare(
      "INSERT INTO issues (project_id, fingerprint, grouping_version, title, culprit, level, first_seen, last_seen) VALUES (?, 'bench', '1', 'bench', 'bench', 'error', ?, ?)",
    )
    .run(key.projectId, now, now).lastInsertRowid;
  const rows = events.map((e) => row(e, key.projectId, issueId, now));
  const insert = db.prepare(INSERT_EVENT);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += batch) {
    db.exec('BEGIN IMMEDIATE');
    for (const r of rows.slice(i, i + batch)) insert.run(r);
    db.exec('COMMIT');
  }
  const seconds = (performance.now() - t0) / 1000;
  const { user, system } = process.cpuUsage(cpu0);
  const stored = db.prepare('SELECT count(*) AS n FROM events').get().n;
  db.close();
  if (stored !== rows.length) throw new Error(`raw insert stored ${stored} of ${rows.length} rows`);
  return {
    rate: rows.length / seconds,
    commitMs: (seconds * 1000 * batch) / rows.length,
    // CPU per event (the rest of the wall time is fsync waits).
    cpuUs: (user + system) / rows.length,
  };
}
