/**
 * A collector started on a PostgreSQL store whose days ahead are missing (migrated days ago, or
 * the partitions dropped by hand) makes them itself at start, without waiting for the
 * maintenance interval.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DAY_MS } from '@faultline/core';
import {
  type EngineHandle,
  postgresEngine,
  postgresUrl,
  registerPostgresMissing,
} from '@faultline/test-support';
import { type RunningCollector, startCollector } from '../src/index.js';
import { EVENT_PARTITIONS_AHEAD_DAYS } from '../src/limits.js';

const dayName = (ms: number) => `events_p${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')}`;
/** The collector's start-up pass is a few catalog reads and DDL; this bounds a loaded machine. */
const WAIT_MS = 20_000;

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('a collector makes the missing partitions at start');
else
  describe('a collector makes the missing partitions at start', () => {
    let handle: EngineHandle;
    let collector: RunningCollector | undefined;
    before(async () => {
      handle = await postgresEngine(url).open();
    });
    after(async () => {
      await collector?.close();
      await handle?.dispose();
    });

    it('makes the days ahead that are missing', async () => {
      const now = Date.now();
      const ahead = Array.from({ length: EVENT_PARTITIONS_AHEAD_DAYS }, (_, k) =>
        dayName(now + (k + 1) * DAY_MS),
      );
      for (const name of ahead) await handle.rows(`DROP TABLE ${name}`);
      const present = async () =>
        (
          await handle.rows<{ name: string }>(
            "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('events')",
          )
        ).map((r) => r.name);
      assert.deepEqual(
        (await present()).filter((n) => ahead.includes(n)),
        [],
      );
      collector = await startCollector({ store: handle.store, dashboardDir: '/nonexistent', log: () => {} });
      const until = Date.now() + WAIT_MS;
      let missing = ahead;
      while (missing.length > 0 && Date.now() < until) {
        await sleep(100);
        const names = await present();
        missing = ahead.filter((n) => !names.includes(n));
      }
      assert.deepEqual(missing, [], 'every day ahead exists again');
    });
  });
