/**
 * Internal keys of several parts stay distinct when a part holds the character they used to be
 * joined with (`\u0000`): the tag `a\u0000b` = `c` is not the tag `a` = `b\u0000c`, two series
 * of route counts are not summed into one, and a project's scrub keys never get the compiled
 * scrubber of another project's list (scrub keys come from project settings, not event data).
 * Event data reaches digest with NUL already replaced by U+FFFD (digest/storable-batch.ts, so
 * that PostgreSQL can hold it); the stored tags and series stay distinct through that path too,
 * on SQLite and (with FAULTLINE_TEST_PG_URL) PostgreSQL.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MINUTE_MS } from '@faultline/core';
import { forEachEngine } from '@faultline/test-support';
import { compositeKey } from '../src/composite-key.js';
import { digestBatches } from '../src/digest/digest.js';
import { DigestContext } from '../src/digest/digest-context.js';
import { scrubbers } from '../src/ingest/scrubber.js';
import { batch, bugEvent, minuteOf, routeRatesItem } from './digest-fixtures.js';
import { useProjectStore } from './project-store.js';

const NUL = '\u0000';
const FFFD = '\uFFFD';

describe('keys of several parts', () => {
  it('differ whenever the parts differ, whatever characters the parts hold', () => {
    const pairs: [(string | number)[], (string | number)[]][] = [
      [
        [1, `a${NUL}b`, 'c'],
        [1, 'a', `b${NUL}c`],
      ],
      [[''], []],
      [
        [1, ''],
        [1, '', ''],
      ],
      [
        ['1', 'x'],
        [1, 'x'],
      ],
      [
        ['a"', 'b'],
        ['a', '"b'],
      ],
    ];
    for (const [a, b] of pairs) {
      assert.notEqual(compositeKey(...a), compositeKey(...b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      assert.notEqual(DigestContext.key(...a), DigestContext.key(...b));
    }
    assert.equal(compositeKey(7, 'release', 'api@1'), compositeKey(7, 'release', 'api@1'));
  });

  it("a project's scrub keys get their own scrubber, not one cached for another list", () => {
    const forKeys = scrubbers(65);
    const one = forKeys([`tenant${NUL}shard`]);
    const other = forKeys(['tenant', 'shard']);
    const scrubbed = other({ tenant: 'acme', shard: 'eu-7', kept: 'visible' });
    assert.notEqual(scrubbed.tenant, 'acme');
    assert.notEqual(scrubbed.shard, 'eu-7');
    assert.equal(scrubbed.kept, 'visible');
    assert.equal(one({ tenant: 'stays' }).tenant, 'stays', 'the first list names neither key');
  });
});

forEachEngine((engine) => {
  describe(`stored counters keyed by several strings (${engine.name})`, () => {
    const db = useProjectStore(engine, 'tags');

    it('two tags whose parts differ only around a NUL are two tags', async () => {
      const event = bugEvent(
        {},
        {
          tags: [
            [`a${NUL}b`, 'c'],
            ['a', `b${NUL}c`],
          ],
        },
      );
      await db.store.write((tx) => digestBatches(tx, [batch(db.projectId, [event])]));
      for (const tag of [
        { key: `a${FFFD}b`, value: 'c' },
        { key: 'a', value: `b${FFFD}c` },
      ]) {
        const page = await db.store.listIssues({
          projectId: db.projectId,
          tag: [tag],
          sort: 'lastSeen',
          limit: 10,
        });
        assert.equal(page.items.length, 1, `the issue carries ${JSON.stringify(tag)}`);
      }
    });

    it('route counts of two releases are two series', async () => {
      const from = minuteOf(Date.now());
      const item = (release: string, environment: string) =>
        routeRatesItem({ release, environment }, from, 3);
      await db.store.write((tx) =>
        digestBatches(tx, [
          batch(db.projectId, [], { routeRates: [item(`r${NUL}1`, 'prod'), item('r', `1${NUL}prod`)] }),
        ]),
      );
      const points = await db.store.routeRates({
        projectId: db.projectId,
        by: 'release',
        from,
        to: from + MINUTE_MS,
        bucketMs: MINUTE_MS,
      });
      assert.deepEqual(
        new Map(points.map((p) => [p.key, p.requests])),
        new Map([
          ['r', 3],
          [`r${FFFD}1`, 3],
        ]),
      );
    });
  });
});
