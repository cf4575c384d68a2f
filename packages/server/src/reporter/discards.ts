/**
 * Counting what was dropped (house style 7: no silent drops) and turning the counts into
 * a `client_report` item (https://develop.sentry.dev/sdk/telemetry/client-reports/ ;
 * sentry-protocol.md §10): `{timestamp, discarded_events: [{reason, category, quantity}]}`.
 *
 * Two ledgers: totals per reason since start (for `stats()`), and the counts not yet
 * reported. A report that could not be delivered (network error, 429, 5xx) is put back.
 */

import type {
  ClientReport as WireClientReport,
  DiscardedEvents as WireDiscardedEvents,
} from '@faultline/core';
import { type DataCategory, type DropReason, publish, reporterChannels } from './diagnostics.js';

/** Reasons the server learns about through client reports; the others are local. */
const REPORTED = new Set<DropReason>([
  'queue_overflow',
  'ratelimit_backoff',
  'network_error',
  'send_error',
  'internal_sdk_error',
  'sample_rate',
]);

export type DiscardedEvents = WireDiscardedEvents<DropReason, DataCategory>;

/** The `client_report` payload (core's wire format), with the reporter's reasons and categories. */
export type ClientReport = WireClientReport<DropReason, DataCategory> & { timestamp: number };

export class Discards {
  readonly totals: Partial<Record<DropReason, number>> = {};
  #pending = new Map<string, DiscardedEvents>();

  /** Counts a drop and publishes it on `faultline:reporter:drop`. */
  add(
    reason: DropReason,
    category: DataCategory,
    quantity = 1,
    detail?: { eventId?: string; error?: unknown },
  ) {
    this.totals[reason] = (this.totals[reason] ?? 0) + quantity;
    if (REPORTED.has(reason)) this.#count(reason, category, quantity);
    publish(reporterChannels.drop, () => ({ reason, category, quantity, ...detail }));
  }

  get hasPending(): boolean {
    return this.#pending.size > 0;
  }

  /** The pending counts as a client report, and forgets them (put back with `restore`). */
  take(now: number): ClientReport | undefined {
    if (this.#pending.size === 0) return undefined;
    const discarded_events = [...this.#pending.values()];
    this.#pending = new Map();
    return { timestamp: now / 1000, discarded_events };
  }

  /** Puts back the counts of a report that did not arrive. */
  restore(report: ClientReport): void {
    for (const d of report.discarded_events) this.#count(d.reason, d.category, d.quantity);
  }

  #count(reason: DropReason, category: DataCategory, quantity: number): void {
    const key = `${reason}\u0000${category}`;
    const entry = this.#pending.get(key);
    if (entry) entry.quantity += quantity;
    else this.#pending.set(key, { reason, category, quantity });
  }
}
