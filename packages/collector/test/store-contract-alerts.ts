/** Contract part: alert rules, the outbox, attempts, the evaluation log (migration 5). */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { LimitExceededError } from '@faultline/core';
import { parseAlertRule } from '../src/alerts/rules/parse-rule.js';
import { asProjectId, type ProjectId } from '../src/store/ids.js';
import type { Store } from '../src/store/store.js';

const rule = (name: string) =>
  parseAlertRule({
    name,
    trigger: { type: 'frequency', count: 3, windowMinutes: 10 },
    filters: { environment: 'production', tags: ['customer=acme'] },
    channels: [
      { type: 'webhook', url: 'https://ops.example.com/hook' },
      { type: 'email', to: ['ops@example.com'] },
    ],
  });

const notification = (ruleId: number, projectId: ProjectId, channelId: string, at: number) => ({
  ruleId,
  projectId,
  channelId,
  channelType: 'webhook' as const,
  subject: 'issue:1',
  webhookId: `msg_${randomBytes(16).toString('hex')}`,
  payload: '{"type":"alert.test"}',
  nextAttemptAt: at,
  createdAt: at,
});

export function contractAlerts(store: () => Store, project: () => Promise<ProjectId>): void {
  describe('alerts', () => {
    it('creates, lists, reads, updates and deletes rules, keeping them as validated', async () => {
      const s = store();
      const projectId = await project();
      const input = rule('five timeouts');
      const created = await s.createAlertRule(projectId, input);
      assert.ok(created && Number.isSafeInteger(created.id));
      assert.deepEqual(
        { ...created, id: 0, createdAt: 0, updatedAt: 0 },
        {
          ...input,
          id: 0,
          projectId,
          createdAt: 0,
          updatedAt: 0,
        },
      );
      assert.ok(Math.abs(created.createdAt - Date.now()) < 60_000);
      const second = await s.createAlertRule(projectId, rule('second'));
      assert.deepEqual(
        (await s.listAlertRules(projectId)).map((r) => r.name),
        ['five timeouts', 'second'],
      );
      assert.deepEqual(await s.getAlertRule(created.id), created);

      const changed = { ...rule('renamed'), actionIntervalMinutes: 5 };
      const updated = await s.updateAlertRule(created.id, changed);
      assert.equal(updated?.name, 'renamed');
      assert.equal(updated?.actionIntervalMinutes, 5);
      assert.ok((updated?.updatedAt ?? 0) >= created.updatedAt);
      assert.equal(await s.updateAlertRule(999_999, changed), undefined);

      assert.equal(await s.deleteAlertRule(second!.id), true);
      assert.equal(await s.deleteAlertRule(second!.id), false);
      assert.equal(await s.getAlertRule(second!.id), undefined);
      assert.equal(await s.createAlertRule(asProjectId(999_999), input), undefined, 'no such project');
    });

    it('refuses a rule past MAX_ALERT_RULES_PER_PROJECT with LimitExceededError', async () => {
      const s = store();
      const projectId = await project();
      const { MAX_ALERT_RULES_PER_PROJECT } = await import('../src/limits.js');
      // A few at a time: a pool of PG_POOL_SIZE connections serves them.
      for (let i = 0; i < MAX_ALERT_RULES_PER_PROJECT; i += 8)
        await Promise.all(
          Array.from({ length: Math.min(8, MAX_ALERT_RULES_PER_PROJECT - i) }, (_, k) =>
            s.createAlertRule(projectId, rule(`r${i + k}`)),
          ),
        );
      await assert.rejects(s.createAlertRule(projectId, rule('one too many')), (e: unknown) => {
        assert.ok(e instanceof LimitExceededError);
        assert.equal(e.limit, 'MAX_ALERT_RULES_PER_PROJECT');
        return true;
      });
      assert.equal((await s.listAlertRules(projectId)).length, MAX_ALERT_RULES_PER_PROJECT);
    });

    it('claims due notifications once, with their channel, until the lease ends; records attempts', async () => {
      const s = store();
      const projectId = await project();
      const r = await s.createAlertRule(projectId, rule('outbox'));
      assert.ok(r);
      const [hook, mail] = r.channels;
      const t0 = Date.now();
      const [first, later] = await s.insertAlertNotifications([
        notification(r.id, projectId, hook!.id, t0),
        notification(r.id, projectId, mail!.id, t0 + 60_000),
      ]);
      assert.ok(first && later && first.state === 'pending' && first.attempts === 0);

      const claimed = await s.claimAlertNotifications(t0, 10, 20_000);
      const mine = claimed.filter((c) => c.notification.ruleId === r.id);
      assert.deepEqual(
        mine.map((c) => c.notification.id),
        [first.id],
        'only the due one',
      );
      assert.deepEqual(mine[0]?.channel, hook);
      assert.equal(mine[0]?.notification.nextAttemptAt, t0 + 20_000, 'leased');
      const again = await s.claimAlertNotifications(t0 + 1_000, 10, 20_000);
      assert.ok(!again.some((c) => c.notification.id === first.id), 'a leased row is not claimed twice');
      const afterLease = await s.claimAlertNotifications(t0 + 20_000, 10, 20_000);
      assert.ok(
        afterLease.some((c) => c.notification.id === first.id),
        'due again once the lease ends',
      );

      await s.recordAlertAttempts([
        {
          notificationId: first.id,
          at: t0 + 20_100,
          status: 503,
          latencyMs: 12.4,
          responseExcerpt: 'busy',
          error: 'HTTP 503',
          outcome: 'retry',
          nextAttemptAt: t0 + 25_100,
        },
      ]);
      await s.recordAlertAttempts([
        {
          notificationId: first.id,
          at: t0 + 25_200,
          status: 200,
          latencyMs: 3,
          responseExcerpt: 'ok',
          error: null,
          outcome: 'delivered',
        },
      ]);
      const attempts = await s.listAlertAttempts(first.id);
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.status, a.latencyMs, a.responseExcerpt, a.outcome]),
        [
          [1, 503, 12, 'busy', 'retry'],
          [2, 200, 3, 'ok', 'delivered'],
        ],
      );
      const [row] = await s.listAlertNotifications({ ruleId: r.id, state: 'delivered', limit: 10 });
      assert.equal(row?.id, first.id);
      assert.equal(row?.attempts, 2);
      assert.equal(row?.webhookId, first.webhookId);
      assert.ok(
        !(await s.claimAlertNotifications(t0 + 10 * 60_000, 50, 1)).some(
          (c) => c.notification.id === first.id,
        ),
      );
      assert.ok((await s.nextAlertAttemptAt()) !== null);
    });

    it('a 410 disables the channel on the rule and its pending notifications; saving the rule enables it', async () => {
      const s = store();
      const projectId = await project();
      const r = await s.createAlertRule(projectId, rule('gone'));
      assert.ok(r);
      const hook = r.channels[0]!;
      const [n] = await s.insertAlertNotifications([notification(r.id, projectId, hook.id, Date.now())]);
      await s.recordAlertAttempts(
        [],
        [{ ruleId: r.id, channelId: hook.id, reason: 'HTTP 410 Gone', at: 1234 }],
      );
      const disabled = await s.getAlertRule(r.id);
      assert.deepEqual(disabled?.channels[0]?.disabled, { at: 1234, reason: 'HTTP 410 Gone' });
      assert.equal(disabled?.channels[1]?.disabled, undefined);
      const [row] = await s.listAlertNotifications({ ruleId: r.id, limit: 5 });
      assert.equal(row?.id, n?.id);
      assert.equal(row?.state, 'disabled');
      const saved = await s.updateAlertRule(r.id, disabled!);
      assert.equal(saved?.channels[0]?.disabled, undefined);
    });

    it("a 410's attempt and its channel's disabling are written together", async () => {
      const s = store();
      const projectId = await project();
      const r = await s.createAlertRule(projectId, rule('gone-with-attempt'));
      assert.ok(r);
      const hook = r.channels[0]!;
      const [n, other] = await s.insertAlertNotifications([
        notification(r.id, projectId, hook.id, Date.now()),
        notification(r.id, projectId, hook.id, Date.now()),
      ]);
      const reason = 'HTTP 410 Gone: the receiver wants no more; channel disabled';
      await s.recordAlertAttempts(
        [
          {
            notificationId: n!.id,
            at: 4321,
            status: 410,
            latencyMs: 2,
            responseExcerpt: null,
            error: reason,
            outcome: 'disabled',
          },
        ],
        [{ ruleId: r.id, channelId: hook.id, reason, at: 4321 }],
      );
      assert.deepEqual((await s.getAlertRule(r.id))?.channels[0]?.disabled, { at: 4321, reason });
      const [attempt] = await s.listAlertAttempts(n!.id);
      assert.deepEqual([attempt?.status, attempt?.outcome, attempt?.attempt], [410, 'disabled', 1]);
      const states = await s.listAlertNotifications({ ruleId: r.id, limit: 5 });
      assert.deepEqual(
        states.map((x) => [x.id, x.state, x.attempts]).sort((a, b) => Number(a[0]) - Number(b[0])),
        [
          [n!.id, 'disabled', 1],
          [other!.id, 'disabled', 0],
        ],
      );
    });

    it('deleting a rule deletes its notifications and attempts; pruning keeps what is pending', async () => {
      const s = store();
      const projectId = await project();
      const r = await s.createAlertRule(projectId, rule('pruned'));
      const keep = await s.createAlertRule(projectId, rule('kept'));
      assert.ok(r && keep);
      const old = 1_000;
      const [a, b] = await s.insertAlertNotifications([
        notification(keep.id, projectId, keep.channels[0]!.id, old),
        notification(keep.id, projectId, keep.channels[0]!.id, old),
      ]);
      await s.recordAlertAttempts([
        {
          notificationId: a!.id,
          at: old,
          status: 200,
          latencyMs: 1,
          responseExcerpt: null,
          error: null,
          outcome: 'delivered',
        },
      ]);
      const [c] = await s.insertAlertNotifications([notification(r.id, projectId, r.channels[0]!.id, old)]);
      await s.recordAlertAttempts([
        {
          notificationId: c!.id,
          at: old,
          status: 500,
          latencyMs: 1,
          responseExcerpt: null,
          error: 'x',
          outcome: 'retry',
          nextAttemptAt: old,
        },
      ]);
      assert.equal(await s.deleteAlertRule(r.id), true);
      assert.deepEqual(await s.listAlertNotifications({ ruleId: r.id, limit: 5 }), []);
      assert.deepEqual(await s.listAlertAttempts(c!.id), []);

      assert.ok((await s.pruneAlertLog(old + 1)) >= 1);
      const left = await s.listAlertNotifications({ ruleId: keep.id, limit: 5 });
      assert.deepEqual(
        left.map((n) => n.id),
        [b!.id],
        'the delivered one went, the pending one stays',
      );
      assert.deepEqual(await s.listAlertAttempts(a!.id), []);
    });
  });
}
