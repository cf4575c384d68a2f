/**
 * Migration 4 on a database that already holds data (SQLite, and PostgreSQL when
 * FAULTLINE_TEST_PG_URL is set): a schema at version 3 is filled with the rows collector 3 wrote,
 * then a store migrates it. The hourly counts are backfilled from the stored events of the keep
 * window, the text index covers the existing issues, and digest adds to the backfilled counts.
 */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { HOUR_MS } from '@faultline/core';
import Database from 'better-sqlite3';
import pg from 'pg';
import { digestBatches } from '../src/digest/digest.js';
import { normalizeEvent } from '../src/digest/normalize-event.js';
import { ISSUE_HOURLY_COUNTS_KEEP_MS } from '../src/limits.js';
import { hourOf } from '../src/store/hours.js';
import type { IssueId, ProjectId } from '../src/store/ids.js';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres/migrations.js';
import { PostgresExecutor } from '../src/store/postgres/postgres-executor.js';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import type { SqlExecutor } from '../src/store/sql/executor.js';
import type { Migration } from '../src/store/sql/migration.js';
import { runMigrations } from '../src/store/sql/run-migrations.js';
import { SQLITE_MIGRATIONS } from '../src/store/sqlite/migrations.js';
import { SqliteExecutor } from '../src/store/sqlite/sqlite-executor.js';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent, ingestEvent } from './digest-fixtures.js';

const DAY_MS = 24 * HOUR_MS;
const BEFORE_MIGRATION_4 = 3;

/** A database at version 3, an executor on it, and the store that then migrates it. */
interface OldDatabase {
  exec: SqlExecutor;
  /** Closes `exec`'s connection and opens the current store on the same database (migrated). */
  upgrade(): Promise<Store>;
  /** Engine-specific checks after the upgrade. */
  check?(store: Store): Promise<void>;
  dispose(): Promise<void>;
}

const oldMigrations = (all: readonly Migration[]) => all.filter((m) => m.version <= BEFORE_MIGRATION_4);

const INSERT_ISSUE =
  'INSERT INTO issues (project_id, fingerprint, grouping_version, title, culprit, level, first_seen, last_seen, times_seen) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id';
const INSERT_EVENT =
  'INSERT INTO events (project_id, event_id, issue_id, timestamp, received_at, level, title, environment, payload) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';

function backfillTests(name: string, open: () => Promise<OldDatabase>): void {
  describe(`migration 4 on a ${name} database with data`, () => {
    let old: OldDatabase;
    after(async () => old?.dispose());

    it('backfills hourly counts from the events of the keep window and indexes the existing text', async () => {
      old = await open();
      const now = Date.now();
      const project = await old.exec.get<{ id: number }>(
        'INSERT INTO projects (name, created_at) VALUES (?, ?) RETURNING id',
        ['old', now],
      );
      const projectId = Number(project?.id) as ProjectId;
      const bugs: { fn: string; value: string; times: number[] }[] = [
        {
          fn: 'chargeCard',
          value: 'card declined by issuer',
          times: [now, now, now - 2 * HOUR_MS, now - 3 * DAY_MS],
        },
        // 16 days back: before the keep window, so not backfilled.
        { fn: 'syncLedger', value: 'ledger out of balance', times: [now - HOUR_MS, now - 16 * DAY_MS] },
        { fn: 'ancient', value: 'only long ago', times: [now - 30 * DAY_MS] },
      ];
      const issueIds: IssueId[] = [];
      for (const bug of bugs) {
        const events = bug.times.map((t) =>
          ingestEvent(bugEvent({ fn: bug.fn, value: bug.value }, { timestamp: t / 1000 })),
        );
        const first = normalizeEvent(events[0]!, now);
        const row = await old.exec.get<{ id: number }>(INSERT_ISSUE, [
          projectId,
          first.fingerprint,
          first.groupingVersion,
          first.title,
          first.culprit,
          first.level,
          Math.min(...bug.times),
          Math.max(...bug.times),
          bug.times.length,
        ]);
        const id = Number(row?.id) as IssueId;
        issueIds.push(id);
        for (const e of events) {
          const n = normalizeEvent(e, now);
          await old.exec.run(INSERT_EVENT, [
            projectId,
            n.eventId,
            id,
            n.timestamp,
            n.timestamp,
            n.level,
            n.title,
            n.environment,
            JSON.stringify(n.event),
          ]);
        }
      }
      const store = await old.upgrade();
      try {
        const keptFrom = Date.now() - ISSUE_HOURLY_COUNTS_KEEP_MS;
        const window = {
          issueIds,
          from: hourOf(now - 31 * DAY_MS),
          to: hourOf(now) + HOUR_MS,
          bucketMs: HOUR_MS,
        };
        const counts = (await store.issueEventCounts(window)).sort(
          (a, b) => a.issueId - b.issueId || a.start - b.start,
        );
        const expected = bugs.flatMap((bug, k) => {
          const perHour = new Map<number, number>();
          for (const t of bug.times.filter((x) => x >= keptFrom))
            perHour.set(hourOf(t), (perHour.get(hourOf(t)) ?? 0) + 1);
          return [...perHour]
            .sort(([a], [b]) => a - b)
            .map(([start, count]) => ({ issueId: issueIds[k]!, start, count }));
        });
        assert.deepEqual(counts, expected);
        assert.equal(
          counts.reduce((s, c) => s + c.count, 0),
          5,
        );

        const search = async (text: string) =>
          (await store.listIssues({ projectId, sort: 'lastSeen', limit: 10, text })).items.map((i) => i.id);
        assert.deepEqual(await search('declined by'), [issueIds[0]]);
        assert.deepEqual(await search('in syncLedger'), [issueIds[1]]);
        assert.deepEqual(await search('only long'), [issueIds[2]]);

        // Digest adds to a backfilled hour of an existing issue, and indexes a new issue.
        await store.write((tx) =>
          digestBatches(tx, [
            batch(projectId, [
              bugEvent({ fn: 'chargeCard', value: 'card declined by issuer' }, { timestamp: now / 1000 }),
              bugEvent({ fn: 'freshBug', value: 'brand new words' }, { timestamp: now / 1000 }),
            ]),
          ]),
        );
        const thisHour = { ...window, issueIds: [issueIds[0]!], from: hourOf(now) };
        assert.deepEqual(await store.issueEventCounts(thisHour), [
          { issueId: issueIds[0], start: hourOf(now), count: 3 },
        ]);
        assert.equal((await store.getIssue(issueIds[0]!))?.count, 5, 'the event joined the old issue');
        assert.equal((await search('brand new')).length, 1);
        await old.check?.(store);
      } finally {
        await store.close();
      }
    });
  });
}

backfillTests('SQLite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-migration-'));
  const file = join(dataDir, 'faultline.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const exec = new SqliteExecutor(db);
  await runMigrations(exec, oldMigrations(SQLITE_MIGRATIONS));
  return {
    exec,
    async upgrade() {
      db.close();
      const store = createSqliteStore({ dataDir, synchronous: 'normal' });
      await store.migrate();
      return store;
    },
    async check() {
      // The external-content index agrees with `issues` (rebuild, then the triggers).
      const check = new Database(file);
      try {
        check.exec("INSERT INTO issues_fts (issues_fts) VALUES ('integrity-check')");
        const version = check.prepare('SELECT max(version) AS v FROM schema_migrations').get() as {
          v: number;
        };
        assert.equal(version.v, SQLITE_MIGRATIONS.at(-1)?.version);
      } finally {
        check.close();
      }
    },
    async dispose() {
      if (db.open) db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

const url = process.env.FAULTLINE_TEST_PG_URL;
if (url !== undefined && url !== '') {
  backfillTests('PostgreSQL', async () => {
    const schema = `faultline_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    const exec = new PostgresExecutor(client);
    await client.query('BEGIN');
    await runMigrations(exec, oldMigrations(POSTGRES_MIGRATIONS));
    await client.query('COMMIT');
    let ended = false;
    return {
      exec,
      async upgrade() {
        await client.end();
        ended = true;
        const store = createPostgresStore({ connectionString: url, schema });
        await store.migrate();
        return store;
      },
      async dispose() {
        if (!ended) await client.end();
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        try {
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await admin.end();
        }
      },
    };
  });
}
