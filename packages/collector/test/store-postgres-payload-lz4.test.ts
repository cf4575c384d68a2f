/**
 * Event payloads are TOAST-compressed with lz4 where the server has it (migration 23, issue 18
 * §3): pglz was most of PostgreSQL's CPU per event at 50 KB. Every partition of `events` must
 * carry it, the ones made after the migration too, since a partition does not follow its
 * parent's setting by itself; and a payload stored through digest must come out lz4-compressed.
 * Without lz4 in the server, nothing changes: pglz everywhere.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DAY_MS } from '@faultline/core';
import {
  type EngineHandle,
  postgresEngine,
  postgresUrl,
  registerPostgresMissing,
} from '@faultline/test-support';
import type { ProjectId } from '../src/store/ids.js';
import { batch, bugEvent, ingestEvent } from './digest-fixtures.js';
import { ingest } from './store-contract.js';

/** Well past TOAST's threshold (~2 KB), and compressible, like an event's JSON. */
const PAYLOAD_CHARS = 50_000;
/** Days ahead of the partitions migrate() made, for one that maintenance makes later. */
const LATER_DAYS = 30;

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('event payloads in lz4 (PostgreSQL)');
else
  describe('event payloads in lz4 (PostgreSQL)', () => {
    let handle: EngineHandle;
    let method: 'l' | 'p';
    before(async () => {
      handle = await postgresEngine(url).open();
      const [row] = await handle.rows<{ lz4: boolean }>(
        "SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'",
      );
      method = row?.lz4 === true ? 'l' : 'p';
    });
    after(() => handle?.dispose());

    it('every partition of events compresses payloads with lz4 (pglz without it), one made later too', async () => {
      const made = await handle.store.maintainPartitions(Date.now() + LATER_DAYS * DAY_MS);
      assert.ok(made.length > 0, 'maintenance made partitions after the migration');
      const rows = await handle.rows<{ relname: string; method: string }>(
        "SELECT c.relname, coalesce(nullif(a.attcompression, ''), 'p') AS method FROM pg_attribute a " +
          'JOIN pg_class c ON c.oid = a.attrelid ' +
          "WHERE a.attname = 'payload' AND (c.oid = 'events'::regclass " +
          "OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'events'::regclass)) ORDER BY c.relname",
      );
      assert.ok(rows.length >= made.length + 2, 'events, its default partition and the ones made');
      assert.deepEqual(
        rows.filter((r) => r.method !== method),
        [],
        `every payload column compressed with ${method === 'l' ? 'lz4' : 'pglz'}`,
      );
    });

    it('a large payload stored through digest comes out lz4-compressed, and whole', async () => {
      const projectId = (await handle.store.createProject('lz4')).id as ProjectId;
      const e = ingestEvent(bugEvent({}, { extra: { blob: 'x'.repeat(PAYLOAD_CHARS) } }));
      await ingest(handle.store, batch(projectId, [e]));
      const [row] = await handle.rows<{ compression: string | null }>(
        `SELECT pg_column_compression(payload) AS compression FROM events WHERE event_id = '${e.eventId}'`,
      );
      assert.equal(row?.compression, method === 'l' ? 'lz4' : 'pglz');
      const stored = await handle.store.getEvent(e.eventId);
      assert.ok(stored, 'the event is stored');
      assert.equal((stored.payload as { extra?: { blob?: string } }).extra?.blob?.length, PAYLOAD_CHARS);
    });
  });
