/**
 * Alert evaluation in the digest commit (issue 14 §1, §3, §4): a filter that is false stores
 * nothing and sends nothing; a frequency rule fires when the count is reached and the action interval then
 * holds until it has passed; a regression fires; and a commit that rolls back leaves no alert
 * behind. Events arrive over HTTP at a real collector, except where the test needs to set the
 * commit's clock or make it roll back (then digest runs in store.write, as ingest's commit does).
 * Both engines.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import { issueSubject } from '../src/alerts/evaluate/alert-subject.js';
import { digestBatches } from '../src/digest/digest.js';
import { caseRule, eventually, uniqueMessage, useAlertCollector, useReceiver } from './alerts-fixtures.js';
import { batch } from './digest-fixtures.js';

const MINUTE_MS = 60_000;

forEachEngine((engine) =>
  describe(`alert evaluation (${engine.name})`, () => {
    const c = useAlertCollector(engine);
    const receiver = useReceiver();

    const evaluations = async (ruleId: number) =>
      (await c.store.listAlertEvaluations({ ruleId, limit: 50 })).reverse();
    const notifications = (ruleId: number) => c.store.listAlertNotifications({ ruleId, limit: 50 });
    const issueOf = async (message: string) => {
      const page = await c.store.listIssues({
        projectId: c.projectId,
        sort: 'lastSeen',
        limit: 50,
        text: message,
      });
      return page.items[0]!;
    };

    test('a false filter stores nothing and sends nothing', async () => {
      const rule = await caseRule(c, 'filtered', receiver.url, {
        trigger: { type: 'new-issue' },
        filters: { environment: 'production' },
      });
      const message = uniqueMessage('staging only');
      await c.send({ message, environment: 'staging', tags: { case: 'filtered' } });
      assert.equal((await issueOf(message)).count, 1);
      // "Nothing to do" is not logged (alerts-quiet-pair-unstored.test.ts: the route explains it).
      assert.deepEqual(await evaluations(rule.id), []);
      assert.deepEqual(await notifications(rule.id), []);
    });

    test('frequency: below the count, fired at the count, then the action interval holds until it has passed', async () => {
      const rule = await caseRule(c, 'frequency', receiver.url, {
        trigger: { type: 'frequency', count: 2, windowMinutes: 60 },
        actionIntervalMinutes: 30,
      });
      const message = uniqueMessage('flapping dependency');
      const send = () => c.send({ message, tags: { case: 'frequency' } });
      await send();
      await send();
      for (let i = 0; i < 3; i++) await send();
      const issue = await issueOf(message);
      assert.equal(issue.count, 5);
      const log = await evaluations(rule.id);
      assert.deepEqual(
        log.map((e) => [e.decision, e.reason]),
        [
          ['fired', 'fired'],
          ['suppressed', 'throttled'],
        ],
        'below the count is not logged; then each change of decision once: the two repeats of "throttled" are not logged again',
      );
      assert.match(log[1]!.detail, /^notified 0 min ago, within the action interval of 30 min/);
      assert.equal(log[0]!.inputs.observed, 2);
      assert.equal((await notifications(rule.id)).length, 1, 'one notification for five events');

      // 31 minutes on (the commit's clock), the interval has passed and the count still holds.
      const later = Date.now() + 31 * MINUTE_MS;
      const events = [
        { message, level: 'error' as const, tags: { case: 'frequency' }, timestamp: later / 1000 },
      ];
      await c.store.write((tx) => digestBatches(tx, [batch(c.projectId, events)], { now: later }));
      assert.equal((await notifications(rule.id)).length, 2);
      assert.deepEqual((await evaluations(rule.id)).at(-1)?.reason, 'fired');
      const [received] = await receiver.waitFor(1);
      assert.equal(received?.json.trigger.type, 'frequency');
      assert.match(received?.json.reason, /^2\+ events in 60 min \(at least 2\)$/);
    });

    test('a regression fires after the issue was resolved', async () => {
      const rule = await caseRule(c, 'regression', receiver.url, { trigger: { type: 'regression' } });
      const message = uniqueMessage('it is back');
      await c.send({ message, tags: { case: 'regression' } });
      const issue = await issueOf(message);
      assert.deepEqual(await evaluations(rule.id), [], 'a first event is no regression');
      assert.equal(await c.store.updateIssueStatus(issue.id, 'resolved'), true);
      await c.send({ message, tags: { case: 'regression' } });
      const [evaluation] = await evaluations(rule.id);
      assert.deepEqual([evaluation?.decision, evaluation?.subject], ['fired', issueSubject(issue.id)]);
      assert.equal(evaluation?.inputs.regressed, true);
      const got = await eventually(async () => receiver.received.find((r) => r.json?.rule.id === rule.id));
      assert.equal(got.json.issue.id, issue.id);
      assert.equal(got.json.reason, 'regression: a resolved issue happened again');
    });

    test('a commit that rolls back leaves no notification, evaluation or state', async () => {
      const rule = await caseRule(c, 'rollback', receiver.url, { trigger: { type: 'new-issue' } });
      const events = [
        { message: uniqueMessage('never stored'), level: 'error' as const, tags: { case: 'rollback' } },
      ];
      let notified = -1;
      await assert.rejects(
        c.store.write(async (tx) => {
          notified = (await digestBatches(tx, [batch(c.projectId, events)])).alertNotifications;
          throw new Error('the commit fails after digest');
        }),
        /the commit fails after digest/,
      );
      assert.equal(notified, 1, 'the rule fired inside the transaction');
      assert.deepEqual(await notifications(rule.id), []);
      assert.deepEqual(await evaluations(rule.id), []);
      // The same event committed for real fires, once.
      await c.store.write((tx) => digestBatches(tx, [batch(c.projectId, events)]));
      assert.equal((await notifications(rule.id)).length, 1);
    });
  }),
);
