/**
 * The corpus of real SDK envelopes (test/fixtures/envelopes, captured from @sentry/node and
 * sentry-python by scripts/capture-envelopes.mjs) through a real collector on SQLite and, when
 * FAULTLINE_TEST_PG_URL is set, PostgreSQL: every request is accepted, every error event and
 * transaction is stored once, and the secrets the SDK apps put in them are scrubbed.
 */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseEnvelope } from '@faultline/core';
import pg from 'pg';
import {
  bootstrap,
  createPostgresStore,
  createSqliteStore,
  type RunningCollector,
  type Store,
  startCollector,
} from '../src/index.js';

const corpusDir = new URL('../../../../test/fixtures/envelopes/', import.meta.url);
const corpus = readdirSync(corpusDir)
  .sort()
  .map((name) => ({ name, body: readFileSync(new URL(name, corpusDir)) }));
const TOKEN = 'corpus-admin-token';
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

const engines: [string, () => Promise<{ store: Store; dispose(): Promise<void> }>][] = [
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'faultline-corpus-'));
      const store = createSqliteStore({ dataDir: dir });
      return { store, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];
const pgUrl = process.env.FAULTLINE_TEST_PG_URL;
if (pgUrl)
  engines.push([
    'postgres',
    async () => {
      const schema = `faultline_corpus_${randomBytes(6).toString('hex')}`;
      const store = createPostgresStore({ connectionString: pgUrl, schema });
      return {
        store,
        async dispose() {
          const client = new pg.Client({ connectionString: pgUrl });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await client.end();
        },
      };
    },
  ]);

for (const [engine, open] of engines)
  describe(`the real-envelope corpus on ${engine}`, () => {
    let collector: RunningCollector | undefined;
    let dispose: (() => Promise<void>) | undefined;
    after(async () => {
      await collector?.close();
      await dispose?.();
    });

    test('every envelope is accepted, stored once and scrubbed', async () => {
      const opened = await open();
      dispose = opened.dispose;
      await opened.store.migrate();
      collector = await startCollector({ store: opened.store, adminToken: TOKEN });
      const { dsn } = await bootstrap(opened.store, collector.url, TOKEN);
      const key = new URL(dsn).username;
      assert.ok(corpus.length >= 5, `a corpus of ${corpus.length} files`);
      for (const { name, body } of corpus) {
        const endpoint = name.endsWith('-store.json') ? 'store' : 'envelope';
        const res = await fetch(`${collector.url}/api/1/${endpoint}/?sentry_key=${key}`, {
          method: 'POST',
          body,
        });
        assert.equal(res.status, 200, `${name}: ${await res.text()}`);
      }
      const want = expected();
      const api = async (path: string) => {
        const res = await fetch(`${collector?.url}${path}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        assert.equal(res.status, 200, path);
        return (await res.json()) as any;
      };
      const issues = (await api('/api/v1/projects/1/issues?limit=100')).items as any[];
      const stored = issues.reduce((n, i) => n + i.count, 0);
      assert.equal(stored, want.events, 'every error event is in an issue, once');
      for (const issue of issues) {
        const events = (await api(`/api/v1/issues/${issue.id}/events?limit=100`)).items as any[];
        for (const e of events) {
          const full = JSON.stringify(await api(`/api/v1/events/${e.eventId}`));
          for (const secret of SECRETS) assert.ok(!full.includes(secret), `${secret} was scrubbed`);
        }
      }
      assert.ok(want.transactions >= 1, 'the corpus has transactions too');
    });
  });
