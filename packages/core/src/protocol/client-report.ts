/**
 * The `client_report` item (https://develop.sentry.dev/sdk/telemetry/client-reports/ ;
 * sentry-protocol.md §10): what a sender dropped before it could send, by reason and data
 * category, so that no drop is silent. The reporter writes it; the collector counts it.
 */

/** The envelope item type. */
export const CLIENT_REPORT_ITEM_TYPE = 'client_report';

/** One line of a report: `quantity` items of `category` dropped for `reason`. */
export interface DiscardedEvents<Reason extends string = string, Category extends string = string> {
  reason: Reason;
  category: Category;
  quantity: number;
}

/** The item's payload. `timestamp` is seconds since the epoch (a number) or RFC 3339. */
export interface ClientReport<Reason extends string = string, Category extends string = string> {
  timestamp?: string | number;
  discarded_events: DiscardedEvents<Reason, Category>[];
  [key: string]: unknown;
}

/**
 * A `client_report` payload as a reader may trust it: `discarded_events` entries that are not
 * `{reason, category, quantity}` are left out (a bad line must not hide the others).
 * @example readClientReport({ discarded_events: [{ reason: 'sample_rate', category: 'error', quantity: 3 }] })
 */
export function readClientReport(v: Record<string, unknown>): ClientReport {
  const list = Array.isArray(v.discarded_events) ? v.discarded_events : [];
  const discarded_events = list.filter(
    (d): d is DiscardedEvents =>
      typeof d === 'object' &&
      d !== null &&
      typeof d.reason === 'string' &&
      typeof d.category === 'string' &&
      Number.isFinite(d.quantity),
  );
  return { ...v, discarded_events };
}
