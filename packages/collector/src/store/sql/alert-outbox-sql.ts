/**
 * The outbox's delivery side (issue 14 §3): a worker claims due notifications, sends them, and
 * records each attempt. A claim pushes the row's next attempt out by a lease instead of marking
 * it taken, so a worker that dies mid-send leaves nothing stuck: the row is due again when the
 * lease ends, and is sent again with the same webhook-id (at least once; receivers deduplicate).
 * On PostgreSQL the claim skips rows another collector's claim holds (SKIP LOCKED), so several
 * collectors share the outbox without sending a notification twice.
 */

import { MAX_STORE_PAGE_SIZE } from '../../limits.js';
import type {
  AlertAttemptInput,
  AlertChannelDisable,
  AlertNotificationQuery,
  ClaimedNotification,
  NewAlertNotification,
  NotificationState,
  Redelivery,
} from '../alert-records.js';
import { channelsOf, toAlertAttempt, toAlertNotification } from './alert-rows.js';
import type { AlertRulesCache } from './alert-rules-cache.js';
import { disableChannel } from './alert-rules-sql.js';
import type { SqlContext, SqlExecutor } from './executor.js';
import { insertRowsReturning, type MultiRowInsert } from './multi-row.js';
import type { Row } from './rows.js';

/** The delivery log's order with failures first (AlertNotificationQuery.failuresFirst). */
const FAILURES_FIRST =
  "CASE WHEN state IN ('failed', 'disabled') THEN 0 WHEN last_error IS NOT NULL THEN 1 ELSE 2 END, id DESC";

const STATE_OF: Record<AlertAttemptInput['outcome'], NotificationState> = {
  delivered: 'delivered',
  retry: 'pending',
  failed: 'failed',
  disabled: 'disabled',
};

/** The outbox INSERT, shared with digest's write (sql/alert-write-tx.ts). */
export const INSERT_NOTIFICATIONS: MultiRowInsert & { returning: string } = {
  head:
    'INSERT INTO alert_outbox (rule_id, project_id, channel_id, channel_type, subject, webhook_id, payload, state, ' +
    'attempts, next_attempt_at, created_at, updated_at) VALUES ',
  columns: 12,
  tail: '',
  returning: ' RETURNING *',
};

/** The outbox row of a new notification: pending, no attempt yet. */
export const notificationRow = (n: NewAlertNotification): unknown[] => [
  n.ruleId,
  n.projectId,
  n.channelId,
  n.channelType,
  n.subject,
  n.webhookId,
  n.payload,
  'pending',
  0,
  n.nextAttemptAt,
  n.createdAt,
  n.createdAt,
];

async function claim(
  exec: SqlExecutor,
  now: number,
  limit: number,
  leaseMs: number,
): Promise<ClaimedNotification[]> {
  const d = exec.dialect;
  const due = await exec.all<Row>(
    `SELECT id FROM alert_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?${d.forUpdateSkipLocked}`,
    [now, limit],
  );
  if (due.length === 0) return [];
  const rows = await exec.all<Row>(
    `UPDATE alert_outbox SET next_attempt_at = ?, updated_at = ? WHERE ${d.anyOf('id')} RETURNING *`,
    [now + leaseMs, now, d.listParam(due.map((r) => Number(r.id)))],
  );
  const notifications = rows.map(toAlertNotification).sort((a, b) => a.id - b.id);
  const ruleIds = [...new Set(notifications.map((n) => n.ruleId))];
  const rules = await exec.all<Row>(`SELECT id, channels FROM alert_rules WHERE ${d.anyOf('id')}`, [
    d.listParam(ruleIds),
  ]);
  const channels = new Map(rules.map((r) => [Number(r.id), channelsOf(r.channels)]));
  return notifications.map((notification) => ({
    notification,
    channel: channels.get(notification.ruleId)?.find((c) => c.id === notification.channelId),
  }));
}

/** The outbox operations of a SQL store. */
export function alertOutboxSql(ctx: SqlContext, rulesCache: AlertRulesCache) {
  return {
    claimAlertNotifications: (now: number, limit: number, leaseMs: number) =>
      ctx.transaction((exec) => claim(exec, now, limit, leaseMs)),
    async insertAlertNotifications(rows: readonly NewAlertNotification[]) {
      const inserted = await ctx.transaction((exec) =>
        insertRowsReturning<Row>(exec, INSERT_NOTIFICATIONS, rows.map(notificationRow)),
      );
      return inserted.map(toAlertNotification).sort((a, b) => a.id - b.id);
    },
    async recordAlertAttempts(
      attempts: readonly AlertAttemptInput[],
      disables: readonly AlertChannelDisable[] = [],
    ) {
      if (attempts.length === 0 && disables.length === 0) return;
      await ctx.transaction(async (exec) => {
        // The channel first, as a receiver's 410 is what settles its notification as disabled.
        for (const d of disables) await disableChannel(exec, d);
        await Promise.all(
          attempts.map(async (a) => {
            await exec.run(
              'INSERT INTO alert_attempts (notification_id, attempt, at, status, latency_ms, response_excerpt, error, outcome) ' +
                'SELECT id, attempts + 1, ?, ?, ?, ?, ?, ? FROM alert_outbox WHERE id = ?',
              [
                a.at,
                a.status,
                Math.round(a.latencyMs),
                a.responseExcerpt,
                a.error,
                a.outcome,
                a.notificationId,
              ],
            );
            await exec.run(
              'UPDATE alert_outbox SET attempts = attempts + 1, state = ?, next_attempt_at = ?, updated_at = ?, last_error = ? ' +
                'WHERE id = ?',
              [STATE_OF[a.outcome], a.nextAttemptAt ?? a.at, a.at, a.error, a.notificationId],
            );
          }),
        );
      });
      if (disables.length > 0) rulesCache.invalidate();
    },
    async nextAlertAttemptAt() {
      const row = await ctx.read.get<Row>(
        "SELECT min(next_attempt_at) AS next FROM alert_outbox WHERE state = 'pending'",
      );
      return row?.next === null || row?.next === undefined ? null : Number(row.next);
    },
    async listAlertNotifications(q: AlertNotificationQuery) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.ruleId !== undefined) {
        where.push('rule_id = ?');
        params.push(q.ruleId);
      }
      if (q.projectId !== undefined) {
        where.push('project_id = ?');
        params.push(q.projectId);
      }
      if (q.subject !== undefined) {
        where.push('subject = ?');
        params.push(q.subject);
      }
      if (q.state !== undefined) {
        where.push('state = ?');
        params.push(q.state);
      }
      const rows = await ctx.read.all<Row>(
        `SELECT * FROM alert_outbox${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ` +
          `ORDER BY ${q.failuresFirst === true ? FAILURES_FIRST : 'id DESC'} LIMIT ?`,
        [...params, Math.min(q.limit, MAX_STORE_PAGE_SIZE)],
      );
      return rows.map(toAlertNotification);
    },
    async listAlertAttempts(notificationId: number) {
      const rows = await ctx.read.all<Row>(
        'SELECT * FROM alert_attempts WHERE notification_id = ? ORDER BY attempt, id',
        [notificationId],
      );
      return rows.map(toAlertAttempt);
    },
    async listAlertAttemptsOf(notificationIds: readonly number[], perNotification: number) {
      if (notificationIds.length === 0) return [];
      const d = ctx.read.dialect;
      const rows = await ctx.read.all<Row>(
        'SELECT * FROM (SELECT a.*, row_number() OVER (PARTITION BY notification_id ORDER BY attempt DESC) AS nth ' +
          `FROM alert_attempts a WHERE ${d.anyOf('notification_id')}) latest WHERE nth <= ? ` +
          'ORDER BY notification_id, attempt',
        [d.listParam(notificationIds), perNotification],
      );
      return rows.map(toAlertAttempt);
    },
    redeliverAlertNotification: (id: number, at: number) =>
      ctx.transaction(async (exec): Promise<Redelivery | undefined> => {
        if (!Number.isSafeInteger(id)) return undefined;
        // Pending rows stay as they are: one may be claimed, and sending it now would send it twice.
        const updated = await exec.get<Row>(
          "UPDATE alert_outbox SET state = 'pending', next_attempt_at = ?, updated_at = ? " +
            "WHERE id = ? AND state <> 'pending' RETURNING *",
          [at, at, id],
        );
        if (updated !== undefined) return { notification: toAlertNotification(updated), redelivered: true };
        const row = await exec.get<Row>('SELECT * FROM alert_outbox WHERE id = ?', [id]);
        return row === undefined ? undefined : { notification: toAlertNotification(row), redelivered: false };
      }),
  };
}
