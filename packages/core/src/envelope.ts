/**
 * Sentry envelopes (https://develop.sentry.dev/sdk/envelopes/ ; sentry-protocol.md §3):
 *
 *   Envelope = Header { "\n" Item } [ "\n" ]      Item = Header "\n" Payload
 *
 * The parser works on bytes because `length` counts bytes and attachments are binary. It is
 * strict where Relay is strict (an explicit length must be followed by "\n" or EOF) and keeps
 * what Relay keeps (unknown item types and unknown header keys). Decompress before parsing.
 */

import { parseJsonBounded } from './bounded-json.js';
import { LimitExceededError, ParseError } from './errors.js';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_CLIENT_REPORT_BYTES,
  MAX_ENVELOPE_BYTES,
  MAX_ENVELOPE_HEADER_BYTES,
  MAX_ENVELOPE_ITEMS,
  MAX_EVENT_BYTES,
  MAX_JSON_DEPTH,
} from './limits.js';

export interface EnvelopeItemHeader {
  /** Required; selects handling. Unknown types are kept, never rejected (§3.4 rule zero). */
  type: string;
  /** Payload length in bytes; absent means "up to the next newline". */
  length?: number;
  [k: string]: unknown;
}

export interface EnvelopeItem {
  header: EnvelopeItemHeader;
  /** A view into the parsed buffer (no copy); copy it if you keep it past the buffer. */
  payload: Uint8Array;
}

export interface Envelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

/** Bounds applied by `parseEnvelope`; each defaults to the limits.ts constant of the same meaning. */
export interface EnvelopeLimits {
  maxEnvelopeBytes: number;
  maxItems: number;
  /** Per header line (envelope header and each item header). */
  maxHeaderBytes: number;
  /** Nesting of header JSON (and of payloads read with `itemJson`). */
  maxJsonDepth: number;
  /** Event-sized items: event, transaction, feedback, spans, logs, metrics (§7). */
  maxEventBytes: number;
  maxAttachmentBytes: number;
  maxClientReportBytes: number;
}

/**
 * The Relay-derived defaults (sentry-protocol.md §7).
 * @example parseEnvelope(bytes, { ...DEFAULT_ENVELOPE_LIMITS, maxItems: 10 })
 */
export const DEFAULT_ENVELOPE_LIMITS: Readonly<EnvelopeLimits> = Object.freeze({
  maxEnvelopeBytes: MAX_ENVELOPE_BYTES,
  maxItems: MAX_ENVELOPE_ITEMS,
  maxHeaderBytes: MAX_ENVELOPE_HEADER_BYTES,
  maxJsonDepth: MAX_JSON_DEPTH,
  maxEventBytes: MAX_EVENT_BYTES,
  maxAttachmentBytes: MAX_ATTACHMENT_BYTES,
  maxClientReportBytes: MAX_CLIENT_REPORT_BYTES,
});

/** Item types Relay bounds by `max_event_size` (sentry-protocol.md §7). */
const EVENT_SIZED = new Set([
  'event',
  'transaction',
  'feedback',
  'user_report',
  'span',
  'otel_span',
  'log',
  'otel_log',
  'trace_metric',
]);

const NEWLINE = 0x0a;
const encoder = new TextEncoder();

/** The payload bound for an item type, with the name of the constant it comes from. */
function payloadBound(type: string, limits: EnvelopeLimits): [string, number] | null {
  if (EVENT_SIZED.has(type)) return ['MAX_EVENT_BYTES', limits.maxEventBytes];
  if (type === 'attachment') return ['MAX_ATTACHMENT_BYTES', limits.maxAttachmentBytes];
  if (type === 'client_report') return ['MAX_CLIENT_REPORT_BYTES', limits.maxClientReportBytes];
  return null;
}

/** Index of the next "\n" at or after `start` (or the end); scans at most `max + 1` bytes. */
function lineEnd(bytes: Uint8Array, start: number, max: number): number {
  const stop = Math.min(bytes.length, start + max + 1);
  const i = bytes.subarray(start, stop).indexOf(NEWLINE);
  return i === -1 ? stop : start + i;
}

/** Parses one header line: a JSON object of at most maxHeaderBytes. */
function parseHeader(
  bytes: Uint8Array,
  start: number,
  limits: EnvelopeLimits,
  itemIndex: number | undefined,
): [Record<string, unknown>, number] {
  const end = lineEnd(bytes, start, limits.maxHeaderBytes);
  const what = itemIndex === undefined ? 'envelope header' : `item ${itemIndex} header`;
  if (end - start > limits.maxHeaderBytes)
    throw new LimitExceededError('MAX_ENVELOPE_HEADER_BYTES', limits.maxHeaderBytes, undefined, what);
  const opts = { maxDepth: limits.maxJsonDepth, maxBytes: limits.maxHeaderBytes };
  const value = parseJsonBounded(
    bytes.subarray(start, end),
    itemIndex === undefined ? opts : { ...opts, itemIndex },
  );
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ParseError(`${what} is not a JSON object`, itemIndex === undefined ? {} : { itemIndex });
  return [value as Record<string, unknown>, end];
}

/** Validates `type` and `length` of an item header. `length: null` counts as absent, as in Relay. */
function checkItemHeader(header: Record<string, unknown>, itemIndex: number): EnvelopeItemHeader {
  const { type, length } = header;
  if (typeof type !== 'string' || type === '')
    throw new ParseError(`item ${itemIndex} header has no "type"`, { itemIndex });
  if (length !== undefined && length !== null && !(Number.isSafeInteger(length) && (length as number) >= 0))
    throw new ParseError(`item ${itemIndex} header has an invalid "length"`, { itemIndex });
  return header as EnvelopeItemHeader;
}

/**
 * Parses envelope bytes. Throws `ParseError` (with `itemIndex` when an item is at fault) on
 * malformed input and `LimitExceededError` naming the limits.ts constant when a bound is passed.
 * @example parseEnvelope(new TextEncoder().encode('{}\n{"type":"session"}\n{"sid":"x"}')).items[0].header.type // 'session'
 */
export function parseEnvelope(bytes: Uint8Array, limits: Partial<EnvelopeLimits> = {}): Envelope {
  const lim: EnvelopeLimits = { ...DEFAULT_ENVELOPE_LIMITS };
  // Only defined overrides: `{ maxItems: undefined }` must not switch a bound off.
  for (const [k, v] of Object.entries(limits)) if (typeof v === 'number') lim[k as keyof EnvelopeLimits] = v;
  if (bytes.length > lim.maxEnvelopeBytes)
    throw new LimitExceededError('MAX_ENVELOPE_BYTES', lim.maxEnvelopeBytes, bytes.length, 'envelope');
  if (bytes.length === 0) throw new ParseError('empty envelope: the header line is required');
  const [header, headerEnd] = parseHeader(bytes, 0, lim, undefined);
  const items: EnvelopeItem[] = [];
  let pos = headerEnd + 1;
  while (pos < bytes.length) {
    const itemIndex = items.length;
    if (itemIndex >= lim.maxItems)
      throw new LimitExceededError('MAX_ENVELOPE_ITEMS', lim.maxItems, undefined, 'envelope items');
    const [raw, end] = parseHeader(bytes, pos, lim, itemIndex);
    const itemHeader = checkItemHeader(raw, itemIndex);
    // Relay: the last item header needs no trailing newline, so the payload may start at EOF.
    const start = Math.min(end + 1, bytes.length);
    const bound = payloadBound(itemHeader.type, lim);
    const max = bound ? bound[1] : Number.POSITIVE_INFINITY;
    let payloadEnd: number;
    if (typeof itemHeader.length === 'number') {
      payloadEnd = start + itemHeader.length;
      if (payloadEnd > bytes.length)
        throw new ParseError(`item ${itemIndex} length runs past the end of the envelope`, { itemIndex });
      if (payloadEnd < bytes.length && bytes[payloadEnd] !== NEWLINE)
        throw new ParseError(`item ${itemIndex} payload is not followed by a newline`, { itemIndex });
    } else {
      // Implicit length: up to the next "\n" or EOF; a "\r" before it stays in the payload.
      payloadEnd = lineEnd(bytes, start, Math.min(max, bytes.length));
    }
    if (bound && payloadEnd - start > bound[1])
      throw new LimitExceededError(
        bound[0],
        bound[1],
        payloadEnd - start,
        `item ${itemIndex} (${itemHeader.type})`,
      );
    items.push({ header: itemHeader, payload: bytes.subarray(start, payloadEnd) });
    pos = payloadEnd + 1;
  }
  return { header, items };
}

/** What `serializeEnvelope` accepts: payloads may be bytes, text, or a value to JSON-encode. */
export interface EnvelopeInput {
  header: Record<string, unknown>;
  items: { header: Record<string, unknown> & { type: string }; payload: Uint8Array | string | object }[];
}

function payloadBytes(payload: Uint8Array | string | object, itemIndex: number): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  if (typeof payload === 'string') return encoder.encode(payload);
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (cause) {
    throw new ParseError(`item ${itemIndex} payload cannot be JSON-encoded`, { cause, itemIndex });
  }
  if (json === undefined) throw new ParseError(`item ${itemIndex} payload is not JSON`, { itemIndex });
  return encoder.encode(json);
}

/**
 * Serializes an envelope. Every item gets an explicit `length` in bytes, so payloads may hold
 * newlines; JSON.stringify never emits a raw newline, so header lines stay one line.
 * @example serializeEnvelope({ header: {}, items: [{ header: { type: 'event' }, payload: { message: 'hi' } }] })
 */
export function serializeEnvelope(envelope: EnvelopeInput): Uint8Array {
  const parts: Uint8Array[] = [encoder.encode(JSON.stringify(envelope.header))];
  envelope.items.forEach((item, itemIndex) => {
    if (typeof item.header.type !== 'string' || item.header.type === '')
      throw new ParseError(`item ${itemIndex} header has no "type"`, { itemIndex });
    const payload = payloadBytes(item.payload, itemIndex);
    const header = { ...item.header, length: payload.byteLength };
    parts.push(encoder.encode(`\n${JSON.stringify(header)}\n`), payload);
  });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

/**
 * An item's payload parsed as JSON with bounds (default: MAX_EVENT_BYTES, MAX_JSON_DEPTH).
 * @example itemJson(parseEnvelope(bytes).items[0]) // { message: 'hello world', level: 'error' }
 */
export function itemJson(
  item: EnvelopeItem,
  opts: { maxDepth?: number; maxBytes?: number; itemIndex?: number } = {},
): unknown {
  return parseJsonBounded(item.payload, opts);
}
