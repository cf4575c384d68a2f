/**
 * Snoozes (issue 19 §2): an issue ignored until N more events, N more users, a time or an
 * escalation comes back by itself exactly when the condition is met, not one event or one
 * millisecond before, and records why; plain "ignored" stays ignored; a bad `ignoreUntil` is a
 * precise 400. Through real ingest (HTTP envelopes) on a real collector; the timed snooze through
 * the store's wake (the snooze job's one call) with its clock given, the escalation through
 * digest with its clock given over a seeded week. SQLite, and PostgreSQL when
 * FAULTLINE_TEST_PG_URL is set.
 */

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { HOUR_MS, MINUTE_MS, type SampledOccurrence, type SentryEvent } from '@faultline/core';
import { forEachEngine, startTestCollector, type TestCollector } from '@faultline/test-support';
import { digestBatches } from '../src/digest/digest.js';
import { ESCALATION_BASELINE_HOURS, ESCALATION_FACTOR, MAX_SNOOZE_MINUTES } from '../src/limits.js';
import { hourOf } from '../src/store/hours.js';
import { batch, ingestEvent } from './digest-fixtures.js';

/** An event of the issue named `group`, at `at` (ms), as `send` makes them. */
const groupEvent = (group: string, at: number): SentryEvent => ({
  level: 'error',
  message: `snooze test ${group}`,
  fingerprint: [group],
  timestamp: at / 1000,
});

forEachEngine((engine) => {
  describe(`snoozed issues come back (${engine.name})`, () => {
    let c: TestCollector;
    before(async () => {
      c = await startTestCollector({ engine });
    });
    after(() => c.close());

    const call = (method: string, path: string, body?: unknown) => c.call(method, path, body);

    /** One error event of the issue named `group`, through ingest; resolves once committed. */
    async function send(group: string, user?: string) {
      const dsn = new URL(c.dsn);
      const id = randomUUID().replace(/-/g, '');
      const event = {
        event_id: id,
        level: 'error',
        message: `snooze test ${group}`,
        fingerprint: [group],
        ...(user === undefined ? {} : { user: { id: user } }),
      };
      const body = `${JSON.stringify({ event_id: id })}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
      const res = await fetch(
        `${dsn.protocol}//${dsn.host}/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}`,
        { method: 'POST', body },
      );
      assert.equal(res.status, 200, await res.text());
    }

    /** The issue of `group` as the API shows it. */
    async function issueOf(group: string) {
      const list = await c.api('/api/v1/projects/1/issues?limit=200');
      const found = list.items.find((i: { title: string }) => i.title === `snooze test ${group}`);
      assert.ok(found, `issue ${group} is listed`);
      return c.api(`/api/v1/issues/${found.id}`);
    }

    async function snooze(id: number, ignoreUntil: unknown) {
      const res = await call('PATCH', `/api/v1/issues/${id}`, { status: 'ignored', ignoreUntil });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    }

    test('until 3 more events: 2 keep it ignored, the 3rd brings it back (reason count)', async () => {
      await send('count');
      await send('count');
      const { id } = await issueOf('count');
      const snoozed = await snooze(id, { count: 3 });
      assert.equal(snoozed.status, 'ignored');
      assert.deepEqual(snoozed.ignoreUntil, { count: 3 });
      assert.equal(snoozed.snoozeRemaining, 3);
      assert.ok(Date.parse(snoozed.snoozedAt) > 0);
      await send('count');
      await send('count');
      const still = await issueOf('count');
      assert.equal(still.status, 'ignored');
      assert.equal(still.snoozeRemaining, 1);
      assert.equal(still.unignoredReason, null);
      const before = Date.now();
      await send('count');
      const back = await issueOf('count');
      assert.equal(back.status, 'unresolved');
      assert.equal(back.unignoredReason, 'count');
      assert.ok(Date.parse(back.unignoredAt) >= before - 1000);
      assert.equal(back.ignoreUntil, null);
      assert.equal(back.count, 5);
      // Any status change forgets why it came back, as it forgets a regression.
      const resolved = await call('PATCH', `/api/v1/issues/${id}`, { status: 'resolved' });
      assert.equal(resolved.body.unignoredReason, null);
    });

    test("until 3 more events: a storm's sampled occurrences count like the events they are like", async () => {
      const full = ingestEvent(groupEvent('sampled', Date.now()));
      await c.store.write((tx) => digestBatches(tx, [batch(1, [full])]));
      const { id } = await issueOf('sampled');
      await snooze(id, { count: 3 });
      const occurrence = (requestId: string): SampledOccurrence => ({
        requestId,
        method: 'GET',
        route: '/boom',
        status: 500,
        timestamp: Date.now() / 1000,
        like: full.eventId,
      });
      await c.store.write((tx) =>
        digestBatches(tx, [batch(1, [], { sampled: [occurrence('r-1'), occurrence('r-2')] })]),
      );
      assert.equal((await issueOf('sampled')).status, 'ignored');
      await c.store.write((tx) => digestBatches(tx, [batch(1, [], { sampled: [occurrence('r-3')] })]));
      const back = await issueOf('sampled');
      assert.deepEqual([back.status, back.unignoredReason, back.count], ['unresolved', 'count', 4]);
    });

    test('until 2 more users: known users and one new keep it ignored, the 2nd new one brings it back', async () => {
      await send('users', 'u0');
      const { id } = await issueOf('users');
      await snooze(id, { users: 2 });
      await send('users', 'u0');
      await send('users');
      await send('users', 'u1');
      await send('users', 'u1');
      const still = await issueOf('users');
      assert.equal(still.status, 'ignored');
      assert.equal(still.snoozeRemaining, 1);
      await send('users', 'u2');
      const back = await issueOf('users');
      assert.equal(back.status, 'unresolved');
      assert.equal(back.unignoredReason, 'users');
      assert.equal(back.usersAffected, 3);
    });

    test('for 30 minutes: the wake leaves it a millisecond before the end, wakes it at the end, once', async () => {
      await send('time');
      const { id } = await issueOf('time');
      const asked = Date.now();
      const snoozed = await snooze(id, { minutes: 30 });
      const ends = Date.parse(snoozed.snoozeEndsAt);
      assert.ok(ends >= asked + 30 * MINUTE_MS && ends <= Date.now() + 30 * MINUTE_MS);
      assert.equal(await c.store.wakeSnoozedIssues(ends - 1), 0);
      assert.equal((await issueOf('time')).status, 'ignored');
      // Two collectors' jobs at once (PostgreSQL: two connections): the issue wakes once.
      const woken = await Promise.all([c.store.wakeSnoozedIssues(ends), c.store.wakeSnoozedIssues(ends)]);
      assert.equal(woken[0] + woken[1], 1, `woken ${woken.join(' + ')}`);
      const back = await issueOf('time');
      assert.equal(back.status, 'unresolved');
      assert.equal(back.unignoredReason, 'time');
      assert.equal(Date.parse(back.unignoredAt), ends, 'it came back when its time ended');
      assert.equal(await c.store.wakeSnoozedIssues(ends + HOUR_MS), 0, 'a second pass wakes nothing');
    });

    test('a timed snooze past its end: the next event finds it awake (reason time), with no job', async () => {
      await send('time-event');
      const { id } = await issueOf('time-event');
      await snooze(id, { minutes: 1 });
      const later = Date.now() + 2 * MINUTE_MS;
      await c.store.write((tx) =>
        digestBatches(tx, [batch(1, [groupEvent('time-event', Date.now())])], { now: later }),
      );
      const back = await issueOf('time-event');
      assert.equal(back.status, 'unresolved');
      assert.equal(back.unignoredReason, 'time');
    });

    test('until it escalates: over a week of 3 an hour, 15 in the hour keep it ignored, the 16th wakes it', async () => {
      const hour = hourOf(Date.now()) - HOUR_MS;
      const event = (at: number) => groupEvent('escalating', at);
      const perHour = 3;
      const seeded: SentryEvent[] = [];
      for (let h = 1; h <= ESCALATION_BASELINE_HOURS; h++)
        for (let k = 0; k < perHour; k++) seeded.push(event(hour - h * HOUR_MS + k * MINUTE_MS));
      await c.store.write((tx) => digestBatches(tx, [batch(1, seeded)], { now: hour }));
      const { id } = await issueOf('escalating');
      await snooze(id, { escalating: true });
      const inHour = (n: number) => Array.from({ length: n }, (_, k) => event(hour + k * 1000));
      const now = hour + 30 * MINUTE_MS;
      const threshold = ESCALATION_FACTOR * perHour; // 15: the hour must exceed it
      // In two commits: the stored hour counts and a commit's own both count.
      await c.store.write((tx) => digestBatches(tx, [batch(1, inHour(10))], { now }));
      await c.store.write((tx) => digestBatches(tx, [batch(1, inHour(threshold - 10))], { now }));
      const still = await issueOf('escalating');
      assert.equal(still.status, 'ignored');
      assert.deepEqual(still.ignoreUntil, { escalating: true });
      await c.store.write((tx) => digestBatches(tx, [batch(1, inHour(1))], { now }));
      const back = await issueOf('escalating');
      assert.equal(back.status, 'unresolved');
      assert.equal(back.unignoredReason, 'escalating');
      assert.equal(Date.parse(back.unignoredAt), now);
    });

    test('plain ignored stays ignored whatever arrives', async () => {
      await send('forever');
      const { id } = await issueOf('forever');
      const res = await call('PATCH', `/api/v1/issues/${id}`, { status: 'ignored' });
      assert.equal(res.body.ignoreUntil, null);
      for (let k = 0; k < 5; k++) await send('forever', `u${k}`);
      const still = await issueOf('forever');
      assert.equal(still.status, 'ignored');
      assert.equal(still.unignoredReason, null);
    });

    test('bad ignoreUntil: 400 naming the field and what is accepted, nothing changed', async () => {
      await send('bad');
      const { id } = await issueOf('bad');
      const cases: [unknown, RegExp][] = [
        [{ count: 0 }, /ignoreUntil\.count must be a whole number from 1 to 1,000,000/],
        [{ count: -3 }, /ignoreUntil\.count must be a whole number/],
        [{ users: 2.5 }, /ignoreUntil\.users must be a whole number/],
        [{ users: '10' }, /ignoreUntil\.users must be a whole number/],
        [
          { minutes: MAX_SNOOZE_MINUTES + 1 },
          /ignoreUntil\.minutes must be a whole number from 1 to 525,600/,
        ],
        [{ count: 10, users: 10 }, /exactly one of minutes, count, users, escalating; got count, users/],
        [{}, /exactly one of .*; got none/],
        [{ hours: 1 }, /exactly one of/],
        [{ escalating: false }, /ignoreUntil\.escalating must be true/],
        [[{ count: 1 }], /ignoreUntil must be an object/],
        ['30m', /ignoreUntil must be an object/],
      ];
      for (const [ignoreUntil, detail] of cases) {
        const res = await call('PATCH', `/api/v1/issues/${id}`, { status: 'ignored', ignoreUntil });
        assert.equal(res.status, 400, JSON.stringify(ignoreUntil));
        assert.match(res.body.detail, detail);
        assert.equal(res.body.code, 'FL_API_BAD_REQUEST');
      }
      const wrongStatus = await call('PATCH', `/api/v1/issues/${id}`, {
        status: 'resolved',
        ignoreUntil: { count: 10 },
      });
      assert.equal(wrongStatus.status, 400);
      assert.match(wrongStatus.body.detail, /only accepted with status "ignored"/);
      assert.equal((await issueOf('bad')).status, 'unresolved', 'nothing was changed');
    });
  });
});
