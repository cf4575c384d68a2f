/**
 * When a failed notification is tried again (pure; time and chance are parameters, house style
 * 3): Standard Webhooks' schedule (ALERT_RETRY_SCHEDULE_S), each delay moved by up to
 * ±ALERT_RETRY_JITTER, never before a Retry-After the receiver asked for, and no more once the
 * schedule is spent. `scale` shrinks the schedule for tests only; production passes 1.
 */

import { ALERT_RETRY_JITTER, ALERT_RETRY_SCHEDULE_S, MAX_ALERT_RETRY_AFTER_S } from '../../limits.js';

export interface RetryTiming {
  /** Multiplies the schedule's delays (not a receiver's Retry-After); 1 in production. */
  scale: number;
  /** A number in [0, 1). */
  random: () => number;
}

/**
 * @param attempts attempts made so far, the failed one included (1 after the first)
 * @param retryAfterS the receiver's Retry-After in seconds, if it sent one
 * @returns when to try again (ms), or null: the schedule is spent
 * @example nextAttemptAt(1, undefined, now, { scale: 1, random: Math.random }) // now + 5 s ± 20 %
 */
export function nextAttemptAt(
  attempts: number,
  retryAfterS: number | undefined,
  now: number,
  timing: RetryTiming,
): number | null {
  const delayS = ALERT_RETRY_SCHEDULE_S[attempts - 1];
  if (delayS === undefined) return null;
  const jitter = 1 + ALERT_RETRY_JITTER * (2 * timing.random() - 1);
  const scheduled = delayS * 1000 * timing.scale * jitter;
  const asked = Math.min(retryAfterS ?? 0, MAX_ALERT_RETRY_AFTER_S) * 1000;
  return now + Math.round(Math.max(scheduled, asked));
}
