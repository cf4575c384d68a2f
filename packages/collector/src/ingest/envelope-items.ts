/**
 * A parsed envelope → one IngestBatch, item by item (sentry-protocol.md §3.4). Rule zero: an
 * unknown item type is skipped, never a 400 (old Relays rejected `client_report` and broke SDK
 * upgrades: sentry-javascript #4404, #6700, #7454). Malformed JSON in an item we read is a 400
 * naming the item; items we accept but do not keep are counted in `dropped` (house style 7).
 */

import {
  CLIENT_REPORT_ITEM_TYPE,
  type Envelope,
  normalizeEventId,
  ROUTE_RATES_ITEM_TYPE,
  readClientReport,
  readSessionAggregates,
  readSessionUpdate,
  SAMPLED_ITEM_TYPE,
  SESSION_ITEM_TYPE,
  SESSIONS_ITEM_TYPE,
} from '@faultline/core';
import { countDrop, type IngestBatch } from '../ingest-batch.js';
import { type AttachmentBounds, attachmentOf } from './attachment-item.js';
import { type EventBounds, parseItemObject, toIngestEvent } from './event-item.js';
import { IngestRejection } from './http-errors.js';
import { routeRatesOf } from './rates-item.js';
import { sampledOf } from './sampled-item.js';
import type { Scrub } from './scrubber.js';

export interface ItemBounds extends EventBounds, AttachmentBounds {
  maxClientReportBytes: number;
  maxSessionsPerEnvelope: number;
}

/**
 * A batch with nothing in it yet.
 * @example emptyBatch(1, Date.now()).events // []
 */
export function emptyBatch(projectId: number, receivedAt: number): IngestBatch {
  return {
    projectId,
    receivedAt,
    events: [],
    transactions: [],
    sessions: [],
    sessionAggregates: [],
    clientReports: [],
    routeRates: [],
    sampled: [],
    attachments: [],
    dropped: {},
  };
}

function headerEventId(header: Record<string, unknown>): string | undefined {
  if (header.event_id === undefined || header.event_id === null) return undefined;
  const id = normalizeEventId(header.event_id);
  if (id === null) throw new IngestRejection(400, 'envelope header event_id is not a UUID');
  return id;
}

function objectOrUndefined(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** What `fillBatch` reports besides the batch itself. */
export interface Filled {
  /** The id to answer with (the event's or transaction's); undefined is answered `{}` (§6.1). */
  id: string | undefined;
  /** Payload bytes of the items kept: what the batch costs the write queue (a dropped 90 MiB
   * attachment must not count against MAX_QUEUED_BYTES). */
  keptBytes: number;
}

/**
 * Fills `batch` from the envelope's items.
 * @example const { id, keptBytes } = fillBatch(batch, parseEnvelope(body), bounds, scrub)
 */
export function fillBatch(batch: IngestBatch, envelope: Envelope, bounds: ItemBounds, scrub: Scrub): Filled {
  const envelopeId = headerEventId(envelope.header);
  const trace = objectOrUndefined(envelope.header.trace);
  const dsc = trace === undefined ? undefined : scrub(trace);
  let eventItems = 0;
  let attachmentBytes = 0;
  let keptBytes = 0;
  const json = (i: number, type: string, max: number) => {
    const payload = envelope.items[i]!.payload;
    keptBytes += payload.byteLength;
    return parseItemObject(payload, i, type, max, bounds.maxJsonDepth);
  };

  for (const [i, item] of envelope.items.entries()) {
    const type = item.header.type;
    switch (type) {
      case 'event':
      case 'transaction': {
        // Relay's envelope validity check: at most one event-like item per envelope.
        if (++eventItems > 1)
          throw new IngestRejection(400, `item ${i}: duplicate ${type} item in one envelope`);
        const isTx = type === 'transaction';
        const ev = toIngestEvent(json(i, type, bounds.maxEventBytes), envelopeId, dsc, bounds, scrub, isTx);
        (isTx ? batch.transactions : batch.events).push(ev);
        break;
      }
      case SESSION_ITEM_TYPE: {
        if (batch.sessions.length >= bounds.maxSessionsPerEnvelope) {
          countDrop(batch, 'session_limit');
          break;
        }
        const s = readSessionUpdate(json(i, type, bounds.maxEventBytes));
        if (s) batch.sessions.push(s);
        else countDrop(batch, 'invalid_session');
        break;
      }
      case SESSIONS_ITEM_TYPE: {
        const s = readSessionAggregates(json(i, type, bounds.maxEventBytes), bounds.maxSessionsPerEnvelope);
        if (s) batch.sessionAggregates.push(s);
        else countDrop(batch, 'invalid_sessions');
        break;
      }
      case ROUTE_RATES_ITEM_TYPE: {
        const r = routeRatesOf(json(i, type, bounds.maxEventBytes));
        if (r) batch.routeRates.push(r);
        else countDrop(batch, 'invalid_rates');
        break;
      }
      case SAMPLED_ITEM_TYPE: {
        const { item: s, rejected } = sampledOf(json(i, type, bounds.maxEventBytes), batch.receivedAt);
        if (s) batch.sampled.push(...s.occurrences);
        countDrop(batch, 'invalid_sampled', rejected);
        break;
      }
      case CLIENT_REPORT_ITEM_TYPE:
        batch.clientReports.push(readClientReport(json(i, type, bounds.maxClientReportBytes)));
        break;
      case 'attachment': {
        const a = attachmentOf(item, envelopeId, attachmentBytes, bounds);
        if (typeof a === 'string') countDrop(batch, a);
        else {
          attachmentBytes += a.bytes.byteLength;
          keptBytes += a.bytes.byteLength;
          batch.attachments.push(a);
        }
        break;
      }
      default:
        break; // profiles, replays, spans, logs, check-ins, metrics...: accepted and ignored (§3.4)
    }
  }
  return { id: batch.events[0]?.eventId ?? batch.transactions[0]?.eventId, keptBytes };
}
