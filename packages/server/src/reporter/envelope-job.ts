/**
 * What the reporter sends: envelopes built lazily from items that each carry their data
 * category, so that rate limits and client reports work per item
 * (https://develop.sentry.dev/sdk/envelopes/#data-model ; sentry-protocol.md §3, §6.4).
 * An error event is one `event` item (an envelope holds at most one event); a later
 * `sessions` aggregate (category `session`) or a Faultline per-route counts item is another
 * builder returning its own items, and a pending `client_report` (category `internal`) rides
 * along with whatever goes out next.
 */

import type { DataCategory } from './diagnostics.js';

/** One envelope item and the category it counts against. */
export interface ReporterItem {
  category: DataCategory;
  /** The item type: 'event', 'client_report', 'sessions'... */
  type: string;
  /** JSON-encoded unless it is already a string or bytes. */
  payload: object | string | Uint8Array;
  /** Extra item-header fields (`type` and `length` are set by the serializer). */
  header?: Record<string, unknown>;
}

/** A built envelope: its header (without `sent_at`, added at send time) and items. */
export interface BuiltEnvelope {
  header: Record<string, unknown>;
  items: ReporterItem[];
  /** The event id, for drop and send messages. */
  eventId?: string | undefined;
}

/** Builds an envelope when its turn comes; may read files (source context) or throw. */
export type EnvelopeBuilder = () => BuiltEnvelope | Promise<BuiltEnvelope>;
