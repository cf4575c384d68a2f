/**
 * Migration 13 on a PostgreSQL database that already holds events: a schema migrated up to the
 * version before it is filled through the store (events received over several days, duplicates
 * sent again), then migrated. `events` becomes a table partitioned by day, every event is still
 * readable with its row id unchanged, the counts are unchanged, and new events continue the ids.
 */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DAY_MS } from '@faultline/core';
import { postgresUrl, registerPostgresMissing } from '@faultline/test-support';
import pg from 'pg';
import type { ProjectId } from '../src/store/ids.js';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres/migrations.js';
import { PostgresExecutor } from '../src/store/postgres/postgres-executor.js';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { runMigrations } from '../src/store/sql/run-migrations.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent, ingestEvent } from './digest-fixtures.js';
import { ingest } from './store-contract.js';

const PARTITIONS_VERSION = 13;
/** Later migrations whose tables and columns today's digest and projects code touch. */
const WRITTEN_BY_TODAYS_STORE = [18, 19, 20, 21, 22];

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('migration 13 on a filled PostgreSQL database');
else
  describe('migration 13 on a filled PostgreSQL database', () => {
    const schema = `faultline_v13_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    let store: Store;

    before(async () => {
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const older = POSTGRES_MIGRATIONS.filter((m) => m.version < PARTITIONS_VERSION);
      await admin.query('BEGIN');
      await runMigrations(new PostgresExecutor(admin), older);
      // Today's store reads and writes what later migrations added (snoozes and discarded
      // fingerprints, inbound filters, merged fingerprints and each event's fingerprint, fingerprint
      // rules): those objects exist before, unrecorded; the migrations create them only if they do not exist,
      // so migrating still runs them in order (20 again after version 13 rebuilds events).
      for (const m of POSTGRES_MIGRATIONS.filter((m) => WRITTEN_BY_TODAYS_STORE.includes(m.version)))
        await admin.query(m.sql);
      await admin.query('COMMIT');
      store = createPostgresStore({ connectionString: url, schema });
    });

    after(async () => {
      await store?.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    });

    const snapshot = async () => ({
      events: (
        await admin.query(
          'SELECT id::text, project_id, event_id, issue_id, received_at::text, md5(payload) AS payload FROM events ORDER BY events.id',
        )
      ).rows,
      issues: (
        await admin.query(
          'SELECT id, times_seen::text, first_seen::text, last_seen::text FROM issues ORDER BY id',
        )
      ).rows,
      hourly: (
        await admin.query('SELECT issue_id, hour::text, count::text FROM issue_hourly_counts ORDER BY 1, 2')
      ).rows,
      releases: (
        await admin.query('SELECT project_id, version, event_count::text FROM releases ORDER BY 1, 2')
      ).rows,
    });

    it('moves every event into daily partitions with its id, and keeps every count', async () => {
      const now = Date.now();
      const projectId = (await store.createProject('before partitions')).id as ProjectId;
      const sent: string[] = [];
      // Received today, yesterday, three days and forty days ago (older than the keep window of
      // hourly counts, still inside the backfill of partitions).
      for (const [k, back] of [0, 1, 3, 40].entries()) {
        const receivedAt = now - back * DAY_MS;
        const events = Array.from({ length: 5 }, (_, i) =>
          ingestEvent(
            bugEvent(
              { fn: `fn${i % 2}` },
              { timestamp: receivedAt / 1000, release: `r${k}`, tags: { n: String(i) } },
            ),
          ),
        );
        sent.push(...events.map((e) => e.eventId));
        await ingest(store, { ...batch(projectId, events), receivedAt });
      }
      const before = await snapshot();
      assert.equal(before.events.length, 20);
      const version = await admin.query('SELECT max(version) AS v FROM schema_migrations');
      assert.ok(Number(version.rows[0].v) < PARTITIONS_VERSION);

      await store.migrate();

      const kind = await admin.query("SELECT relkind FROM pg_class WHERE oid = to_regclass('events')");
      assert.equal(kind.rows[0].relkind, 'p', 'events is a partitioned table');
      const parts = await admin.query(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('events')",
      );
      const names = new Set(parts.rows.map((r) => String(r.relname)));
      for (const back of [0, 1, 3, 40]) {
        const day = new Date(now - back * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
        assert.ok(names.has(`events_p${day}`), `a partition for ${day}`);
      }
      const inDefault = await admin.query('SELECT count(*)::int AS n FROM events_default');
      assert.equal(inDefault.rows[0].n, 0, 'every moved event has its day');

      assert.deepEqual(await snapshot(), before, 'ids, payloads and counts unchanged');
      for (const eventId of sent) {
        assert.equal((await store.getEvent(eventId, projectId))?.eventId, eventId);
        assert.equal((await store.getEvent(eventId))?.eventId, eventId);
      }
      const issues = await store.listIssues({ projectId, sort: 'lastSeen', limit: 10 });
      let listed = 0;
      for (const issue of issues.items)
        listed += (await store.listEvents({ issueId: issue.id, limit: 50 })).items.length;
      assert.equal(listed, 20);

      // A duplicate is still stored once; a new event continues the ids.
      const again = { ...batch(projectId, [ingestEvent(bugEvent(), sent[0])]), receivedAt: Date.now() };
      await ingest(store, again);
      const fresh = ingestEvent(bugEvent());
      await ingest(store, batch(projectId, [fresh]));
      const rows = await admin.query('SELECT event_id, id::text FROM events ORDER BY events.id');
      assert.equal(rows.rows.length, 21);
      const maxOld = Math.max(...before.events.map((e) => Number(e.id)));
      assert.equal(rows.rows.at(-1).event_id, fresh.eventId);
      assert.ok(Number(rows.rows.at(-1).id) > maxOld, 'the sequence continues past the moved ids');
      const recorded = await admin.query('SELECT name FROM schema_migrations WHERE version = $1', [
        PARTITIONS_VERSION,
      ]);
      assert.equal(recorded.rows.length, 1);
    });
  });
