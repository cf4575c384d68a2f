/**
 * Email digests (issue 14 §2, as Sentry's): per recipient set (an email channel's `to`, sorted and
 * lower-cased, whatever rule it is on), the first alert email after a quiet spell goes at once;
 * later ones within the digest interval are held in the outbox (pending, due when the interval
 * since the last email ends; holding is no attempt) and then go as ONE digest email. The slot is
 * taken in the store before the send, so collectors sharing PostgreSQL send one email per
 * interval between them, and a crash between holding and sending loses nothing: the rows are
 * still in the outbox. Every notification of a digest gets the digest's attempt in its log;
 * a failed digest's notifications are retried together, on the retry schedule, without waiting
 * for a slot again. Test notifications and other channels are never held.
 */

import { MAX_ALERT_ERROR_LENGTH } from '../../limits.js';
import type { ClaimedNotification } from '../../store/alert-records.js';
import type { DeliveryDeps } from '../alert-options.js';
import type { AlertFacts } from '../evaluate/alert-facts.js';
import { cut } from '../render/alert-text.js';
import { canonicalAlert } from '../render/canonical-alert.js';
import { emailDigest } from '../render/email-digest.js';
import { type AttemptResult, sendEmail } from './attempt.js';
import { type Settlement, settlement } from './settle-attempt.js';

/**
 * The recipient set a digest is kept for.
 * @example recipientsKey(['Ops@Example.com', 'dev@example.com']) // 'dev@example.com,ops@example.com'
 */
export const recipientsKey = (to: readonly string[]) =>
  [...new Set(to.map((a) => a.trim().toLowerCase()))].sort().join(',');

/** The recipient set of a notification a digest may hold; undefined for any other. */
function digestKey({ notification, channel }: ClaimedNotification): string | undefined {
  if (channel?.type !== 'email' || channel.disabled !== undefined) return undefined;
  try {
    return (JSON.parse(notification.payload) as AlertFacts).type === 'alert.test'
      ? undefined
      : recipientsKey(channel.to);
  } catch {
    return undefined; // the attempt reports the bad payload
  }
}

/**
 * The claimed notifications as sends: each group goes as one message (one alone, several as a
 * digest). Email notifications whose recipient set had an email within the interval are held
 * in the store and left out.
 * @example for (const group of await planSends(claimed, deps)) await deliverGroup(group)
 */
export async function planSends(
  claimed: readonly ClaimedNotification[],
  deps: Pick<DeliveryDeps, 'store' | 'now' | 'emailDigestIntervalMs'>,
): Promise<ClaimedNotification[][]> {
  const sends: ClaimedNotification[][] = [];
  const fresh = new Map<string, ClaimedNotification[]>();
  const retries = new Map<string, ClaimedNotification[]>();
  for (const c of claimed) {
    const key = digestKey(c);
    if (key === undefined) {
      sends.push([c]);
      continue;
    }
    // A retry had its slot: it follows the retry schedule, with the rest of its digest.
    const groups = c.notification.attempts > 0 ? retries : fresh;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  sends.push(...retries.values());
  for (const [key, group] of fresh) {
    const now = deps.now();
    const freeAt = await deps.store.takeEmailSlot(key, now, deps.emailDigestIntervalMs);
    if (freeAt === null) sends.push(group);
    else
      await deps.store.holdAlertNotifications(
        group.map((c) => c.notification.id),
        freeAt,
        now,
      );
  }
  return sends;
}

/**
 * Sends a digest of several email notifications to one recipient set: one attempt.
 * @example const result = await attemptDigest(group, deps) // { outcome: 'delivered', status: 250, … }
 */
export async function attemptDigest(
  group: readonly ClaimedNotification[],
  deps: DeliveryDeps,
): Promise<AttemptResult> {
  const startedAt = performance.now();
  const first = group[0]?.channel;
  if (first?.type !== 'email') throw new Error('a digest is of email notifications');
  try {
    const alerts = group.map((c) =>
      canonicalAlert(JSON.parse(c.notification.payload) as AlertFacts, deps.publicUrl),
    );
    const m = { kind: 'email', to: first.to, message: emailDigest(alerts) } as const;
    const sent = await sendEmail(m, deps);
    return { ...sent, message: m, latencyMs: performance.now() - startedAt };
  } catch (error) {
    return {
      outcome: 'retry',
      status: null,
      responseExcerpt: null,
      error: cut(error instanceof Error ? error.message : String(error), MAX_ALERT_ERROR_LENGTH),
      latencyMs: performance.now() - startedAt,
    };
  }
}

/**
 * The digest's attempt for each of its notifications; one draw of the jitter, so a failed
 * digest's notifications are due again together.
 * @example await saveSettlements(digestSettlements(group, await attemptDigest(group, deps), deps), deps)
 */
export function digestSettlements(
  group: readonly ClaimedNotification[],
  result: AttemptResult,
  deps: Pick<DeliveryDeps, 'now' | 'timing'>,
): Settlement[] {
  const draw = deps.timing.random();
  const at = deps.now();
  const same = { now: () => at, timing: { ...deps.timing, random: () => draw } };
  return group.map((c) => settlement(c, result, same, true));
}
