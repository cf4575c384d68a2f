/**
 * `attachment` items (sentry-protocol.md §3.3-§3.4): kept up to a bound per attachment and per
 * envelope, else dropped and counted (the answer is 200 either way, as Relay's). Minidumps and
 * Apple crash reports need native symbolication, which Faultline does not do: dropped.
 */

import type { EnvelopeItem } from '@faultline/core';
import type { Attachment } from '../ingest-batch.js';

export interface AttachmentBounds {
  maxStoredAttachmentBytes: number;
  maxStoredAttachmentsPerEnvelopeBytes: number;
}

const NATIVE_CRASH_TYPES = new Set(['event.minidump', 'event.applecrashreport']);

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' && v !== '' ? v : fallback;
}

/**
 * The Attachment to keep, or the `dropped` reason it is not kept for. The bytes are copied, so
 * the request body can be released.
 * @example attachmentOf(item, eventId, 0, bounds) // { eventId, filename: 'a.txt', ... } or 'attachment_too_large'
 */
export function attachmentOf(
  item: EnvelopeItem,
  eventId: string | undefined,
  keptSoFar: number,
  bounds: AttachmentBounds,
): Attachment | string {
  const attachmentType = str(item.header.attachment_type, 'event.attachment');
  if (NATIVE_CRASH_TYPES.has(attachmentType)) return 'unsupported_attachment';
  if (eventId === undefined) return 'attachment_without_event_id';
  const size = item.payload.byteLength;
  if (
    size > bounds.maxStoredAttachmentBytes ||
    keptSoFar + size > bounds.maxStoredAttachmentsPerEnvelopeBytes
  )
    return 'attachment_too_large';
  return {
    eventId,
    // The spec asks for a base name; a path from a hostile client must not travel further.
    filename: str(item.header.filename, 'attachment').split(/[/\\]/).pop() || 'attachment',
    contentType: str(item.header.content_type, 'application/octet-stream'),
    attachmentType,
    bytes: new Uint8Array(item.payload),
  };
}
