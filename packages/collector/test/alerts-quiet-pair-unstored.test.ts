/**
 * A (rule, issue) pair whose decisions have only ever been "nothing to do" (its filters false, a
 * frequency count not reached) is not stored: no evaluation row, no state. Asked for by subject,
 * the evaluations route explains it by the decision computed now (`logged: false`). A pair that
 * then fires or is throttled logs that from its first such decision, and a pair that was logged
 * and goes quiet logs that change once, as before. Real collector, HTTP, both engines.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type EngineHandle, forEachEngine } from '@faultline/test-support';
import { issueSubject } from '../src/alerts/evaluate/alert-subject.js';
import type { IssueId } from '../src/store/ids.js';
import {
  type AlertCollector,
  alertCollector,
  caseRule,
  eventually,
  uniqueMessage,
} from './alerts-fixtures.js';

const TOKEN = 'quiet-pair-admin-token';
// Nothing listens there: the rules that fire here are about the log, not delivery.
const NOWHERE = 'http://127.0.0.1:9/hook';

forEachEngine((engine) =>
  describe(`a quiet (rule, issue) pair is not stored (${engine.name})`, () => {
    let handle: EngineHandle;
    let c: AlertCollector;
    before(async () => {
      handle = await engine.open();
      c = await alertCollector(handle, { webhookAllow: ['127.0.0.1'] }, TOKEN);
    });
    after(async () => {
      await c?.close();
      await handle?.dispose();
    });

    const log = async (ruleId: number) =>
      (await c.store.listAlertEvaluations({ ruleId, limit: 50 })).reverse().map((e) => e.reason);
    const stateOf = (ruleId: number, issueId: number) =>
      c.store.write(async (tx) =>
        tx.alertSubjectStates([{ ruleId, subject: issueSubject(issueId) }], { fromStore: true }),
      );
    const issueOf = (message: string) =>
      eventually(
        async () =>
          (await c.store.listIssues({ projectId: c.projectId, sort: 'lastSeen', limit: 5, text: message }))
            .items[0],
      );
    const explain = async (ruleId: number, subject: string) => {
      const res = await fetch(
        `${c.collector.url}/api/v1/alert-rules/${ruleId}/evaluations?subject=${encodeURIComponent(subject)}`,
        { headers: { authorization: `Bearer ${TOKEN}` } },
      );
      assert.equal(res.status, 200);
      return (await res.json()) as { items: any[]; nextCursor: string | null };
    };

    test('a false filter stores no row and no state; the route explains it on demand', async () => {
      const rule = await caseRule(c, 'filtered', NOWHERE, {
        trigger: { type: 'new-issue' },
        filters: { environment: 'production' },
      });
      const message = uniqueMessage('staging only');
      const sent = [
        await c.send({ message, environment: 'staging', tags: { case: 'filtered' } }),
        await c.send({ message, environment: 'staging', tags: { case: 'filtered' } }),
      ];
      const issue = await issueOf(message);
      assert.equal(issue.count, 2);
      assert.deepEqual(await log(rule.id), [], 'no evaluation row for a pair that has only been quiet');
      assert.deepEqual(await stateOf(rule.id, issue.id), [], 'no state row either');

      const answer = await explain(rule.id, issueSubject(issue.id));
      assert.equal(answer.items.length, 1);
      assert.equal(answer.nextCursor, null);
      const [e] = answer.items;
      assert.equal(e.logged, false, 'computed now, not read from the log');
      assert.equal(e.id, null);
      assert.equal(e.decision, 'suppressed');
      assert.equal(e.reason, 'filter');
      assert.ok(sent.includes(e.inputs.eventId), "about the issue's latest event");
      assert.equal(
        e.detail,
        `filter environment is false: the rule wants production, event ${e.inputs.eventId} has staging`,
      );
      assert.equal(e.subject, issueSubject(issue.id));
      assert.equal(e.inputs.environment, 'staging');
      assert.ok(!Number.isNaN(Date.parse(e.at)));

      // An issue that does not exist, a rate rule's subject: nothing to explain.
      assert.deepEqual((await explain(rule.id, issueSubject(9_999_999))).items, []);
      assert.deepEqual((await explain(rule.id, 'route:GET /x env=production release=1')).items, []);
    });

    test('a frequency pair below its count stores nothing, then logs its firing and throttling', async () => {
      const rule = await caseRule(c, 'frequency', NOWHERE, {
        trigger: { type: 'frequency', count: 3, windowMinutes: 60 },
        actionIntervalMinutes: 30,
      });
      const message = uniqueMessage('slowly worse');
      const send = () => c.send({ message, tags: { case: 'frequency' } });
      await send();
      await send();
      const issue = await issueOf(message);
      assert.deepEqual(await log(rule.id), [], 'below the count: nothing to do, nothing stored');
      assert.deepEqual(await stateOf(rule.id, issue.id), []);
      const [below] = (await explain(rule.id, issueSubject(issue.id))).items;
      assert.deepEqual([below.logged, below.reason], [false, 'below-threshold']);
      assert.match(below.detail, /^the issue has 2 events in all, fewer than the rule's 3$/);

      await send();
      await send();
      await send();
      assert.deepEqual(
        await log(rule.id),
        ['fired', 'throttled'],
        'the first decision that is not quiet, then each change',
      );
      const [state] = await stateOf(rule.id, issue.id);
      assert.equal(state?.lastReason, 'throttled');
      assert.equal(typeof state?.lastNotifiedAt, 'number', 'the action interval counts from the firing');
      assert.equal((await c.store.listAlertNotifications({ ruleId: rule.id, limit: 5 })).length, 1);
      const logged = (await explain(rule.id, issueSubject(issue.id))).items;
      assert.deepEqual(
        logged.map((e) => [e.logged, e.reason]),
        [
          [true, 'throttled'],
          [true, 'fired'],
        ],
        'a pair with rows answers its rows',
      );
    });

    test('a pair that was logged and goes quiet logs that change once', async () => {
      const rule = await caseRule(c, 'goes-quiet', NOWHERE, {
        trigger: { type: 'frequency', count: 1, windowMinutes: 60 },
        filters: { environment: 'production' },
      });
      const message = uniqueMessage('moved to staging');
      const send = (environment: string) => c.send({ message, environment, tags: { case: 'goes-quiet' } });
      await send('production');
      await send('staging');
      await send('staging');
      const issue = await issueOf(message);
      assert.deepEqual(
        await log(rule.id),
        ['fired', 'filter'],
        'the change to quiet is logged, its repeat is not',
      );
      const [state] = await stateOf(rule.id, issue.id as IssueId);
      assert.equal(state?.lastReason, 'filter');
    });
  }),
);
