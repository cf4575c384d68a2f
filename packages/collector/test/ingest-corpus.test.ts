/**
 * The corpus of real SDK envelopes (test/fixtures/envelopes, captured from @sentry/node and
 * sentry-python by scripts/capture-envelopes.mjs) through a real collector on SQLite and, when
 * FAULTLINE_TEST_PG_URL is set, PostgreSQL: every request is accepted, every error event and
 * transaction is stored once, and the secrets the SDK apps put in them are scrubbed.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { parseEnvelope } from '@faultline/core';
import { forEachEngine, startTestCollector, type TestCollector } from '@faultline/test-support';

const corpusDir = new URL('../../../../test/fixtures/envelopes/', import.meta.url);
const corpus = readdirSync(corpusDir)
  .sort()
  .map((name) => ({ name, body: readFileSync(new URL(name, corpusDir)) }));
const SECRETS = ['hunter2', 'secret-header-token', 'secret-query-token'];

/** What the corpus should become: error events and transactions, counted from the files. */
function expected() {
  let events = 0;
  let transactions = 0;
  for (const { name, body } of corpus) {
    if (name.endsWith('-store.json')) {
      if (JSON.parse(body.toString()).type === 'transaction') transactions++;
      else events++;
      continue;
    }
    for (const item of parseEnvelope(body).items) {
      if (item.header.type === 'event') events++;
      if (item.header.type === 'transaction') transactions++;
    }
  }
  return { events, transactions };
}

forEachEngine((engine) =>
  describe(`the real-envelope corpus on ${engine.name}`, () => {
    let c: TestCollector | undefined;
    after(() => c?.close());

    test('every envelope is accepted, stored once and scrubbed', async () => {
      c = await startTestCollector({ engine });
      const key = new URL(c.dsn).username;
      assert.ok(corpus.length >= 5, `a corpus of ${corpus.length} files`);
      for (const { name, body } of corpus) {
        const endpoint = name.endsWith('-store.json') ? 'store' : 'envelope';
        const res = await fetch(`${c.url}/api/1/${endpoint}/?sentry_key=${key}`, { method: 'POST', body });
        assert.equal(res.status, 200, `${name}: ${await res.text()}`);
      }
      const want = expected();
      const issues = (await c.api('/api/v1/projects/1/issues?limit=100')).items as any[];
      const stored = issues.reduce((n, i) => n + i.count, 0);
      assert.equal(stored, want.events, 'every error event is in an issue, once');
      for (const issue of issues) {
        const events = (await c.api(`/api/v1/issues/${issue.id}/events?limit=100`)).items as any[];
        for (const e of events) {
          const full = JSON.stringify(await c.api(`/api/v1/events/${e.eventId}`));
          for (const secret of SECRETS) assert.ok(!full.includes(secret), `${secret} was scrubbed`);
        }
      }
      assert.ok(want.transactions >= 1, 'the corpus has transactions too');
      const [row] = await c.rows<{ n: number | string }>('SELECT count(*) AS n FROM transactions');
      assert.equal(Number(row?.n), want.transactions, 'every transaction is stored, once');
    });
  }),
);
