/**
 * What attempts leave in the store: each attempt logged and its notification moved on (delivered;
 * pending again at the next time of the schedule; failed once the schedule is spent; disabled),
 * a pass's attempts in one transaction, and on a 410 the channel disabled on its rule in the same
 * one (a reader never sees a notification disabled without its attempt). The worker
 * and the test notification share it.
 */

import type { AlertAttemptInput, ClaimedNotification } from '../../store/alert-records.js';
import type { DeliveryDeps } from '../alert-options.js';
import type { AttemptResult } from './attempt.js';
import { nextAttemptAt } from './retry-schedule.js';

export interface Settlement {
  /** The result as it is recorded (a retry past the schedule is `failed`). */
  result: AttemptResult;
  attempt: AlertAttemptInput;
  /** A 410: the channel to disable. */
  disable?: { ruleId: number; channelId: string; reason: string };
}

/**
 * @param retry false for a test notification: it is sent once
 * @example const s = settlement(claimed, await attemptDelivery(claimed, deps), deps, true)
 */
export function settlement(
  claimed: ClaimedNotification,
  result: AttemptResult,
  deps: Pick<DeliveryDeps, 'now' | 'timing'>,
  retry: boolean,
): Settlement {
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
  const attempt: AlertAttemptInput = {
    notificationId: n.id,
    at,
    status: settled.status,
    latencyMs: settled.latencyMs,
    responseExcerpt: settled.responseExcerpt,
    error: settled.error,
    outcome: settled.outcome,
    ...(next === undefined ? {} : { nextAttemptAt: next }),
  };
  const gone = settled.outcome === 'disabled' && result.status === 410 && channel !== undefined;
  return {
    result: settled,
    attempt,
    ...(gone
      ? { disable: { ruleId: n.ruleId, channelId: channel.id, reason: settled.error ?? 'HTTP 410 Gone' } }
      : {}),
  };
}

/**
 * @example await saveSettlements(settlements, deps)
 */
export async function saveSettlements(settlements: readonly Settlement[], deps: DeliveryDeps): Promise<void> {
  if (settlements.length === 0) return;
  const disables = settlements.flatMap(({ disable, attempt }) =>
    disable === undefined ? [] : [{ ...disable, at: attempt.at }],
  );
  await deps.store.recordAlertAttempts(
    settlements.map((s) => s.attempt),
    disables,
  );
}
