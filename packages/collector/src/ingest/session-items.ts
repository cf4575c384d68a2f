/**
 * Release-health items (sentry-protocol.md §9, §10), checked for the fields digest relies on.
 * Relay drops a session update it cannot use rather than failing the envelope; so do we (the
 * caller counts it in `dropped`). Values are passed on as sent; digest interprets them.
 */

import type { ClientReport, SessionAggregates, SessionUpdate } from '../ingest-batch.js';

const isTime = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

function hasRelease(attrs: unknown): attrs is { release: string } {
  return (
    typeof attrs === 'object' &&
    attrs !== null &&
    typeof (attrs as { release?: unknown }).release === 'string' &&
    (attrs as { release: string }).release !== ''
  );
}

/**
 * A `session` update, or undefined when `started` or `attrs.release` (both required, §9.1) is missing.
 * @example sessionOf({ started: '2025-01-01T00:00:00Z', attrs: { release: 'a@1' } })
 */
export function sessionOf(v: Record<string, unknown>): SessionUpdate | undefined {
  if (!isTime(v.started) || !hasRelease(v.attrs)) return undefined;
  return v as unknown as SessionUpdate;
}

/**
 * A `sessions` item, or undefined when unusable. Buckets past `maxBuckets` (Relay: 100 per item,
 * §7) and buckets without `started` are left out.
 * @example sessionAggregatesOf({ aggregates: [{ started: 0, exited: 1 }], attrs: { release: 'a@1' } }, 100)
 */
export function sessionAggregatesOf(
  v: Record<string, unknown>,
  maxBuckets: number,
): SessionAggregates | undefined {
  if (!Array.isArray(v.aggregates) || !hasRelease(v.attrs)) return undefined;
  const aggregates = v.aggregates
    .slice(0, maxBuckets)
    .filter(
      (b): b is SessionAggregates['aggregates'][number] =>
        typeof b === 'object' && b !== null && isTime(b.started),
    );
  if (aggregates.length === 0) return undefined;
  return { ...(v as unknown as SessionAggregates), aggregates };
}

/**
 * A `client_report`; `discarded_events` entries that are not `{reason, category, quantity}` are left out.
 * @example clientReportOf({ discarded_events: [{ reason: 'sample_rate', category: 'error', quantity: 3 }] })
 */
export function clientReportOf(v: Record<string, unknown>): ClientReport {
  const list = Array.isArray(v.discarded_events) ? v.discarded_events : [];
  const discarded_events = list.filter(
    (d): d is { reason: string; category: string; quantity: number } =>
      typeof d === 'object' &&
      d !== null &&
      typeof d.reason === 'string' &&
      typeof d.category === 'string' &&
      Number.isFinite(d.quantity),
  );
  return { ...v, discarded_events };
}
