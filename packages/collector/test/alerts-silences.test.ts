/**
 * Silences (issue 14 §4, §6 "Silences expire; the action interval holds; evaluation records match
 * the decisions"), over HTTP against a real collector, both engines: a silence stops what would
 * fire and the log says `silenced` and which silence; it ends at its time, when expired, or (an
 * until-resolved one) when its issue is resolved, and firing resumes; the action interval counts
 * from the last notification across a silence; bad input is a precise 400. Where a test needs
 * time to pass, the digest commit runs at a given clock (as ingest's commit does).
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import { MAX_SILENCE_COMMENT_LENGTH } from '../src/limits.js';
import { eventually, uniqueMessage } from './alerts-fixtures.js';
import { MINUTE_MS, useSilenceKit } from './alerts-silence-kit.js';

const frequency = (actionIntervalMinutes: number) => ({
  trigger: { type: 'frequency', count: 1, windowMinutes: 24 * 60 },
  actionIntervalMinutes,
});

forEachEngine((engine) =>
  describe(`alert silences (${engine.name})`, () => {
    const kit = useSilenceKit(engine);

    const reasons = async (ruleId: number) => (await kit.evaluations(ruleId)).map((e) => e.reason);

    test('a silence stops a firing, the log names it, other events still fire, and firing resumes when it ends', async () => {
      const p = await kit.project('silenced');
      const rule = await kit.rule(p.id, { name: 'Every error', ...frequency(1) });
      const endsAt = new Date(Date.now() + 10 * MINUTE_MS).toISOString();
      const made = await kit.call('POST', `/api/v1/projects/${p.id}/silences`, {
        matchers: { ruleId: rule.id, environment: 'production' },
        endsAt,
        comment: 'deploy window',
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const silence = made.body;
      assert.deepEqual(
        {
          projectId: silence.projectId,
          matchers: silence.matchers,
          endsAt: silence.endsAt,
          untilResolved: silence.untilResolved,
          comment: silence.comment,
          createdBy: silence.createdBy,
          endedAt: silence.endedAt,
          active: silence.active,
          self: silence.links.self,
        },
        {
          projectId: p.id,
          matchers: { ruleId: rule.id, environment: 'production' },
          endsAt,
          untilResolved: false,
          comment: 'deploy window',
          createdBy: 'token',
          endedAt: null,
          active: true,
          self: `/api/v1/silences/${silence.id}`,
        },
      );
      assert.ok(Date.parse(silence.startsAt) <= Date.now());

      const message = uniqueMessage('checkout down');
      await kit.send(p, { message, environment: 'production' });
      const [silenced] = await kit.evaluations(rule.id);
      assert.equal(silenced?.decision, 'suppressed');
      assert.equal(silenced?.reason, 'silenced');
      assert.equal(
        silenced?.detail,
        `would fire, but silence ${silence.id} holds until ${endsAt} (deploy window)`,
      );
      assert.deepEqual(silenced?.inputs.silence, {
        id: silence.id,
        endsAt: Date.parse(endsAt),
        untilResolved: false,
      });
      assert.deepEqual(await kit.notifications(rule.id), [], 'nothing notified');

      // The environment matcher is false for staging: that issue fires, and only it arrives.
      const before = kit.receiver.received.length;
      await kit.send(p, { message: uniqueMessage('staging only'), environment: 'staging' });
      const [got] = (await kit.receiver.waitFor(before + 1)).slice(before);
      const body = JSON.parse(got!.body);
      assert.equal(body.event.environment, 'staging');
      assert.deepEqual(
        body.mute,
        {
          '1h': `${body.issue.url}?mute=1h`,
          '24h': `${body.issue.url}?mute=24h`,
          untilResolved: `${body.issue.url}?mute=untilResolved`,
        },
        'the mute links the dashboard honours',
      );

      // Past endsAt (the commit's clock), the same issue fires again.
      await kit.commitAt(p.id, Date.now() + 11 * MINUTE_MS, { message, environment: 'production' });
      assert.deepEqual(await reasons(rule.id), ['silenced', 'fired', 'fired']);
      assert.equal((await kit.notifications(rule.id)).length, 2);
    });

    test('expire ends a silence now: it leaves the list (all=1 keeps it, newest first) and the next event fires', async () => {
      const p = await kit.project('expire');
      const rule = await kit.rule(p.id, { name: 'Every error', ...frequency(1) });
      const first = await kit.call('POST', `/api/v1/projects/${p.id}/silences`, {
        matchers: { release: 'shop@1.2.3' },
        endsAt: Date.now() + 60 * MINUTE_MS, // epoch milliseconds are accepted too
      });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const message = uniqueMessage('release bug');
      await kit.send(p, { message, release: 'shop@1.2.3' });
      assert.deepEqual(await reasons(rule.id), ['silenced']);

      const expired = await kit.call('POST', `/api/v1/silences/${first.body.id}/expire`);
      assert.equal(expired.status, 200, JSON.stringify(expired.body));
      assert.equal(expired.body.active, false);
      assert.ok(Date.parse(expired.body.endedAt) <= Date.now());
      const again = await kit.call('POST', `/api/v1/silences/${first.body.id}/expire`);
      assert.equal(again.body.endedAt, expired.body.endedAt, 'expiring an ended silence changes nothing');
      assert.equal((await kit.call('POST', '/api/v1/silences/999999/expire')).status, 404);

      const second = await kit.call('POST', `/api/v1/projects/${p.id}/silences`, {
        matchers: { route: 'GET /health' },
        endsAt: Date.now() + 60 * MINUTE_MS,
      });
      const active = await kit.call('GET', `/api/v1/projects/${p.id}/silences`);
      assert.deepEqual(
        active.body.items.map((s: { id: number }) => s.id),
        [second.body.id],
      );
      const all = await kit.call('GET', `/api/v1/projects/${p.id}/silences?all=1`);
      assert.deepEqual(
        all.body.items.map((s: { id: number; active: boolean }) => [s.id, s.active]),
        [
          [second.body.id, true],
          [first.body.id, false],
        ],
      );

      const before = kit.receiver.received.length;
      await kit.send(p, { message, release: 'shop@1.2.3' });
      assert.deepEqual(await reasons(rule.id), ['silenced', 'fired']);
      const [got] = (await kit.receiver.waitFor(before + 1)).slice(before);
      assert.equal(JSON.parse(got!.body).rule.id, rule.id);
    });

    test('an until-resolved silence holds while its issue is open and ends when the issue is resolved', async () => {
      const p = await kit.project('until-resolved');
      const rule = await kit.rule(p.id, { name: 'Every error', ...frequency(1) });
      const message = uniqueMessage('flaky upstream');
      const t0 = Date.now();
      await kit.commitAt(p.id, t0, { message });
      const issueId = (await kit.evaluations(rule.id))[0]?.inputs.issueId as number;
      const made = await kit.call('POST', `/api/v1/projects/${p.id}/silences`, {
        matchers: { issueId },
        untilResolved: true,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.deepEqual([made.body.endsAt, made.body.untilResolved], [null, true]);

      await kit.commitAt(p.id, t0 + 2 * MINUTE_MS, { message });
      const log = await kit.evaluations(rule.id);
      assert.deepEqual(
        log.map((e) => e.reason),
        ['fired', 'silenced'],
      );
      assert.match(log[1]!.detail, new RegExp(`silence ${made.body.id} holds until the issue is resolved`));

      const resolved = await kit.call('PATCH', `/api/v1/issues/${issueId}`, { status: 'resolved' });
      assert.equal(resolved.status, 200);
      const ended = await kit.call('GET', `/api/v1/silences/${made.body.id}`);
      assert.equal(ended.body.active, false);
      assert.notEqual(ended.body.endedAt, null);

      // Its next event reopens the issue (a regression): the silence is over, so it fires.
      await kit.commitAt(p.id, t0 + 4 * MINUTE_MS, { message });
      assert.deepEqual(await reasons(rule.id), ['fired', 'silenced', 'fired']);
      assert.equal((await kit.notifications(rule.id)).length, 2);

      // A resolved issue cannot get one: it would be over at once.
      await kit.call('PATCH', `/api/v1/issues/${issueId}`, { status: 'resolved' });
      const refused = await kit.call('POST', `/api/v1/projects/${p.id}/silences`, {
        matchers: { issueId },
        untilResolved: true,
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.field, 'untilResolved');
    });

    test('the action interval holds across a silence, and every fired evaluation is one notification', async () => {
      const p = await kit.project('interval');
      const rule = await kit.rule(p.id, { name: 'Every error', ...frequency(30) });
      const message = uniqueMessage('slow database');
      const t0 = Date.now();
      await kit.commitAt(p.id, t0, { message });
      const made = await kit.call('POST', `/api/v1/projects/${p.id}/silences`, {
        matchers: { ruleId: rule.id },
        endsAt: t0 + 60 * MINUTE_MS,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      for (const minutes of [5, 35, 65, 70]) await kit.commitAt(p.id, t0 + minutes * MINUTE_MS, { message });
      const log = await kit.evaluations(rule.id);
      assert.deepEqual(
        log.map((e) => [(e.at - t0) / MINUTE_MS, e.reason]),
        [
          [0, 'fired'],
          [5, 'throttled'], // within the interval: throttled before a silence is even looked at
          [35, 'silenced'], // the interval has passed, the silence holds
          [65, 'fired'], // the silence is over; the silenced decision notified nothing
          [70, 'throttled'], // the interval counts from the last notification, not the silence
        ],
      );
      assert.equal(log[2]!.inputs.lastNotifiedAt, t0, 'the silence did not move the last notification');
      const notified = await kit.notifications(rule.id);
      assert.deepEqual(
        notified.map((n) => n.createdAt),
        log.filter((e) => e.decision === 'fired').map((e) => e.at),
      );
      assert.ok(log.every((e) => (e.decision === 'fired') === (e.reason === 'fired')));
      // The first is due now and arrives; the second is due at its commit's (future) clock.
      await eventually(async () =>
        kit.receiver.received.some((r) => JSON.parse(r.body).rule.id === rule.id) ? true : undefined,
      );
    });

    test('bad input is a precise 400 naming the field, and nothing is stored', async () => {
      const p = await kit.project('bad input');
      const other = await kit.project('another');
      const otherRule = await kit.rule(other.id, { name: 'theirs', trigger: { type: 'new-issue' } });
      const soon = new Date(Date.now() + 60 * MINUTE_MS).toISOString();
      const cases: [body: unknown, field: string, detail: RegExp][] = [
        [[], '', /a silence is a JSON object/],
        [{ endsAt: soon }, 'matchers', /matchers is a JSON object, not a undefined/],
        [
          { matchers: {}, endsAt: soon },
          'matchers',
          /at least one of ruleId, issueId, route, release, environment/,
        ],
        [{ matchers: { service: 'api' }, endsAt: soon }, 'matchers.service', /not a field here/],
        [{ matchers: { ruleId: 'one' }, endsAt: soon }, 'matchers.ruleId', /is an integer/],
        [{ matchers: { route: '' }, endsAt: soon }, 'matchers.route', /has 1 to 250 characters/],
        [{ matchers: { release: 'a' }, endsAt: soon, muted: true }, 'muted', /not a field here/],
        [{ matchers: { release: 'a' } }, 'endsAt', /endsAt is required/],
        [{ matchers: { release: 'a' }, endsAt: '2020-01-01T00:00:00Z' }, 'endsAt', /is not in the future/],
        [{ matchers: { release: 'a' }, endsAt: Date.now() - 1 }, 'endsAt', /is not in the future/],
        [{ matchers: { release: 'a' }, endsAt: '2026-12-08T09:00:00' }, 'endsAt', /with its offset/],
        [{ matchers: { release: 'a' }, endsAt: 'tomorrow' }, 'endsAt', /ISO 8601/],
        [{ matchers: { release: 'a' }, endsAt: 1.5 }, 'endsAt', /epoch milliseconds \(an integer\)/],
        [
          { matchers: { release: 'a' }, endsAt: Date.now() + 400 * 24 * 60 * MINUTE_MS },
          'endsAt',
          /at most 365 days from now/,
        ],
        [{ matchers: { release: 'a' }, untilResolved: true }, 'matchers.issueId', /for one issue/],
        [{ matchers: { issueId: 1 }, untilResolved: true, endsAt: soon }, 'endsAt', /has no endsAt/],
        [
          { matchers: { release: 'a' }, untilResolved: 'yes', endsAt: soon },
          'untilResolved',
          /true or false/,
        ],
        [
          { matchers: { release: 'a' }, endsAt: soon, comment: 'x'.repeat(MAX_SILENCE_COMMENT_LENGTH + 1) },
          'comment',
          /has 1 to 500 characters/,
        ],
        [{ matchers: { ruleId: otherRule.id }, endsAt: soon }, 'matchers.ruleId', /has no alert rule/],
        [{ matchers: { issueId: 999999 }, endsAt: soon }, 'matchers.issueId', /has no issue 999999/],
      ];
      for (const [body, field, detail] of cases) {
        const reply = await kit.call('POST', `/api/v1/projects/${p.id}/silences`, body);
        const what = JSON.stringify(body).slice(0, 120);
        assert.equal(reply.status, 400, `${what}: ${JSON.stringify(reply.body)}`);
        assert.equal(reply.body.code, 'FL_SILENCE', what);
        assert.equal(reply.body.field, field, what);
        assert.match(reply.body.detail, detail, what);
      }
      const notJson = await kit.call('POST', `/api/v1/projects/${p.id}/silences`, '{"matchers":');
      assert.equal(notJson.status, 400);
      const listed = await kit.call('GET', `/api/v1/projects/${p.id}/silences?all=1`);
      assert.deepEqual(listed.body.items, [], 'nothing stored');
      const badFlag = await kit.call('GET', `/api/v1/projects/${p.id}/silences?all=yes`);
      assert.deepEqual([badFlag.status, badFlag.body.field], [400, 'all']);
      assert.equal(
        (
          await kit.call('POST', '/api/v1/projects/99999/silences', {
            matchers: { release: 'a' },
            endsAt: soon,
          })
        ).status,
        404,
      );
      assert.equal((await kit.call('GET', '/api/v1/silences/abc')).status, 400);
    });
  }),
);
