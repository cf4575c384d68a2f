/**
 * `since` / `until` query values: an ISO date, epoch milliseconds, or (for `since`) a
 * duration back from now such as `15m`, `24h`, `7d`. Bad values are a 400 naming the field.
 */

import { badRequest } from '@faultline/core';
import { DEFAULT_RATES_RANGE_MS, MAX_RATES_RANGE_MS } from '../limits.js';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * One instant: a duration back from `now` (`30m`), epoch milliseconds or an ISO date.
 * @example instant("30m", "since", Date.now())
 */
export function instant(raw: string, name: string, now: number): number {
  const relative = /^(\d{1,6})([smhd])$/.exec(raw);
  if (relative) return now - Number(relative[1]) * (UNIT_MS[relative[2] as string] as number);
  if (/^\d{1,15}$/.test(raw)) return Number(raw);
  const ms = Date.parse(raw);
  if (raw.length > 40 || Number.isNaN(ms))
    throw badRequest(`${name} must be an ISO date, epoch milliseconds or a duration like 24h`);
  return ms;
}

export interface TimeRange {
  from: number;
  to: number;
}

/**
 * @example timeRange(new URLSearchParams('since=1h'), Date.now())
 */
export function timeRange(q: URLSearchParams, now: number): TimeRange {
  const untilRaw = q.get('until');
  const sinceRaw = q.get('since');
  const to = untilRaw ? instant(untilRaw, 'until', now) : now;
  const from = sinceRaw ? instant(sinceRaw, 'since', now) : to - DEFAULT_RATES_RANGE_MS;
  if (from >= to) throw badRequest('since must be before until');
  if (to - from > MAX_RATES_RANGE_MS)
    throw badRequest(`the range may span at most ${MAX_RATES_RANGE_MS / 86_400_000} days`);
  return { from, to };
}
