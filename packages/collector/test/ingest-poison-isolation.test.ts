/**
 * One bad envelope must never fail other requests' events ("Hardening the collector" §1). A NUL
 * in a stored string or a number past BIGINT made PostgreSQL refuse the whole group commit, so
 * every request sharing it got 503 and lost its events, across projects; SQLite stored the same
 * input as is. Here, on both engines, project A sends each kind of poison while project B sends
 * valid events all along: every one of B's events is committed (read back, exact ids), A's
 * poison is stored normalized (or dropped and counted), and each poison shared a group commit
 * with B's batches, so the isolation was really put to the test. A last case makes the real
 * store refuse one batch's rows: only that request gets a 400, and the operator a log line.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROUTE_RATES_ITEM_TYPE } from '@faultline/core';
import { digestBatches } from '../src/digest/digest.js';
import type { IngestBatch } from '../src/ingest-batch.js';
import { asEventId, asProjectId, type ProjectId } from '../src/store/ids.js';
import {
  envelope,
  eventEnvelope,
  eventId,
  type IngestServer,
  request,
  serveIngest,
} from './ingest-helpers.js';
import { type EngineHandle, forEachEngine } from './store-engines.js';

/** Senders of B's valid events, and the pause between two events of one sender. */
const B_SENDERS = 4;
const B_PAUSE_MS = 5;
/** A long group-commit window, so a poison request always shares its commit with B's batches. */
const WINDOW_MS = 100;
/** A loaded test machine must not turn into 429s (admission, commit latency): overload has its
 * own tests, and here every one of B's requests must be answered 200. */
const NO_OVERLOAD_REFUSALS = {
  admissionEventLoopDelayMs: 60_000,
  admissionInflightRequests: 1_000_000,
  admissionCommitLatencyMs: 60_000,
  maxCommitLatencyMs: 60_000,
};
const MINUTE_MS = 60_000;
/** The defence-in-depth case: its batch gets a row the store refuses (a NOT NULL column). */
const REFUSE_ME = 'the store refuses this batch';

const FFFD = '\uFFFD';
const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
const ALL_TIME = { from: 0, to: Number.MAX_SAFE_INTEGER };

type Item = { header: Record<string, unknown>; payload: string; length?: boolean };
const item = (type: string, payload: unknown, header: Record<string, unknown> = {}): Item => ({
  header: { type, ...header },
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
});

forEachEngine((engine) => {
  describe(`ingest: one project's poison never fails another's events (${engine.name})`, () => {
    let h: EngineHandle;
    let server: IngestServer;
    const projects: Record<'A' | 'B', { id: ProjectId; key: string }> = {} as never;
    /** Commit calls whose batches came from both projects. */
    let shared = 0;
    const logs: string[] = [];
    let stop = false;
    let stream: Promise<void>;
    const acknowledged: string[] = [];
    const unexpected: string[] = [];

    const url = (p: 'A' | 'B') =>
      `${server.url}/api/${projects[p].id}/envelope/?sentry_key=${projects[p].key}&sentry_version=7`;
    const sendB = async () => {
      const id = eventId();
      const r = await request(url('B'), { body: eventEnvelope({ message: 'valid from B' }, id) });
      if (r.status === 200 && r.json?.id === id) acknowledged.push(id);
      else unexpected.push(`${r.status} ${r.text}`);
    };
    /** Sends A's envelope together with one more B event; A's answer, and what changed meanwhile. */
    const sendA = async (items: Item[], header: Record<string, unknown> = {}) => {
      const sharedBefore = shared;
      const logsBefore = logs.length;
      const t0 = Date.now();
      const [reply] = await Promise.all([request(url('A'), { body: envelope(header, items) }), sendB()]);
      return {
        reply,
        shared: shared > sharedBefore,
        logs: logs.slice(logsBefore),
        minutes: [minuteOf(t0), minuteOf(Date.now())],
      };
    };
    /** Sends A's poison, which must be accepted, stored normalized, in a commit shared with B. */
    const poison = async (items: Item[], header: Record<string, unknown> = {}) => {
      const sent = await sendA(items, header);
      assert.equal(sent.reply.status, 200, sent.reply.text);
      assert.ok(sent.shared, 'the poison shared a group commit with B');
      assert.deepEqual(sent.logs, [], 'nothing was refused for its content');
      return sent;
    };
    const a = () => projects.A.id;
    const storedEvent = async (id: string) => {
      const e = await h.store.getEvent(asEventId(id), a());
      assert.ok(e, `event ${id} stored`);
      return e;
    };
    const discarded = async (source: 'client' | 'collector', reason: string) =>
      (await h.store.discardCounts({ projectId: a(), ...ALL_TIME }))
        .filter((d) => d.source === source && d.reason === reason)
        .reduce((sum, d) => sum + d.quantity, 0);
    const sessions = async (release: string) =>
      (await h.store.sessionCounts({ projectId: a(), ...ALL_TIME })).filter((s) => s.release === release);

    before(async () => {
      h = await engine.open();
      for (const name of ['A', 'B'] as const) {
        const project = await h.store.createProject(`poison-${name}`);
        projects[name] = { id: project.id, key: (await h.store.createKey(project.id)).publicKey };
      }
      const commit = async (batches: readonly IngestBatch[]) => {
        const ids = new Set(batches.map((b) => b.projectId));
        if (ids.has(projects.A.id) && ids.has(projects.B.id)) shared++;
        await h.store.write(async (tx) => {
          await digestBatches(tx, batches);
          for (const b of batches)
            if (b.events.some((e) => e.event.message === REFUSE_ME))
              await tx.insertAttachment({
                projectId: asProjectId(b.projectId),
                eventId: asEventId(b.events[0]!.eventId),
                filename: null as unknown as string,
                contentType: 'text/plain',
                attachmentType: 'event.attachment',
                bytes: new Uint8Array(1),
                receivedAt: b.receivedAt,
              });
        });
      };
      server = await serveIngest(
        { findKey: (k) => h.store.findKey(k), projectExists: (id) => h.store.projectExists(id), commit },
        { ...NO_OVERLOAD_REFUSALS, groupCommitWindowMs: WINDOW_MS, log: (message) => logs.push(message) },
      );
      const sender = async () => {
        while (!stop) {
          await sendB();
          await new Promise((resolve) => setTimeout(resolve, B_PAUSE_MS));
        }
      };
      stream = Promise.all(Array.from({ length: B_SENDERS }, sender)).then(() => undefined);
    });

    after(async () => {
      stop = true;
      await stream;
      try {
        assert.deepEqual(unexpected, [], 'every one of B’s requests was answered 200');
        assert.ok(acknowledged.length >= 20, `B's events flowed throughout (${acknowledged.length})`);
        const issues = (await h.store.listIssues({ projectId: projects.B.id, sort: 'count', limit: 10 }))
          .items;
        assert.equal(issues.length, 1);
        assert.equal(issues[0]!.count, acknowledged.length, 'B’s issue counted every acknowledged event');
        const stored: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await h.store.listEvents({
            issueId: issues[0]!.id,
            limit: 200,
            ...(cursor === undefined ? {} : { cursor }),
          });
          stored.push(...page.items.map((e) => e.eventId));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
        assert.deepEqual(stored.toSorted(), acknowledged.toSorted(), 'exactly B’s acknowledged events');
      } finally {
        await server.close();
        await h.dispose();
      }
    });

    it('NUL in the title (message, exception type and value)', async () => {
      const id = eventId();
      await poison(
        [
          item('event', {
            message: 'boom\u0000 one',
            exception: { values: [{ type: 'Bad\u0000Error', value: 'it\u0000 broke' }] },
          }),
        ],
        { event_id: id },
      );
      const e = await storedEvent(id);
      assert.equal(e.title, `Bad${FFFD}Error: it${FFFD} broke`);
      assert.equal(e.payload.message, `boom${FFFD} one`);
      assert.equal((await h.store.getIssue(e.issueId))?.title, e.title);
    });

    it('NUL in tag keys and values', async () => {
      const id = eventId();
      await poison([item('event', { message: 'tags', tags: { 'k\u0000ey': 'v\u0000al', '\u0000': 'x' } })], {
        event_id: id,
      });
      const e = await storedEvent(id);
      for (const [key, value] of [
        [`k${FFFD}ey`, `v${FFFD}al`],
        [FFFD, 'x'],
      ] as const) {
        const page = await h.store.listIssues({
          projectId: a(),
          tag: [{ key, value }],
          sort: 'count',
          limit: 5,
        });
        assert.deepEqual(
          page.items.map((i) => i.id),
          [e.issueId],
          `tag ${key}`,
        );
      }
    });

    it('NUL in the release and the environment', async () => {
      const id = eventId();
      await poison([item('event', { message: 'rel', release: 'api@1\u0000', environment: 'pr\u0000od' })], {
        event_id: id,
      });
      const e = await storedEvent(id);
      assert.deepEqual([e.release, e.environment], [`api@1${FFFD}`, `pr${FFFD}od`]);
      const release = (await h.store.listReleases(a())).find((r) => r.version === `api@1${FFFD}`);
      assert.equal(release?.eventCount, 1);
      const detail = await h.store.getIssue(e.issueId);
      assert.ok(detail?.environments.includes(`pr${FFFD}od`));
    });

    it('NUL in the user fields', async () => {
      const id = eventId();
      const user = { id: 'u\u0000', email: 'e\u0000@x.io', username: 'n\u0000', ip_address: '1\u0000' };
      await poison([item('event', { message: 'user', user })], { event_id: id });
      const e = await storedEvent(id);
      assert.equal(e.userKey, `u${FFFD}`);
      assert.equal((await h.store.getIssue(e.issueId))?.usersAffected, 1);
      assert.equal((e.payload.user as Record<string, unknown>).email, `e${FFFD}@x.io`);
    });

    it('NUL in the transaction name, the service and the request id', async () => {
      const id = eventId();
      await poison(
        [
          item('event', {
            message: 'ctx',
            transaction: 'GET /t\u0000x',
            server_name: 's\u0000vc',
            tags: { request_id: 'req\u0000-1' },
          }),
        ],
        { event_id: id },
      );
      const e = await storedEvent(id);
      assert.deepEqual(
        [e.transaction, e.service, e.requestId],
        [`GET /t${FFFD}x`, `s${FFFD}vc`, `req${FFFD}-1`],
      );
      assert.equal((await h.store.findIncidents({ id: `req${FFFD}-1`, limit: 1 })).events[0]?.eventId, id);
    });

    it("NUL in a transaction event's name, op and status", async () => {
      const id = eventId();
      const traceId = 'ab'.repeat(16);
      const now = Date.now() / 1000;
      await poison(
        [
          item('transaction', {
            type: 'transaction',
            transaction: 'GET /t\u0000x',
            start_timestamp: now - 0.25,
            timestamp: now,
            contexts: {
              trace: { trace_id: traceId, span_id: 'cd'.repeat(8), op: 'ht\u0000tp', status: 'o\u0000k' },
            },
          }),
        ],
        { event_id: id },
      );
      const [t] = (await h.store.getTrace(traceId)).transactions;
      assert.deepEqual([t?.name, t?.op, t?.status], [`GET /t${FFFD}x`, `ht${FFFD}tp`, `o${FFFD}k`]);
      assert.ok(Math.abs((t?.durationMs ?? 0) - 250) <= 1, `duration ${t?.durationMs}`);
    });

    it('NUL in the release, service and route of a faultline_rates item', async () => {
      const t0 = Date.now();
      const sent = await poison([
        item(ROUTE_RATES_ITEM_TYPE, {
          release: 'rates@1\u0000',
          service: 'ra\u0000tes',
          buckets: [
            {
              minute: new Date(minuteOf(t0)).toISOString(),
              routes: [
                { method: 'GET', route: '/r\u0000oute', requests: 3, errors4xx: 0, errors5xx: 1, shed: 0 },
              ],
            },
          ],
        }),
      ]);
      const points = await h.store.routeRates({
        projectId: a(),
        by: 'route',
        from: sent.minutes[0]!,
        to: sent.minutes[1]! + MINUTE_MS,
        bucketMs: MINUTE_MS,
      });
      const route = points.filter((p) => p.key === `GET /r${FFFD}oute`);
      assert.deepEqual(
        route.map((p) => [p.requests, p.errors5xx]),
        [[3, 1]],
      );
      const releases = await h.store.routeRates({
        projectId: a(),
        by: 'release',
        ...ALL_TIME,
        bucketMs: MINUTE_MS,
      });
      assert.ok(releases.some((p) => p.key === `rates@1${FFFD}`));
    });

    it('NUL in the attributes of session updates and aggregates', async () => {
      const started = new Date().toISOString();
      await poison([
        item('session', {
          started,
          init: true,
          status: 'exited',
          attrs: { release: 's\u0000@1', environment: 'e\u0000' },
        }),
        item('sessions', {
          aggregates: [{ started, crashed: 2 }],
          attrs: { release: 's\u0000@1', environment: 'e\u0000' },
        }),
      ]);
      const rows = await sessions(`s${FFFD}@1`);
      assert.deepEqual(
        rows.map((r) => [r.environment, r.started, r.exited, r.crashed]),
        [[`e${FFFD}`, 3, 1, 2]],
      );
    });

    it('NUL in the reason and category of a client report', async () => {
      await poison([
        item('client_report', {
          discarded_events: [{ reason: 'r\u0000', category: 'c\u0000', quantity: 2 }],
        }),
      ]);
      const rows = (await h.store.discardCounts({ projectId: a(), ...ALL_TIME })).filter(
        (d) => d.reason === `r${FFFD}`,
      );
      assert.deepEqual(
        rows.map((d) => [d.source, d.category, d.quantity]),
        [['client', `c${FFFD}`, 2]],
      );
    });

    it('NUL in the file name, content type and attachment type of an attachment', async () => {
      const id = eventId();
      await poison(
        [
          item('event', { message: 'with attachment' }),
          item('attachment', 'hello', {
            filename: 'a\u0000.txt',
            content_type: 'text/pl\u0000ain',
            attachment_type: 'event.\u0000attachment',
          }),
        ],
        { event_id: id },
      );
      const rows = await h.rows<{
        filename: string;
        content_type: string;
        attachment_type: string;
        size: number;
      }>(`SELECT filename, content_type, attachment_type, size FROM attachments WHERE event_id = '${id}'`);
      assert.deepEqual(
        rows.map((r) => [r.filename, r.content_type, r.attachment_type, Number(r.size)]),
        [[`a${FFFD}.txt`, `text/pl${FFFD}ain`, `event.${FFFD}attachment`, 5]],
      );
    });

    it('session updates started at 1e300 s, at a 400-digit number and before the epoch', async () => {
      const attrs = { release: 'num@1' };
      const sent = await poison([
        item('session', { started: 1e300, timestamp: 1e300, init: true, status: 'exited', attrs }),
        item(
          'session',
          `{"started":"1${'0'.repeat(400)}","init":true,"status":"crashed","attrs":{"release":"num@1"}}`,
        ),
        item('session', {
          started: -1,
          init: true,
          status: 'abnormal',
          duration: 1e300,
          errors: 1e300,
          attrs,
        }),
      ]);
      // An unreadable time (past a Date's range) stands for the time the collector received it.
      const rows = await sessions('num@1');
      assert.deepEqual(
        rows.map((r) => [r.started, r.exited, r.crashed, r.abnormal]),
        [[3, 1, 1, 1]],
      );
      assert.ok(sent.minutes.includes(rows[0]!.minute), `minute ${rows[0]!.minute}`);
    });

    it('session aggregates with counts of 1e300 and 1e400 (Infinity) and a start of 1e300', async () => {
      const started = JSON.stringify(new Date().toISOString());
      const dropped = await discarded('collector', 'session_count_out_of_range');
      const sent = await poison([
        item(
          'sessions',
          `{"attrs":{"release":"agg@1"},"aggregates":[{"started":${started},"exited":1e300},` +
            `{"started":${started},"errored":1e400},{"started":1e300,"exited":2,"abnormal":-5}]}`,
        ),
      ]);
      const rows = await sessions('agg@1');
      assert.deepEqual(
        rows.map((r) => [r.started, r.exited, r.errored, r.abnormal]),
        [[2, 2, 0, 0]],
      );
      assert.ok(sent.minutes.includes(rows[0]!.minute));
      assert.equal((await discarded('collector', 'session_count_out_of_range')) - dropped, 2);
    });

    it('client report quantities of 1e300 and a timestamp of 1e300', async () => {
      const dropped = await discarded('collector', 'discard_count_out_of_range');
      const sent = await poison([
        item('client_report', {
          timestamp: 1e300,
          discarded_events: [
            { reason: 'huge', category: 'error', quantity: 1e300 },
            { reason: 'fine', category: 'error', quantity: 4 },
          ],
        }),
      ]);
      const rows = (await h.store.discardCounts({ projectId: a(), ...ALL_TIME })).filter(
        (d) => d.source === 'client' && (d.reason === 'fine' || d.reason === 'huge'),
      );
      assert.deepEqual(
        rows.map((d) => [d.reason, d.quantity]),
        [['fine', 4]],
      );
      assert.ok(sent.minutes.includes(rows[0]!.minute));
      assert.equal((await discarded('collector', 'discard_count_out_of_range')) - dropped, 1);
    });

    it('rates counts of 1e300: the route is left out, the item dropped and counted', async () => {
      const dropped = await discarded('collector', 'invalid_rates');
      await poison([
        item(ROUTE_RATES_ITEM_TYPE, {
          buckets: [
            {
              minute: new Date().toISOString(),
              routes: [
                { method: 'GET', route: '/huge', requests: 1e300, errors4xx: 0, errors5xx: 1e300, shed: 0 },
              ],
            },
          ],
        }),
      ]);
      assert.equal((await discarded('collector', 'invalid_rates')) - dropped, 1);
      const points = await h.store.routeRates({
        projectId: a(),
        by: 'route',
        ...ALL_TIME,
        bucketMs: MINUTE_MS,
      });
      assert.equal(points.filter((p) => p.key === 'GET /huge').length, 0);
    });

    it('event and transaction times of 1e300 s and an HTTP status of 1e300', async () => {
      const id = eventId();
      const sent = await poison([item('event', { message: 'times', timestamp: 1e300 })], { event_id: id });
      const e = await storedEvent(id);
      assert.ok(e.timestamp >= sent.minutes[0]! && e.timestamp < sent.minutes[1]! + MINUTE_MS);
      const traceId = 'ef'.repeat(16);
      await poison(
        [
          item('transaction', {
            type: 'transaction',
            transaction: 'GET /times',
            start_timestamp: 1e300,
            timestamp: 1e300,
            contexts: {
              trace: { trace_id: traceId, span_id: '12'.repeat(8) },
              response: { status_code: 1e300 },
            },
          }),
        ],
        { event_id: eventId() },
      );
      const [t] = (await h.store.getTrace(traceId)).transactions;
      assert.deepEqual([t?.httpStatus, t?.durationMs], [null, null]);
      assert.ok(t !== undefined && t.timestamp >= sent.minutes[0]!);
    });

    it('an attachment length of 1e300 is refused with 400 at parsing, never reaching the store', async () => {
      const sent = await sendA(
        [
          item('event', { message: 'long' }),
          { ...item('attachment', 'x', { length: 1e300 }), length: false },
        ],
        { event_id: eventId() },
      );
      assert.equal(sent.reply.status, 400);
      assert.match(sent.reply.json.detail, /item 1 header has an invalid "length"/);
    });

    it('a batch whose rows the store refuses gets 400 with the reason; the rest of its group commits', async () => {
      const id = eventId();
      const sent = await sendA([item('event', { message: REFUSE_ME })], { event_id: id });
      assert.equal(sent.reply.status, 400, sent.reply.text);
      const reason =
        engine.name === 'PostgreSQL'
          ? 'PostgreSQL SQLSTATE 23502 (integrity constraint violation)'
          : 'SQLite SQLITE_CONSTRAINT_NOTNULL';
      assert.equal(
        sent.reply.json.detail,
        `the store refused this request's data (${reason}); nothing of it was saved`,
      );
      assert.ok(sent.shared, 'the refused batch shared a group commit with B');
      assert.deepEqual(sent.logs, [
        `faultline ingest: refused a batch of project ${a()} for its data (${reason}); answered 400, ` +
          'nothing of it saved (1 events, 0 transactions, 0 session items, 0 attachments)',
      ]);
      assert.equal(await h.store.getEvent(asEventId(id), a()), undefined);
    });
  });
});
