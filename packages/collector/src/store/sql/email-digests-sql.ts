/**
 * The email digest state (issue 14 §2): when the last alert email went to each recipient set. A
 * worker takes a recipient set's slot before it sends; the conditional upsert lets only one
 * worker (of one collector or of several sharing PostgreSQL) take it per interval, and the
 * notifications that find it taken wait in the outbox for the next slot.
 */

import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

/** The email digest operations of a SQL store. */
export function emailDigestsSql(ctx: SqlContext) {
  return {
    takeEmailSlot: (recipients: string, now: number, intervalMs: number) =>
      ctx.transaction(async (exec): Promise<number | null> => {
        const taken = await exec.get<Row>(
          'INSERT INTO alert_email_digests AS d (recipients, last_sent_at) VALUES (?, ?) ' +
            'ON CONFLICT (recipients) DO UPDATE SET last_sent_at = excluded.last_sent_at ' +
            'WHERE d.last_sent_at <= ? RETURNING last_sent_at',
          [recipients, now, now - intervalMs],
        );
        if (taken !== undefined) return null;
        const row = await exec.get<Row>('SELECT last_sent_at FROM alert_email_digests WHERE recipients = ?', [
          recipients,
        ]);
        return Number(row?.last_sent_at ?? now) + intervalMs;
      }),
    holdAlertNotifications: (ids: readonly number[], until: number, now: number) =>
      ctx.transaction(async (exec) => {
        if (ids.length === 0) return;
        const d = exec.dialect;
        // Only rows still pending: holding is no attempt, and a row settled meanwhile stays settled.
        await exec.run(
          `UPDATE alert_outbox SET next_attempt_at = ?, updated_at = ? WHERE state = 'pending' AND ${d.anyOf('id')}`,
          [until, now, d.listParam([...ids])],
        );
      }),
  };
}
