/**
 * The evaluator walks a project's rules through an index built once per rules snapshot
 * (alerts/evaluate/rule-index.ts: by trigger type, then by filters). Among many rules of other
 * triggers and filters, each trigger's rule must still fire, the log stays in rule order, and a
 * rule created or changed after commits used the index applies at the next commit. The index
 * relies on the rules cache handing out the same array for a project until the rules change.
 * Both engines; events over HTTP at a real collector.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import { issueSubject } from '../src/alerts/evaluate/alert-subject.js';
import { parseAlertRule } from '../src/alerts/rules/parse-rule.js';
import { eventually, uniqueMessage, useAlertCollector, useReceiver } from './alerts-fixtures.js';

forEachEngine((engine) =>
  describe(`alert rule index (${engine.name})`, () => {
    const c = useAlertCollector(engine);
    const receiver = useReceiver();
    const hook = () => [{ type: 'webhook', url: receiver.url }];

    const issueOf = async (message: string) => {
      const page = await c.store.listIssues({
        projectId: c.projectId,
        sort: 'lastSeen',
        limit: 5,
        text: message,
      });
      return page.items[0]!;
    };
    const logOf = async (subject: string) =>
      (await c.store.listAlertEvaluations({ subject, limit: 200 })).reverse();

    test('the rules of one project are the same array from commit to commit until a rule changes', async () => {
      await c.rule({ name: 'index a', trigger: { type: 'regression' }, channels: hook() });
      const rules = () => c.store.write((tx) => tx.alertRules([c.projectId]));
      // Ten commits in a row: one array, or a few where the snapshot was read again (the rule's
      // change notice coming back on PostgreSQL, the TTL); a copy per commit would be ten.
      const seen = [];
      for (let i = 0; i < 10; i++) seen.push(await rules());
      const first = seen[0]!;
      assert.ok(first.length > 0);
      assert.ok(new Set(seen).size <= 3, `${new Set(seen).size} arrays in 10 commits`);
      await c.rule({ name: 'index b', trigger: { type: 'regression' }, channels: hook() });
      const changed = await rules();
      assert.notStrictEqual(changed, first);
      assert.equal(changed.length, first.length + 1);
    });

    test('among many rules of other triggers and filters, each rule that should fire does, logged in rule order', async () => {
      // A rule that logs, made before the others: the log's order is the rules', not the index's
      // (which walks new-issue groups before frequency ones).
      const early = await c.rule({
        name: 'fires: every event',
        trigger: { type: 'frequency', count: 1, windowMinutes: 60 },
        channels: hook(),
      });
      const noise = [];
      for (let i = 0; i < 12; i++) {
        noise.push(
          await c.rule({
            name: `noise ${i}`,
            channels: hook(),
            ...[
              { trigger: { type: 'new-issue' }, filters: { environment: 'staging' } },
              { trigger: { type: 'regression' } },
              { trigger: { type: 'frequency', count: 1000, windowMinutes: 60 }, filters: { level: 'fatal' } },
              { trigger: { type: 'frequency', count: 1000, windowMinutes: 60 } },
            ][i % 4],
          }),
        );
      }
      const message = uniqueMessage('index fast path');
      // Same filters as noise rules of their type: one group each, beside rules that stay quiet.
      const newIssue = await c.rule({
        name: 'fires: new issue in production',
        trigger: { type: 'new-issue' },
        filters: { environment: 'production' },
        channels: hook(),
      });
      const frequency = await c.rule({
        name: 'fires: twice in an hour',
        trigger: { type: 'frequency', count: 2, windowMinutes: 60 },
        channels: hook(),
      });
      await c.send({ message, environment: 'production' });
      const subject = issueSubject((await issueOf(message)).id);
      // The first commit logs every rule whose decision is not "nothing to do" (the quiet noise
      // and the frequency rule below its count are not stored), one row each, in rule order.
      const first = await eventually(async () => {
        const rows = await logOf(subject);
        return rows.length > 0 ? rows : undefined;
      });
      assert.deepEqual(
        first.map((r) => [r.ruleId, r.decision]),
        [
          [early.id, 'fired'],
          [newIssue.id, 'fired'],
        ],
      );
      assert.ok(noise.every((r) => r.id > early.id && r.id < newIssue.id));
      await c.send({ message, environment: 'production' });
      const log = await eventually(async () => {
        const rows = await logOf(subject);
        return rows.length > first.length ? rows : undefined;
      });
      // The second commit: the early rule is throttled now, the frequency rule reached its count.
      assert.deepEqual(
        log.slice(first.length).map((r) => [r.ruleId, r.reason]),
        [
          [early.id, 'throttled'],
          [frequency.id, 'fired'],
        ],
      );
      const notified = await c.store.listAlertNotifications({ ruleId: frequency.id, limit: 5 });
      assert.equal(notified.length, 1);
    });

    test('a rule created or changed after commits used the index applies at the next commit', async () => {
      const tag = uniqueMessage('late rule');
      const before = uniqueMessage('before the rule');
      await c.send({ message: before, tags: { case: tag } });
      const late = await c.rule({
        name: 'late',
        trigger: { type: 'new-issue' },
        filters: { tags: [`case=${tag}`] },
        channels: hook(),
      });
      const after = uniqueMessage('after the rule');
      await c.send({ message: after, tags: { case: tag } });
      const firstLog = await eventually(async () => {
        const rows = await logOf(issueSubject((await issueOf(after)).id));
        return rows.length > 0 ? rows : undefined;
      });
      assert.deepEqual(
        firstLog.filter((r) => r.ruleId === late.id).map((r) => r.reason),
        ['fired'],
      );
      await c.store.updateAlertRule(
        late.id,
        parseAlertRule({
          name: 'late',
          trigger: { type: 'new-issue' },
          filters: { tags: [`case=${tag}`], environment: 'staging' },
          channels: hook(),
        }),
      );
      const changed = uniqueMessage('after the change');
      await c.send({ message: changed, environment: 'production', tags: { case: tag } });
      const changedLog = await eventually(async () => {
        const rows = await logOf(issueSubject((await issueOf(changed)).id));
        return rows.length > 0 ? rows : undefined;
      });
      // Its filter is false now: nothing to do, so no row (an issue it fired for would log the change).
      const late2 = uniqueMessage('fires again');
      await c.send({ message: late2, environment: 'staging', tags: { case: tag } });
      const laterLog = await eventually(async () => {
        const rows = await logOf(issueSubject((await issueOf(late2)).id));
        return rows.some((r) => r.ruleId === late.id) ? rows : undefined;
      });
      assert.deepEqual(
        changedLog.filter((r) => r.ruleId === late.id).map((r) => r.reason),
        [],
      );
      assert.deepEqual(
        laterLog.filter((r) => r.ruleId === late.id).map((r) => r.reason),
        ['fired'],
      );
    });
  }),
);
