/**
 * The envelope items Faultline writes or reads, as one union keyed by `type` (house style 6):
 * a `switch (item.type)` over it is checked for exhaustiveness, and each payload has its type.
 * Unknown types stay legal on the wire (sentry-protocol.md §3.4: kept, never rejected); they
 * are simply not in this union.
 */

import type { SentryEvent } from '../event.js';
import { CLIENT_REPORT_ITEM_TYPE, type ClientReport } from './client-report.js';
import { ROUTE_RATES_ITEM_TYPE, type RouteRatesItem } from './route-rates.js';
import { SAMPLED_ITEM_TYPE, type SampledItem } from './sampled-occurrences.js';
import {
  SESSION_ITEM_TYPE,
  SESSIONS_ITEM_TYPE,
  type SessionAggregates,
  type SessionUpdate,
} from './sessions.js';

/** An item type and the payload it carries. */
export type KnownEnvelopeItem =
  | { type: 'event'; payload: SentryEvent }
  | { type: 'transaction'; payload: SentryEvent }
  | { type: typeof SESSION_ITEM_TYPE; payload: SessionUpdate }
  | { type: typeof SESSIONS_ITEM_TYPE; payload: SessionAggregates }
  | { type: typeof CLIENT_REPORT_ITEM_TYPE; payload: ClientReport }
  | { type: typeof ROUTE_RATES_ITEM_TYPE; payload: RouteRatesItem }
  | { type: typeof SAMPLED_ITEM_TYPE; payload: SampledItem }
  | { type: 'attachment'; payload: Uint8Array };

/** The item types of the union. */
export type KnownItemType = KnownEnvelopeItem['type'];

/** The payload type of one item type. @example let p: ItemPayload<'sessions'> */
export type ItemPayload<T extends KnownItemType> = Extract<KnownEnvelopeItem, { type: T }>['payload'];

/** Every known item type, for checks at run time. */
export const KNOWN_ITEM_TYPES: ReadonlySet<string> = new Set<KnownItemType>([
  'event',
  'transaction',
  SESSION_ITEM_TYPE,
  SESSIONS_ITEM_TYPE,
  CLIENT_REPORT_ITEM_TYPE,
  ROUTE_RATES_ITEM_TYPE,
  SAMPLED_ITEM_TYPE,
  'attachment',
]);

/**
 * True when `type` is one Faultline knows (narrows a string to KnownItemType).
 * @example isKnownItemType('client_report') // true
 */
export function isKnownItemType(type: string): type is KnownItemType {
  return KNOWN_ITEM_TYPES.has(type);
}
