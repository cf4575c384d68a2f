/**
 * What an attempt leaves in the store: the attempt logged, the notification moved on (delivered;
 * pending again at the next time of the schedule; failed once the schedule is spent; disabled),
 * and on a 410 the channel disabled on its rule. The worker and the test notification share it.
 */

import type { ClaimedNotification } from '../../store/alert-records.js';
import type { DeliveryDeps } from '../alert-options.js';
import type { AttemptResult } from './attempt.js';
import { nextAttemptAt } from './retry-schedule.js';

/**
 * @param retry false for a test notification: it is sent once
 * @returns the result as recorded (a retry past the schedule is `failed`)
 * @example await settleAttempt(claimed, await attemptDelivery(claimed, deps), deps, true)
 */
export async function settleAttempt(
  claimed: ClaimedNotification,
  result: AttemptResult,
  deps: DeliveryDeps,
  retry: boolean,
): Promise<AttemptResult> {
  const { notification: n, channel } = claimed;
  const at = deps.now();
  let settled = result;
  let next: number | undefined;
  if (result.outcome === 'retry') {
    const when = retry ? nextAttemptAt(n.attempts + 1, result.retryAfterS, at, deps.timing) : null;
    if (when === null) {
      const why = retry ? `gave up after ${n.attempts + 1} attempts` : 'a test is sent once';
      settled = { ...result, outcome: 'failed', error: `${result.error ?? 'failed'}; ${why}` };
    } else next = when;
  }
  await deps.store.recordAlertAttempt({
    notificationId: n.id,
    at,
    status: settled.status,
    latencyMs: settled.latencyMs,
    responseExcerpt: settled.responseExcerpt,
    error: settled.error,
    outcome: settled.outcome,
    ...(next === undefined ? {} : { nextAttemptAt: next }),
  });
  if (settled.outcome === 'disabled' && result.status === 410 && channel !== undefined)
    await deps.store.disableAlertChannel(n.ruleId, channel.id, settled.error ?? 'HTTP 410 Gone', at);
  return settled;
}
