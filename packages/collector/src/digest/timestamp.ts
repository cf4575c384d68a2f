/**
 * Event and item times (sentry-protocol.md §4.1): an RFC 3339 string or a number of seconds
 * since the epoch (floats from JS SDKs). A string without a zone is UTC, not local time.
 */

import { MAX_CLOCK_DRIFT_MS } from '../limits.js';

const MINUTE_MS = 60_000;
const NUMERIC = /^\d+(\.\d+)?$/;
const HAS_ZONE = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * Milliseconds since the epoch, or `fallback` when the value is missing or unreadable.
 * @example toMillis('2025-01-01T10:00:00', 0) // 1735725600000 (read as UTC)
 * @example toMillis(1735725600.5, 0) // 1735725600500
 */
export function toMillis(value: unknown, fallback: number): number {
  if (typeof value === 'number')
    return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : fallback;
  if (typeof value !== 'string') return fallback;
  const text = value.trim();
  if (NUMERIC.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(HAS_ZONE.test(text) || !text.includes('T') ? text : `${text}Z`);
  return Number.isFinite(ms) ? ms : fallback;
}

/**
 * An event's time, corrected like Relay does for a client clock far in the future
 * (more than MAX_CLOCK_DRIFT_MS past `receivedAt` → `receivedAt`).
 * @example eventTime(event.timestamp, batch.receivedAt)
 */
export function eventTime(value: unknown, receivedAt: number): number {
  const ms = toMillis(value, receivedAt);
  return ms > receivedAt + MAX_CLOCK_DRIFT_MS ? receivedAt : ms;
}

/**
 * The start of the minute containing `ms` (the bucket of per-minute counts).
 * @example minuteOf(Date.UTC(2025, 0, 1, 10, 0, 42)) // Date.UTC(2025, 0, 1, 10, 0)
 */
export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}
