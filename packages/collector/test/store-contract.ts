/**
 * The one contract every Store passes (issue 4 §3): store-sqlite.test.ts and
 * store-postgres.test.ts run it against a real database each. Events are written the only way
 * production writes them, through digest inside `store.write`.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isFaultlineError } from '@faultline/core';
import { digest, digestBatches } from '../src/digest/digest.js';
import { type IngestBatch, NO_INBOUND_FILTERS } from '../src/ingest-batch.js';
import { asIssueId, asProjectId, type ProjectId } from '../src/store/ids.js';
import type { IssueRecord } from '../src/store/records.js';
import { hashToken } from '../src/store/secrets.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent, ingestEvent, newEventId, newSpanId, newTraceId } from './digest-fixtures.js';
import { contractAlerts } from './store-contract-alerts.js';
import { contractGroupCommit } from './store-contract-group-commit.js';
import { contractIssueSearch } from './store-contract-issue-search.js';
import { contractIssueStats } from './store-contract-issue-stats.js';
import { contractLeases } from './store-contract-leases.js';
import { contractListing } from './store-contract-listing.js';
import { contractRates } from './store-contract-rates.js';
import { contractUsers } from './store-contract-users.js';

/** A fresh, migrated, empty database, and a way to open a second handle on it. */
export interface StoreHandle {
  store: Store;
  /** Another Store on the same database (another "collector process"), migrated. */
  open(): Promise<Store>;
  /** False for SQLite: one process owns the file, and two handles in one thread would block
   * each other in SQLite's busy handler; its concurrency is the write queue's. */
  concurrentHandles: boolean;
}

export interface StoreFixture {
  create(): Promise<StoreHandle>;
  /** Drops everything `create` made. */
  cleanup(): Promise<void>;
}

export const HEX32 = /^[0-9a-f]{32}$/;

/** Digests `batches` in one transaction. */
export function ingest(store: Store, ...batches: IngestBatch[]) {
  return store.write((tx) => digestBatches(tx, batches));
}

async function onlyIssue(store: Store, projectId: ProjectId): Promise<IssueRecord> {
  const page = await store.listIssues({ projectId, sort: 'lastSeen', limit: 10 });
  assert.equal(page.items.length, 1);
  return page.items[0]!;
}

/**
 * Registers the contract suite for one store implementation.
 * @example storeContract('sqlite', sqliteFixture)
 */
export function storeContract(name: string, fixture: StoreFixture): void {
  describe(`Store contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: Store;
    const project = async () => (await store.createProject(`p-${newEventId().slice(0, 8)}`)).id;

    before(async () => {
      handle = await fixture.create();
      store = handle.store;
    });
    after(async () => {
      await store?.close();
      await fixture.cleanup();
    });

    it('migrates idempotently', async () => {
      await store.migrate();
      await store.migrate();
    });

    it('creates project 1 `default` with one key on first start, and only once', async () => {
      const first = await store.ensureDefaultProject();
      assert.equal(first.created, true);
      assert.equal(first.project.id, 1);
      assert.equal(first.project.name, 'default');
      assert.match(first.key.publicKey, HEX32);
      const second = await store.ensureDefaultProject();
      assert.equal(second.created, false);
      assert.equal(second.key.publicKey, first.key.publicKey);
      assert.equal((await store.listKeys(first.project.id)).length, 1);
      const next = await store.createProject('after-default');
      assert.ok(next.id > 1, 'ids after the explicit project 1 do not collide');
    });

    it('creates, lists, gets and updates projects', async () => {
      const a = await store.createProject('billing', { allowedOrigins: ['https://a.example'] });
      const b = await store.createProject('search');
      assert.ok(Number.isSafeInteger(a.id) && b.id > a.id);
      assert.deepEqual(a.allowedOrigins, ['https://a.example']);
      assert.equal(a.rateLimitPerMinute, null);
      const ids = (await store.listProjects()).map((p) => p.id);
      assert.ok(ids.includes(a.id) && ids.includes(b.id));
      const updated = await store.updateProjectSettings(a.id, {
        rateLimitPerMinute: 600,
        scrubKeys: ['ssn'],
      });
      assert.equal(updated?.rateLimitPerMinute, 600);
      assert.deepEqual(updated?.scrubKeys, ['ssn']);
      assert.deepEqual(updated?.allowedOrigins, ['https://a.example']);
      assert.equal((await store.getProject(b.id))?.name, 'search');
      assert.equal(await store.projectExists(a.id), true);
      assert.equal(await store.projectExists(987654), false);
      assert.equal(await store.projectExists(Number.NaN), false);
    });

    it('creates, finds and disables DSN keys', async () => {
      const p = await store.createProject('keys', {
        allowedOrigins: ['https://x.example'],
        scrubKeys: ['pin'],
      });
      const inboundFilters = { ...NO_INBOUND_FILTERS, clientIps: ['10.0.0.0/8'], webCrawlers: true };
      await store.updateProjectSettings(p.id, { rateLimitPerMinute: 60, inboundFilters });
      const key = await store.createKey(p.id);
      assert.match(key.publicKey, HEX32);
      assert.deepEqual(await store.findKey(key.publicKey), {
        publicKey: key.publicKey,
        projectId: p.id,
        enabled: true,
        rateLimitPerMinute: 60,
        allowedOrigins: ['https://x.example'],
        scrubKeys: ['pin'],
        inboundFilters,
      });
      assert.deepEqual((await store.getProject(p.id))?.inboundFilters, inboundFilters);
      const plain = await store.createProject('no filters');
      assert.deepEqual(plain.inboundFilters, NO_INBOUND_FILTERS);
      assert.equal(await store.disableKey(key.publicKey), true);
      assert.equal((await store.findKey(key.publicKey))?.enabled, false);
      assert.equal(await store.disableKey('0'.repeat(32)), false);
      assert.equal(await store.findKey('f'.repeat(32)), undefined);
      assert.deepEqual(
        (await store.listKeys(p.id)).map((k) => k.enabled),
        [false],
      );
    });

    it('stores API tokens as hashes and verifies them', async () => {
      const { token, record } = await store.createToken('ci');
      assert.ok(token.length >= 32);
      assert.equal((await store.verifyToken(token))?.id, record.id);
      assert.equal((await store.findTokenByHash(hashToken(token)))?.id, record.id);
      assert.equal(await store.findTokenByHash(hashToken(`${token}x`)), undefined);
      assert.equal(await store.verifyToken(`${token}x`), undefined);
      assert.equal(await store.verifyToken(''), undefined);
      assert.ok((await store.listTokens()).some((t) => t.name === 'ci' && !('token' in t)));
      assert.equal(await store.deleteToken(record.id), true);
      assert.equal(await store.verifyToken(token), undefined);
      assert.equal(await store.findTokenByHash(hashToken(token)), undefined);
    });

    it("keeps a token's scopes, project and prefix; notes its use once per interval; a token session reads them", async () => {
      const projectId = await project();
      const { token, record } = await store.createToken('ci', {
        scopes: ['project:read', 'project:releases'],
        projectId,
      });
      assert.deepEqual(record.scopes, ['project:read', 'project:releases']);
      assert.equal(record.projectId, projectId);
      assert.equal(record.prefix, token.slice(0, 12));
      assert.equal(record.lastUsedAt, null);
      const admin = (await store.createToken('everything')).record;
      assert.deepEqual([admin.scopes, admin.projectId], [['admin'], null], 'no grant: an admin token');
      await store.touchToken(record.id, 1_000_000, 940_001);
      assert.equal((await store.verifyToken(token))?.lastUsedAt, 1_000_000);
      await store.touchToken(record.id, 1_030_000, 970_001);
      assert.equal((await store.verifyToken(token))?.lastUsedAt, 1_000_000, 'within the interval: no write');
      await store.touchToken(record.id, 1_070_000, 1_010_001);
      assert.equal((await store.verifyToken(token))?.lastUsedAt, 1_070_000);
      const now = Date.now();
      const made = await store.createDashboardSession(
        { idHash: 'scoped-session', createdAt: now, expiresAt: now + 60_000, tokenId: record.id },
        { now, limit: 10 },
      );
      assert.equal(made, true);
      const session = await store.findDashboardSession('scoped-session');
      assert.deepEqual([session?.tokenScopes, session?.tokenProjectId], [record.scopes, projectId]);
      assert.equal(await store.deleteToken(record.id), true);
      assert.equal(
        await store.findDashboardSession('scoped-session'),
        undefined,
        'revoked: its session goes',
      );
      await store.deleteToken(admin.id);
    });

    it('rolls a failed write back, and readers never see uncommitted writes', async () => {
      const projectId = await project();
      await assert.rejects(
        store.write(async (tx) => {
          await digest(tx, batch(projectId, [bugEvent()]));
          const seen = await store.listIssues({ projectId, sort: 'lastSeen', limit: 10 });
          assert.equal(seen.items.length, 0, 'uncommitted issue visible to a reader');
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal((await store.listIssues({ projectId, sort: 'lastSeen', limit: 10 })).items.length, 0);
    });

    it('groups the same bug into one issue and different bugs into two', async () => {
      const projectId = await project();
      await ingest(store, batch(projectId, [bugEvent({ line: 0, root: '/srv/a' })]));
      await ingest(store, batch(projectId, [bugEvent({ line: 9, root: '/opt/deploy/42' })]));
      const issue = await onlyIssue(store, projectId);
      assert.equal(issue.count, 2);
      assert.equal(issue.status, 'unresolved');
      assert.equal(issue.title, 'TypeError: Cannot read properties of undefined (reading <quoted>)');
      assert.equal(issue.culprit, 'src.users in loadUser');
      await ingest(store, batch(projectId, [bugEvent({ type: 'RangeError', fn: 'chargeCard' })]));
      const page = await store.listIssues({ projectId, sort: 'count', limit: 10 });
      assert.deepEqual(
        page.items.map((i) => i.count),
        [2, 1],
      );
    });

    it('ignores a duplicate event id, across commits and within one', async () => {
      const projectId = await project();
      const once = ingestEvent(bugEvent());
      const result = await ingest(store, batch(projectId, [once, once]));
      assert.deepEqual([result.events, result.duplicates], [1, 1]);
      const again = await ingest(store, batch(projectId, [once]));
      assert.deepEqual([again.events, again.duplicates], [0, 1]);
      assert.equal((await onlyIssue(store, projectId)).count, 1);
    });

    it('counts distinct users (id, else email, username, ip)', async () => {
      const projectId = await project();
      const users = [{ id: 7 }, { id: '7' }, { email: 'a@example.com' }, { ip_address: '10.0.0.1' }, {}];
      await ingest(
        store,
        batch(
          projectId,
          users.map((user) => bugEvent({}, { user })),
        ),
      );
      await ingest(store, batch(projectId, [bugEvent({}, { user: { email: 'a@example.com' } })]));
      const issue = await onlyIssue(store, projectId);
      assert.equal(issue.count, 6);
      assert.equal(issue.usersAffected, 3);
    });

    it('records releases and environments seen, and lists releases with counts', async () => {
      const projectId = await project();
      const t0 = Date.UTC(2030, 0, 1);
      await ingest(store, {
        ...batch(projectId, [bugEvent({}, { release: 'app@1.0.0' }), bugEvent({}, { release: 'app@1.0.0' })]),
        receivedAt: t0,
      });
      await ingest(store, {
        ...batch(projectId, [bugEvent({}, { release: 'app@1.1.0', environment: 'staging' })]),
        receivedAt: t0 + 60_000,
      });
      const detail = await store.getIssue((await onlyIssue(store, projectId)).id);
      assert.deepEqual(detail?.releases, ['app@1.0.0', 'app@1.1.0']);
      assert.deepEqual(detail?.environments, ['production', 'staging']);
      const releases = await store.listReleases(projectId);
      assert.deepEqual(
        releases.map((r) => [r.version, r.firstSeen, r.eventCount]),
        [
          ['app@1.1.0', t0 + 60_000, 1],
          ['app@1.0.0', t0, 2],
        ],
      );
      assert.equal(await store.getIssue(asIssueId(99_999_999)), undefined);
    });

    it('reopens a resolved issue on a new event and marks it regressed', async () => {
      const projectId = await project();
      await ingest(store, batch(projectId, [bugEvent()]));
      const issue = await onlyIssue(store, projectId);
      assert.equal(await store.updateIssueStatus(issue.id, 'resolved'), true);
      assert.equal((await store.getIssue(issue.id))?.status, 'resolved');
      const result = await ingest(store, batch(projectId, [bugEvent()]));
      assert.deepEqual(result.regressedIssues, [issue.id]);
      const reopened = await store.getIssue(issue.id);
      assert.equal(reopened?.status, 'unresolved');
      assert.equal(reopened?.regressed, true);
      assert.equal(reopened?.resolvedAt, null);
      await store.updateIssueStatus(issue.id, 'ignored');
      await ingest(store, batch(projectId, [bugEvent()]));
      const ignored = await store.getIssue(issue.id);
      assert.deepEqual([ignored?.status, ignored?.regressed, ignored?.count], ['ignored', false, 3]);
      assert.equal(await store.updateIssueStatus(asIssueId(99_999_999), 'resolved'), false);
    });

    it('reopens resolved-in-next-release only for a release first seen after the resolution', async () => {
      const projectId = await project();
      const t0 = Date.UTC(2031, 0, 1);
      const at = (ms: number, release: string) => ({
        ...batch(projectId, [bugEvent({}, { release })]),
        receivedAt: ms,
      });
      await ingest(store, at(t0, 'app@1'));
      const issue = await onlyIssue(store, projectId);
      await store.updateIssueStatus(issue.id, 'resolved_in_next_release', { now: t0 + 1000 });
      await ingest(store, at(t0 + 2000, 'app@1'));
      assert.equal((await store.getIssue(issue.id))?.status, 'resolved_in_next_release');
      await ingest(store, { ...batch(projectId, [bugEvent()]), receivedAt: t0 + 2500 });
      assert.equal(
        (await store.getIssue(issue.id))?.status,
        'resolved_in_next_release',
        'no release, no proof',
      );
      await ingest(store, at(t0 + 3000, 'app@2'));
      const reopened = await store.getIssue(issue.id);
      assert.deepEqual([reopened?.status, reopened?.regressed, reopened?.count], ['unresolved', true, 4]);
    });

    it('reopens an issue resolved in a release only for a newer release', async () => {
      const projectId = await project();
      const t0 = Date.UTC(2032, 0, 1);
      const at = (ms: number, release: string) => ({
        ...batch(projectId, [bugEvent({}, { release })]),
        receivedAt: ms,
      });
      await ingest(store, at(t0, 'app@1'));
      await ingest(store, at(t0 + 1000, 'app@2'));
      const issue = await onlyIssue(store, projectId);
      await store.updateIssueStatus(issue.id, 'resolved', { inRelease: 'app@2', now: t0 + 2000 });
      assert.equal((await store.getIssue(issue.id))?.resolvedInRelease, 'app@2');
      await ingest(store, at(t0 + 3000, 'app@1'));
      await ingest(store, at(t0 + 3000, 'app@2'));
      assert.equal((await store.getIssue(issue.id))?.status, 'resolved');
      await ingest(store, at(t0 + 4000, 'app@3'));
      assert.equal((await store.getIssue(issue.id))?.status, 'unresolved');
    });

    it('lists events newest first with a cursor, and gets one event by id', async () => {
      const projectId = await project();
      const t0 = Date.UTC(2024, 5, 1) / 1000;
      const events = [0, 1, 2, 3, 4].map((i) => ingestEvent(bugEvent({}, { timestamp: t0 + i })));
      await ingest(store, batch(projectId, events));
      const issueId = (await onlyIssue(store, projectId)).id;
      const first = await store.listEvents({ issueId, limit: 2 });
      const second = await store.listEvents({ issueId, limit: 2, cursor: first.nextCursor! });
      const third = await store.listEvents({ issueId, limit: 2, cursor: second.nextCursor! });
      assert.equal(third.nextCursor, null);
      const seen = [...first.items, ...second.items, ...third.items].map((e) => e.eventId);
      assert.deepEqual(seen, events.map((e) => e.eventId).reverse());
      const one = await store.getEvent(events[2]!.eventId);
      assert.equal(one?.timestamp, (t0 + 2) * 1000);
      assert.equal(one?.payload.exception !== undefined, true);
      const dashed = events[2]!.eventId.toUpperCase().replace(/^(.{8})(.{4})/, '$1-$2-');
      assert.equal((await store.getEvent(dashed, projectId))?.eventId, events[2]!.eventId);
      assert.equal(await store.getEvent(events[2]!.eventId, asProjectId(99_999)), undefined);
      assert.equal(await store.getEvent('not-an-id'), undefined);
    });

    it('finds an incident by request id (tag, extra) or by event id', async () => {
      const projectId = await project();
      const requestId = `req-${newEventId()}`;
      const fromExtra = `extra-${newEventId()}`;
      const tagged = ingestEvent(bugEvent({}, { tags: { request_id: requestId, route: 'GET /users/:id' } }));
      const sentryStyle = ingestEvent(bugEvent({ fn: 'other' }, { extra: { requestId: fromExtra } }));
      await ingest(store, batch(projectId, [tagged, sentryStyle]));
      const find = (id: string) => store.findIncidents({ id, limit: 10 });
      const found = await find(requestId);
      assert.deepEqual(
        found.events.map((e) => [e.eventId, e.requestId]),
        [[tagged.eventId, requestId]],
      );
      assert.equal(found.matchedBy, 'requestId');
      assert.deepEqual(
        (await find(fromExtra)).events.map((e) => e.eventId),
        [sentryStyle.eventId],
      );
      const byEventId = await find(sentryStyle.eventId);
      assert.equal(byEventId.matchedBy, 'eventId');
      assert.deepEqual(
        byEventId.events.map((e) => e.eventId),
        [sentryStyle.eventId],
      );
      assert.deepEqual(await find('nothing-here'), { matchedBy: 'requestId', events: [], more: false });
      assert.equal((await find('')).events.length, 0);
    });

    it('lists every event carrying a request id, in storing order, per project on demand, up to a limit', async () => {
      const [a, b] = [await project(), await project()];
      const requestId = `req-${newEventId()}`;
      const first = ingestEvent(bugEvent({}, { tags: { request_id: requestId } }));
      const second = ingestEvent(bugEvent({ fn: 'forged' }, { tags: { request_id: requestId } }));
      const third = ingestEvent(bugEvent({ fn: 'again' }, { tags: { request_id: requestId } }));
      await ingest(store, batch(a, [first]));
      await ingest(store, batch(b, [second]));
      await ingest(store, batch(b, [third]));
      const all = await store.findIncidents({ id: requestId, limit: 10 });
      assert.deepEqual(
        all.events.map((e) => [e.projectId, e.eventId]),
        [
          [a, first.eventId],
          [b, second.eventId],
          [b, third.eventId],
        ],
      );
      assert.equal(all.more, false);
      const cut = await store.findIncidents({ id: requestId, limit: 2 });
      assert.deepEqual([cut.events.length, cut.more], [2, true]);
      const onlyA = await store.findIncidents({ id: requestId, projectId: a, limit: 10 });
      assert.deepEqual(
        onlyA.events.map((e) => e.eventId),
        [first.eventId],
      );
      const byEventId = await store.findIncidents({ id: second.eventId, projectId: a, limit: 10 });
      assert.deepEqual([byEventId.matchedBy, byEventId.events.length], ['eventId', 0]);
    });

    it('links events and transactions of one trace', async () => {
      const projectId = await project();
      const traceId = newTraceId();
      const root = newSpanId();
      const child = newSpanId();
      const t = Date.now() / 1000;
      const error = bugEvent(
        {},
        { contexts: { trace: { trace_id: traceId, span_id: child, parent_span_id: root } } },
      );
      const transaction = ingestEvent({
        type: 'transaction',
        transaction: 'GET /users/:id',
        start_timestamp: t - 0.25,
        timestamp: t,
        tags: { service: 'users-api' },
        contexts: {
          trace: { trace_id: traceId, span_id: root, op: 'http.server', status: 'internal_error' },
          response: { status_code: 500 },
        },
      });
      await ingest(store, batch(projectId, [error], { transactions: [transaction] }));
      const trace = await store.getTrace(traceId.toUpperCase());
      assert.equal(trace.events.length, 1);
      assert.deepEqual([trace.events[0]?.spanId, trace.events[0]?.parentSpanId], [child, root]);
      const [row] = trace.transactions;
      assert.deepEqual(
        [row?.name, row?.op, row?.status, row?.httpStatus, row?.service, row?.spanId],
        ['GET /users/:id', 'http.server', 'internal_error', 500, 'users-api', root],
      );
      assert.ok(Math.abs((row?.durationMs ?? 0) - 250) <= 1);
      assert.deepEqual((await store.getTrace(newTraceId())).events, []);
    });

    it('counts sessions, client reports, drops and errors per minute, and sums them per release and reason', async () => {
      const projectId = await project();
      const minute = Date.UTC(2033, 0, 1, 10, 0);
      const attrs = { release: 'app@9', environment: 'production' };
      await ingest(
        store,
        batch(projectId, [bugEvent({}, { release: 'app@9', timestamp: (minute + 5000) / 1000 })], {
          receivedAt: minute + 5000,
          sessions: [
            { init: true, started: new Date(minute + 1000).toISOString(), status: 'ok', attrs },
            { started: new Date(minute + 1000).toISOString(), status: 'crashed', errors: 1, attrs },
          ],
          sessionAggregates: [
            {
              aggregates: [
                { started: new Date(minute + 30_000).toISOString(), exited: 10, errored: 2, crashed: 1 },
              ],
              attrs,
            },
          ],
          clientReports: [
            {
              timestamp: minute / 1000,
              discarded_events: [{ reason: 'queue_overflow', category: 'error', quantity: 3 }],
            },
          ],
          dropped: { attachment_too_large: 2 },
        }),
      );
      const range = { projectId, from: minute, to: minute + 60_000 };
      const [sessions] = await store.sessionCounts(range);
      assert.deepEqual(
        [sessions?.started, sessions?.exited, sessions?.errored, sessions?.crashed, sessions?.abnormal],
        [14, 10, 2, 2, 0],
      );
      const discards = await store.discardCounts(range);
      assert.deepEqual(
        discards.map((d) => [d.source, d.reason, d.category, d.quantity]),
        [
          ['client', 'queue_overflow', 'error', 3],
          ['collector', 'attachment_too_large', 'item', 2],
        ],
      );
      assert.deepEqual(await store.errorCounts({ ...range, release: 'app@9' }), [
        { release: 'app@9', minute, count: 1 },
      ]);
      assert.deepEqual(
        (await store.discardTotals({ projectId, from: 0, to: Number.MAX_SAFE_INTEGER })).map((d) => [
          d.source,
          d.reason,
          d.quantity,
        ]),
        [
          ['client', 'queue_overflow', 3],
          ['collector', 'attachment_too_large', 2],
        ],
        'summed over the range, largest first',
      );
      const health = (await store.releaseHealth(projectId)).find((r) => r.version === 'app@9');
      assert.deepEqual(
        [health?.sessions, health?.crashedSessions, health?.erroredSessions, health?.abnormalSessions],
        [14, 2, 2, 0],
      );
    });

    it('keeps one issue with exact counts when two handles digest concurrently', async () => {
      const projectId = await project();
      const other = handle.concurrentHandles ? await handle.open() : store;
      try {
        const rounds = 5;
        const work: Promise<unknown>[] = [];
        for (let i = 0; i < rounds; i++) {
          for (const s of [store, other]) {
            work.push(
              ingest(
                s,
                batch(projectId, [bugEvent({}, { user: { id: `u${i % 3}` } }), bugEvent({ fn: 'two' })]),
              ),
            );
          }
        }
        await Promise.all(work);
        const page = await store.listIssues({ projectId, sort: 'count', limit: 10 });
        assert.deepEqual(
          page.items.map((i) => [i.count, i.usersAffected]).sort((a, b) => b[1]! - a[1]!),
          [
            [10, 3],
            [10, 0],
          ],
        );
      } finally {
        if (other !== store) await other.close();
      }
    });

    it('keeps data across a close and reopen', async () => {
      const projectId = await project();
      await ingest(store, batch(projectId, [bugEvent()]));
      const reopened = await handle.open();
      try {
        assert.equal((await reopened.listIssues({ projectId, sort: 'lastSeen', limit: 5 })).items.length, 1);
      } finally {
        await reopened.close();
      }
    });

    it('rejects a malformed cursor with a ParseError', async () => {
      const projectId = await project();
      await assert.rejects(
        store.listIssues({ projectId, sort: 'lastSeen', limit: 5, cursor: 'bm9wZQ' }),
        (e: unknown) => isFaultlineError(e) && e.code === 'FL_PARSE',
      );
    });

    contractListing(() => store, project);
    contractGroupCommit(() => store, project);
    contractRates(() => store, project);
    contractUsers(() => store);
    contractAlerts(() => store, project);
    contractIssueSearch(() => store, project);
  });

  contractIssueStats(name, fixture);
  contractLeases(name, fixture);

  describe(`Store contract: ${name} retention`, () => {
    let handle: StoreHandle;
    before(async () => {
      handle = await fixture.create();
    });
    after(async () => {
      await handle?.store.close();
      await fixture.cleanup();
    });

    it('deletes old events and events past M per issue; issues remain', async () => {
      const { store } = handle;
      const projectId = (await store.createProject('retention')).id;
      const old = Date.UTC(2020, 0, 1);
      const oldEvents = [0, 1, 2].map((i) => bugEvent({}, { timestamp: (old + i) / 1000 }));
      await ingest(store, { ...batch(projectId, oldEvents), receivedAt: old });
      const recent = [0, 1, 2, 3].map((i) => ingestEvent(bugEvent({}, { timestamp: Date.now() / 1000 + i })));
      await ingest(store, batch(projectId, recent));
      assert.equal(await store.deleteEvents({ olderThan: old + 1 }), 3);
      const issue = await onlyIssue(store, projectId);
      assert.equal(issue.count, 7, 'counts are history, not what is still stored');
      assert.equal(await store.deleteEvents({ maxPerIssue: 2 }), 2);
      const left = await store.listEvents({ issueId: issue.id, limit: 10 });
      assert.deepEqual(
        left.items.map((e) => e.eventId),
        [recent[3]!.eventId, recent[2]!.eventId],
      );
      assert.equal(await store.deleteEvents({ olderThan: old, maxPerIssue: 2 }), 0);
      assert.ok(await store.getIssue(issue.id));
    });
  });
}
