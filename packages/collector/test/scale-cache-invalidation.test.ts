/**
 * Three `faultline serve` processes on one PostgreSQL: a change made through one collector's API
 * applies on another within NOTICE_BOUND_MS, well inside the caches' TTLs (before the change
 * notices, only the TTLs bounded it): a revoked key is refused, a project's new rate limit
 * applies, a new alert rule fires for events ingested elsewhere; and a collector whose listening
 * connection was cut reconnects and forgets what changed meanwhile.
 *
 * Each case warms the other collector's cache just before the change, so the old behaviour (a
 * cache kept for its whole TTL) cannot pass by luck.
 */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { serializeEnvelope } from '@faultline/core';
import {
  createScratchDatabase,
  killServeChildren,
  postgresUrl,
  registerPostgresMissing,
  type ScratchDatabase,
  type ServeChild,
  startServeChildren,
} from '@faultline/test-support';
import pg from 'pg';
import { ALERT_RULES_CACHE_TTL_MS, CHANGE_LISTEN_RETRY_MS, KEY_CACHE_TTL_MS } from '../src/limits.js';
import { LISTENER_APPLICATION_NAME } from '../src/store/postgres/change-listener.js';
import { newEventId } from './digest-fixtures.js';

const COLLECTORS = 3;
/** A notice arrives in milliseconds; this leaves a loaded machine seconds of margin, and stays
 * below every TTL it replaces, so the old code fails. */
const NOTICE_BOUND_MS = 3_000;
/** After a cut: the listener's retry, its reconnect, and the same margin. */
const RECONNECT_BOUND_MS = CHANGE_LISTEN_RETRY_MS + NOTICE_BOUND_MS;
const POLL_MS = 100;
/** Tries of one event refused for overload (another test loading the machine). */
const MAX_SENDS = 10;
const ADMIN_TOKEN = randomBytes(16).toString('hex');
const LISTEN_APP = `${LISTENER_APPLICATION_NAME}-own-url`;

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('cache invalidation across three collectors');
else {
  let scratch: ScratchDatabase | undefined;
  let fleet: ServeChild[] = [];
  let db: pg.Client;
  const a = () => fleet[0] as ServeChild;
  const b = () => fleet[1] as ServeChild;

  before(async () => {
    assert.ok(RECONNECT_BOUND_MS < Math.min(KEY_CACHE_TTL_MS, ALERT_RULES_CACHE_TTL_MS + 1_500));
    const database = await createScratchDatabase(url, 'faultline_notice');
    scratch = database;
    fleet = await startServeChildren(COLLECTORS, database.url, {
      args: (i) => [
        '--webhook-allow',
        '127.0.0.1',
        // The third listens through a URL of its own, as one behind a PgBouncer would.
        ...(i === 2 ? ['--db-listen', listenUrl(database.url)] : []),
      ],
      env: { ...process.env, FAULTLINE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  /** The database's URL, its connections named LISTEN_APP. */
  const listenUrl = (dbUrl: string) => {
    const u = new URL(dbUrl);
    u.searchParams.set('application_name', LISTEN_APP);
    return u.href;
  };

  after(async () => {
    killServeChildren(fleet);
    await db?.end();
    await scratch?.drop();
  });

  async function api(c: ServeChild, method: string, path: string, body?: unknown) {
    const res = await fetch(`${c.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
  }

  /** Sends one event (its own fingerprint unless given) with `key` of `projectId` to `c`; an
   * overload refusal of a busy machine (429 `overloaded`, or 503) is sent again after Retry-After,
   * so the status is what the key and the project's settings decide. */
  async function send(c: ServeChild, projectId: number, key: string, fingerprint = newEventId()) {
    for (let attempt = 1; ; attempt++) {
      const eventId = newEventId();
      const body = serializeEnvelope({
        header: { event_id: eventId },
        items: [
          {
            header: { type: 'event' },
            payload: {
              event_id: eventId,
              level: 'error',
              fingerprint: [fingerprint],
              exception: { values: [{ type: 'NoticeError', value: fingerprint }] },
              timestamp: Date.now() / 1000,
            },
          },
        ],
      });
      const res = await fetch(`${c.url}/api/${projectId}/envelope/?sentry_key=${key}`, {
        method: 'POST',
        body,
      });
      const text = await res.text();
      const overload = res.status === 503 || (res.status === 429 && text.includes('overloaded'));
      if (!overload || attempt === MAX_SENDS) return res.status;
      await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
    }
  }

  /** Runs `attempt` every POLL_MS until it is true; the time it took, or fails past `boundMs`. */
  async function within(boundMs: number, what: string, attempt: () => Promise<boolean>): Promise<number> {
    const startedAt = performance.now();
    for (;;) {
      if (await attempt()) return performance.now() - startedAt;
      if (performance.now() - startedAt > boundMs) assert.fail(`${what} not within ${boundMs} ms`);
      await sleep(POLL_MS);
    }
  }

  async function newProject(name: string): Promise<{ id: number; key: string }> {
    const created = await api(a(), 'POST', '/api/v1/projects', { name });
    assert.equal(created.status, 201);
    return { id: created.json.id, key: created.json.keys[0].publicKey };
  }

  test('a key revoked through collector A is refused by collector B within the bound', async () => {
    const { id, key } = await newProject('revoke');
    assert.equal(await send(b(), id, key), 200, 'B knows the key (and caches it)');
    const revoked = await api(a(), 'DELETE', `/api/v1/projects/${id}/keys/${key}`);
    assert.equal(revoked.status, 204);
    const tookMs = await within(NOTICE_BOUND_MS, 'B refusing the revoked key', async () => {
      const status = await send(b(), id, key);
      return status === 403;
    });
    console.log(`revoked key refused by another collector after ${Math.round(tookMs)} ms`);
    const listed = await api(a(), 'GET', `/api/v1/projects/${id}/keys`);
    assert.equal(listed.json.items[0].enabled, false, 'revoked, still listed');
    assert.equal((await api(a(), 'DELETE', `/api/v1/projects/${id}/keys/nope`)).status, 404);
  });

  test("a project's rate limit set through collector A applies on collector B within the bound", async () => {
    const { id, key } = await newProject('limit');
    assert.equal(await send(b(), id, key), 200, 'B has the project without a limit (and caches it)');
    const patched = await api(a(), 'PATCH', `/api/v1/projects/${id}`, { rateLimitPerMinute: 1 });
    assert.equal(patched.status, 200);
    const tookMs = await within(NOTICE_BOUND_MS, "B applying the project's limit", async () => {
      const status = await send(b(), id, key);
      return status === 429;
    });
    console.log(`a new rate limit applied on another collector after ${Math.round(tookMs)} ms`);
  });

  test('an alert rule created through collector A fires for events ingested on collector B', async () => {
    const { id, key } = await newProject('rule');
    assert.equal(await send(b(), id, key), 200, 'B has read the (empty) rules of the project');
    const rule = await api(a(), 'POST', `/api/v1/projects/${id}/alert-rules`, {
      name: 'every new issue',
      trigger: { type: 'new-issue' },
      // Never reached: the notification in the outbox is what firing means here.
      channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }],
    });
    assert.equal(rule.status, 201);
    const tookMs = await within(NOTICE_BOUND_MS, 'the rule firing on B', async () => {
      assert.equal(await send(b(), id, key), 200);
      const fired = await db.query('SELECT 1 FROM alert_outbox WHERE rule_id = $1', [rule.json.id]);
      return fired.rows.length > 0;
    });
    console.log(`a new rule fired on another collector after ${Math.round(tookMs)} ms`);
  });

  test('a collector whose listening connection was cut reconnects and forgets what changed meanwhile', async () => {
    const { id, key } = await newProject('cut');
    assert.equal(await send(b(), id, key), 200);
    const cut = await db.query<{ app: string }>(
      'SELECT application_name AS app, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE $1',
      [`${LISTENER_APPLICATION_NAME}%`],
    );
    assert.equal(cut.rows.length, COLLECTORS, 'each collector had one listening connection');
    assert.equal(cut.rows.filter((r) => r.app === LISTEN_APP).length, 1, '--db-listen is where one listens');
    // Made while nobody listens: no notice reaches B; its reconnect must forget the key anyway.
    assert.equal((await api(a(), 'DELETE', `/api/v1/projects/${id}/keys/${key}`)).status, 204);
    await within(RECONNECT_BOUND_MS, 'B refusing the key revoked while it was not listening', async () => {
      return (await send(b(), id, key)) === 403;
    });
    assert.equal(await send(b(), 1, await defaultKey()), 200, 'B still serves');
  });

  async function defaultKey(): Promise<string> {
    return (await api(a(), 'GET', '/api/v1/projects/1/keys')).json.items[0].publicKey;
  }
}
