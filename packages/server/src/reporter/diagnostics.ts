/**
 * What the reporter does, published on `diagnostics_channel` (house style 7, as undici's
 * `diagnostics.js`): subscribe to see every drop and every send without a logger. Messages
 * are built only when someone listens.
 */

import diagnostics from 'node:diagnostics_channel';

/** A data category (sentry-protocol.md §6.4): `error`, `session`, `internal`... */
export type DataCategory = 'error' | 'default' | 'session' | 'internal' | (string & {});

/** Why data did not reach the server. The first six are Sentry's client-report reasons
 * (`sample_rate`: an error of a storm counted and listed as a sampled occurrence, not sent in full);
 * `rate_limited` (the server answered 429: it counts that itself) and `closed` (after
 * `close()`, or still queued at its deadline) are only counted locally. */
export type DropReason =
  | 'queue_overflow'
  | 'ratelimit_backoff'
  | 'network_error'
  | 'send_error'
  | 'internal_sdk_error'
  | 'sample_rate'
  | 'rate_limited'
  | 'closed';

/** Published on `faultline:reporter:drop`. */
export interface DropMessage {
  reason: DropReason;
  category: DataCategory;
  quantity: number;
  /** The event id, when one event was dropped after it was built. */
  eventId?: string | undefined;
  /** What went wrong, for network and send errors. */
  error?: unknown;
}

/** Published on `faultline:reporter:send` after every envelope request that got an answer. */
export interface SendMessage {
  status: number;
  eventId: string | undefined;
  /** Item types in the envelope, e.g. ['event', 'client_report']. */
  items: string[];
  bytes: number;
  gzip: boolean;
  durationMs: number;
}

/** Published on `faultline:reporter:rate-limit` when a category's deadline moves. */
export interface RateLimitMessage {
  /** '' means every category. */
  category: string;
  until: number;
}

/**
 * The reporter's channels.
 * @example
 * import diagnostics from 'node:diagnostics_channel';
 * diagnostics.subscribe('faultline:reporter:drop', (m) => console.warn('event dropped', m));
 */
export const reporterChannels = {
  drop: diagnostics.channel('faultline:reporter:drop'),
  send: diagnostics.channel('faultline:reporter:send'),
  rateLimit: diagnostics.channel('faultline:reporter:rate-limit'),
} as const;

export function publish<T>(channel: diagnostics.Channel, message: () => T): void {
  if (!channel.hasSubscribers) return;
  try {
    channel.publish(message());
  } catch {
    // A throwing subscriber is not the request's problem.
  }
}
