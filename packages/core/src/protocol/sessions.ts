/**
 * Release-health items (https://develop.sentry.dev/sdk/telemetry/sessions/ ; sentry-protocol.md
 * §9): a `session` update per user session, or `sessions` aggregates per minute in request
 * mode, which is what Faultline's server middleware sends (answered requests `exited`, 5xx
 * `errored`).
 */

/** The envelope item types. */
export const SESSION_ITEM_TYPE = 'session';
export const SESSIONS_ITEM_TYPE = 'sessions';

/** Release and environment, required by Sentry for every session item. */
export interface SessionAttributes {
  release: string;
  environment?: string;
  [key: string]: unknown;
}

/** A `session` update, as sent (§9.1). Times are RFC 3339 strings or seconds since the epoch. */
export interface SessionUpdate {
  sid?: string;
  did?: string;
  init?: boolean;
  started: string | number;
  timestamp?: string | number;
  status?: string;
  errors?: number;
  duration?: number;
  attrs: SessionAttributes;
}

/** One aggregate bucket: sessions that started in one period, by how they ended. */
export interface SessionAggregateBucket {
  started: string | number;
  did?: string;
  exited?: number;
  errored?: number;
  abnormal?: number;
  crashed?: number;
  unhandled?: number;
}

/** A `sessions` item, as sent (§9.2). */
export interface SessionAggregates {
  aggregates: SessionAggregateBucket[];
  attrs: SessionAttributes;
}

const isTime = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

function hasRelease(attrs: unknown): attrs is SessionAttributes {
  return (
    typeof attrs === 'object' &&
    attrs !== null &&
    typeof (attrs as { release?: unknown }).release === 'string' &&
    (attrs as { release: string }).release !== ''
  );
}

/**
 * A `session` payload as the reader may trust it, or undefined when `started` or
 * `attrs.release` (both required, §9.1) is missing: Relay drops a session update it cannot use
 * rather than failing the envelope. Other values are passed on as sent.
 * @example readSessionUpdate({ started: '2025-01-01T00:00:00Z', attrs: { release: 'a@1' } })
 */
export function readSessionUpdate(v: Record<string, unknown>): SessionUpdate | undefined {
  if (!isTime(v.started) || !hasRelease(v.attrs)) return undefined;
  return v as unknown as SessionUpdate;
}

/**
 * A `sessions` payload, or undefined when unusable. Buckets past `maxBuckets` (Relay: 100 per
 * item, §7) and buckets without `started` are left out.
 * @example readSessionAggregates({ aggregates: [{ started: 0, exited: 1 }], attrs: { release: 'a@1' } }, 100)
 */
export function readSessionAggregates(
  v: Record<string, unknown>,
  maxBuckets: number,
): SessionAggregates | undefined {
  if (!Array.isArray(v.aggregates) || !hasRelease(v.attrs)) return undefined;
  const aggregates = v.aggregates
    .slice(0, maxBuckets)
    .filter(
      (b): b is SessionAggregateBucket =>
        typeof b === 'object' && b !== null && isTime((b as { started?: unknown }).started),
    );
  if (aggregates.length === 0) return undefined;
  return { ...(v as unknown as SessionAggregates), aggregates };
}
