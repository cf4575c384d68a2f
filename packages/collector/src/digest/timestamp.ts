/**
 * Event and item times (sentry-protocol.md §4.1): an RFC 3339 string or a number of seconds
 * since the epoch (floats from JS SDKs). A string without a zone is UTC, not local time.
 */

import { MINUTE_MS } from '@faultline/core';
import { MAX_CLOCK_DRIFT_MS } from '../limits.js';
import { isStorableTime } from './storable-batch.js';

const NUMERIC = /^\d+(\.\d+)?$/;
const HAS_ZONE = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

function readMillis(value: unknown): number {
  if (typeof value === 'number') return value >= 0 ? Math.round(value * 1000) : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const text = value.trim();
  if (NUMERIC.test(text)) return Math.round(Number(text) * 1000);
  return Date.parse(HAS_ZONE.test(text) || !text.includes('T') ? text : `${text}Z`);
}

/**
 * Milliseconds since the epoch, or `fallback` when the value is missing, unreadable, or past
 * what a Date holds (1e300 seconds: a BIGINT column would refuse it; storable-batch.ts).
 * @example toMillis('2025-01-01T10:00:00', 0) // 1735725600000 (read as UTC)
 * @example toMillis(1735725600.5, 0) // 1735725600500
 */
export function toMillis(value: unknown, fallback: number): number {
  const ms = readMillis(value);
  return isStorableTime(ms) ? ms : fallback;
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
