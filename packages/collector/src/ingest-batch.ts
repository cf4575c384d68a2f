/**
 * The boundary between ingest and digest. Ingest (authenticate, bound, decompress, parse,
 * scrub) turns one accepted HTTP request into one IngestBatch; digest (fingerprint, group,
 * count) turns batches into store writes. A request is acknowledged only after `commit`
 * resolves for its batch (ARCHITECTURE.md, "Durability promise"). Values are as sent (bounded
 * and scrubbed); digest first makes them storable on both stores (digest/storable-batch.ts).
 */

import type { IncomingMessage } from 'node:http';
import type {
  ClientReport,
  RouteRatesItem,
  SampledOccurrence,
  SentryEvent,
  SessionAggregates,
  SessionUpdate,
} from '@faultline/core';

/** The release-health and client-report payloads are core's wire formats (protocol/). */
export type { ClientReport, SessionAggregates, SessionUpdate };

export interface Attachment {
  /** The event it belongs to (the envelope header's event_id). */
  eventId: string;
  filename: string;
  contentType: string;
  attachmentType: string;
  bytes: Uint8Array;
}

/** An error event with the envelope context digest needs. Already scrubbed. */
export interface IngestEvent {
  /** 32 lower-case hex; the envelope header's id wins over the payload's. */
  eventId: string;
  event: SentryEvent;
  /** The envelope header's `trace` (Dynamic Sampling Context), when present. */
  dsc?: Record<string, unknown>;
}

/** Everything one accepted request carried, for one project. */
export interface IngestBatch {
  projectId: number;
  /** When the collector received the request (ms since the epoch); digest's clock. */
  receivedAt: number;
  events: IngestEvent[];
  /** Transaction events: digest keeps a thin record (trace ids, duration, status). */
  transactions: IngestEvent[];
  sessions: SessionUpdate[];
  sessionAggregates: SessionAggregates[];
  clientReports: ClientReport[];
  /** Per-route request counts from Faultline's server middleware (`faultline_rates` items). */
  routeRates: RouteRatesItem[];
  /** Errors of a storm the server middleware counted but did not send in full (`faultline_sampled`). */
  sampled: SampledOccurrence[];
  attachments: Attachment[];
  /** Items accepted but not kept, by reason (e.g. `attachment_too_large`), for counters. */
  dropped: Record<string, number>;
}

/**
 * Adds `n` to `dropped[reason]` (nothing for 0, so an untouched batch stays empty).
 * @example countDrop(batch, 'attachment_too_large')
 */
export function countDrop(batch: IngestBatch, reason: string, n = 1): void {
  if (n > 0) batch.dropped[reason] = (batch.dropped[reason] ?? 0) + n;
}

/**
 * Makes batches durable. Group commit: the caller may pass several requests' batches at
 * once and they share one transaction. Resolves only after the transaction committed.
 */
export type Commit = (batches: readonly IngestBatch[]) => Promise<void>;

/**
 * What a project refuses at ingest, before anything is stored (each refused event is counted by
 * reason, source `collector`, as `filtered:<reason>`). Empty lists and false filter nothing.
 */
export interface InboundFilters {
  /** Glob patterns (`*` any run of characters, case-insensitive) over an error's
   * `Type: value` and its message. */
  errorMessages: string[];
  /** Glob patterns over the release. */
  releases: string[];
  /** Environment names, exactly. */
  environments: string[];
  /** Client addresses or CIDR blocks (IPv4 and IPv6): the event's user IP, else the address
   * the request came from. */
  clientIps: string[];
  /** Known crawlers' and uptime checkers' user agents. */
  webCrawlers: boolean;
  /** Events from a browser on localhost, or of a request to localhost. */
  localhost: boolean;
}

/** The filters of a project that has set none. */
export const NO_INBOUND_FILTERS: InboundFilters = Object.freeze({
  errorMessages: [],
  releases: [],
  environments: [],
  clientIps: [],
  webCrawlers: false,
  localhost: false,
}) as InboundFilters;

/** What ingest needs to know about a DSN public key (cached by ingest; the store owns it). */
export interface KeyInfo {
  publicKey: string;
  projectId: number;
  /** A disabled key is refused with 403. */
  enabled: boolean;
  /** Events per minute for the project; null for no limit. Over it: 429 + Retry-After. */
  rateLimitPerMinute: number | null;
  /** Origins allowed for browser SDKs (CORS); empty means any origin, as Relay's default. */
  allowedOrigins: string[];
  /** Extra keys scrubbed server-side for this project, on top of core's redact list. */
  scrubKeys: string[];
  /** What the project refuses before storage (ingest/inbound-filters.ts). */
  inboundFilters: InboundFilters;
}

/** The collector services ingest depends on; the store provides the lookups. */
export interface IngestDeps {
  findKey(publicKey: string): Promise<KeyInfo | undefined>;
  projectExists(projectId: number): Promise<boolean>;
  commit: Commit;
  /** Maps minified frames back to the source before a batch is queued (absent: frames stay as sent). */
  symbolicate?: (batch: IngestBatch) => Promise<void>;
  /** The address a request came from, for the `clientIps` inbound filter (absent: the socket's peer). */
  clientAddress?: (req: IncomingMessage) => string;
}
