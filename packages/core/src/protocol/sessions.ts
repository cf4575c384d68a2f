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
