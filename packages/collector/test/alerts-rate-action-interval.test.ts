/**
 * One rate pass against a real store (both engines), the clock a parameter: two releases of one
 * route cross the threshold in the same minute and only one fires (the action interval holds per
 * (rule, route)), the other is logged as throttled with when it may fire; a repeated pass writes
 * nothing; once the interval has passed the other release fires; an incident whose route has no
 * requests left resolves after one window, with its own subject (PagerDuty's dedup key) on the
 * resolve; a silence on the route holds what would fire. Incidents, evaluations and the outbox
 * agree.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type EngineHandle, forEachEngine } from '@faultline/test-support';
import { evaluateRateAlerts } from '../src/alerts/rates/evaluate-rates.js';
import { parseAlertRule } from '../src/alerts/rules/parse-rule.js';
import type { AlertRule } from '../src/alerts/rules/rule-types.js';
import type { ProjectId } from '../src/store/ids.js';

const MINUTE_MS = 60_000;
const T0 = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + 30_000;

forEachEngine((engine) =>
  describe(`a rate pass on a real store (${engine.name})`, () => {
    let handle: EngineHandle;
    let projectId: ProjectId;
    let rule: AlertRule;

    before(async () => {
      handle = await engine.open();
      projectId = (await handle.store.ensureDefaultProject()).project.id;
      const created = await handle.store.createAlertRule(
        projectId,
        parseAlertRule({
          name: 'payments 5xx',
          trigger: { type: 'route-5xx-rate', threshold: 0.5, windowMinutes: 5, minRequests: 10 },
          filters: { environment: 'production' },
          channels: [{ type: 'webhook', url: 'https://hooks.example.com/faultline' }],
          actionIntervalMinutes: 30,
        }),
      );
      assert.ok(created);
      rule = created;
    });
    after(() => handle.dispose());

    const failing = (at: number, release: string) =>
      handle.store.write((tx) =>
        tx.addRouteCounts([
          {
            projectId,
            minute: Math.floor(at / MINUTE_MS) * MINUTE_MS,
            release,
            environment: 'production',
            service: 'pay',
            method: 'POST',
            route: '/pay',
            requests: 20,
            errors4xx: 0,
            errors5xx: 20,
            dependency5xx: 0,
            overload5xx: 0,
            shed: 0,
          },
        ]),
      );
    const pass = async (now: number) => {
      const done = await handle.store.withRateAlertLease((tx) => evaluateRateAlerts(tx, now));
      assert.ok(done, 'SQLite and an uncontended PostgreSQL always get the lease');
      return done.value;
    };
    const evaluations = async () =>
      (await handle.store.listAlertEvaluations({ ruleId: rule.id, limit: 50 })).reverse();
    const outbox = async () =>
      (await handle.store.listAlertNotifications({ ruleId: rule.id, limit: 50 })).reverse();

    test('one route, two releases crossing together: one fires, the other is throttled', async () => {
      await failing(T0, '1.0.0');
      await failing(T0, '1.1.0');
      const first = await pass(T0);
      assert.deepEqual([first.evaluated, first.fired, first.resolved, first.notifications], [2, 1, 0, 1]);
      const [incident] = await handle.store.listAlertIncidents({ ruleId: rule.id, limit: 10 });
      assert.equal(incident?.state, 'firing');
      const logged = await evaluations();
      assert.deepEqual(
        logged.map((e) => [e.reason, e.inputs.release]),
        [
          ['fired', incident?.release],
          ['throttled', incident?.release === '1.0.0' ? '1.1.0' : '1.0.0'],
        ],
      );
      assert.match(
        logged[1]?.detail ?? '',
        new RegExp(
          `notified 0 min ago, within the action interval of 30 min \\(next possible at ${new Date(T0 + 30 * MINUTE_MS).toISOString().replace(/\./g, '\\.')}\\)`,
        ),
      );
      const [sent] = await outbox();
      assert.equal(sent?.subject, `incident:${incident?.id}`);

      // The same counts a second later: the same decisions, nothing written.
      const again = await pass(T0 + 1000);
      assert.deepEqual([again.fired, again.notifications], [0, 0]);
      assert.equal((await evaluations()).length, 2);
    });

    test('after the action interval the other release fires; the first resolves after a window without 5xx', async () => {
      const [firstIncident] = await handle.store.listAlertIncidents({ ruleId: rule.id, limit: 10 });
      assert.ok(firstIncident);
      const other = firstIncident.release === '1.0.0' ? '1.1.0' : '1.0.0';
      const later = T0 + 31 * MINUTE_MS;
      await failing(later, other);
      const third = await pass(later);
      assert.deepEqual([third.fired, third.resolved], [1, 0]);
      const recovering = (await evaluations()).find((e) => e.reason === 'recovering');
      assert.equal(recovering?.inputs.release, firstIncident.release);
      assert.deepEqual([recovering?.inputs.requests, recovering?.inputs.incidentId], [0, firstIncident.id]);

      const resolvedAt = later + 5 * MINUTE_MS;
      const fourth = await pass(resolvedAt);
      assert.equal(fourth.resolved, 1);
      const incidents = await handle.store.listAlertIncidents({ ruleId: rule.id, limit: 10 });
      const first = incidents.find((i) => i.id === firstIncident.id);
      assert.deepEqual([first?.state, first?.resolvedAt], ['resolved', resolvedAt]);
      assert.equal(incidents.filter((i) => i.state === 'firing').length, 1, 'the other release still fires');
      const sent = await outbox();
      assert.deepEqual(
        sent.map((n) => [JSON.parse(n.payload).type, n.subject]),
        [
          ['alert.fired', `incident:${firstIncident.id}`],
          ['alert.fired', `incident:${incidents.find((i) => i.state === 'firing')?.id}`],
          ['alert.resolved', `incident:${firstIncident.id}`],
        ],
      );
      const resolved = JSON.parse(sent[2]?.payload ?? '{}');
      assert.deepEqual(resolved.incident, {
        id: firstIncident.id,
        openedAt: new Date(T0).toISOString(),
        resolvedAt: new Date(resolvedAt).toISOString(),
      });
      assert.equal(resolved.release, firstIncident.release);
    });

    test('a silence on the route holds what would fire: logged as silenced, nothing opened or sent', async () => {
      // Past the action interval of the last firing (T0 + 31 min), so only the silence holds it.
      const at = T0 + 65 * MINUTE_MS;
      const silence = await handle.store.createSilence(
        projectId,
        {
          matchers: { route: 'POST /pay', release: '2.0.0' },
          endsAt: at + 60 * MINUTE_MS,
          untilResolved: false,
          comment: 'deploying',
        },
        null,
        at - MINUTE_MS,
      );
      assert.ok(silence);
      await failing(at, '2.0.0');
      const done = await pass(at);
      assert.equal(done.fired, 0);
      const sent = (await outbox()).filter((n) => JSON.parse(n.payload).release === '2.0.0');
      assert.deepEqual(sent, [], 'nothing sent about 2.0.0');
      const silenced = (await evaluations()).find((e) => e.reason === 'silenced');
      assert.equal(silenced?.inputs.release, '2.0.0');
      assert.match(
        silenced?.detail ?? '',
        new RegExp(
          `^would fire, but silence ${silence.id} holds until ${new Date(at + 60 * MINUTE_MS).toISOString().replace(/\./g, '\\.')} \\(deploying\\): 20 of 20 requests`,
        ),
      );
      const open = (await handle.store.listAlertIncidents({ ruleId: rule.id, limit: 10 })).filter(
        (i) => i.release === '2.0.0',
      );
      assert.deepEqual(open, []);
    });
  }),
);
