/**
 * A request body whose key is settled → the batch it carries: decode (an ingest worker's one-shot
 * decode), parse with core's parseEnvelope, trim, scrub, with the envelope's dsn checked against
 * the key already resolved. The same functions run on the main thread (no pool) and in an ingest
 * worker (ingest-worker.ts), so both answer a body alike: this module needs nothing but its
 * arguments (no store, queue, budget or clock), and its inputs and results are structured-cloneable.
 */

import { parseEnvelope } from '@faultline/core';
import type { IngestBatch } from '../ingest-batch.js';
import { agreedKey, type Credential, dsnCredential } from './auth.js';
import { decodeError, tooLarge } from './body-errors.js';
import { decoderFor } from './decompress.js';
import { emptyBatch, fillBatch } from './envelope-items.js';
import { parseItemObject, toIngestEvent } from './event-item.js';
import { toRejection } from './http-errors.js';
import type { IngestOptions } from './options.js';
import type { IngestEndpoint } from './routes.js';
import type { Scrub } from './scrubber.js';
import { storeJsonBytes } from './store-endpoint.js';

/** The bounds building a batch reads: plain numbers, so a worker can be given them. */
export type BuildBounds = Pick<
  IngestOptions,
  | 'maxDecompressedBytes'
  | 'maxEnvelopeItems'
  | 'maxHeaderBytes'
  | 'maxJsonDepth'
  | 'maxEventBytes'
  | 'maxClientReportBytes'
  | 'maxStringLength'
  | 'maxFramesPerStack'
  | 'maxStoredAttachmentBytes'
  | 'maxStoredAttachmentsPerEnvelopeBytes'
  | 'maxSessionsPerEnvelope'
>;

/**
 * The bounds of `o` that building a batch reads.
 * @example buildBounds(resolveIngestOptions()).maxEventBytes // 1048576
 */
export function buildBounds(o: BuildBounds): BuildBounds {
  return {
    maxDecompressedBytes: o.maxDecompressedBytes,
    maxEnvelopeItems: o.maxEnvelopeItems,
    maxHeaderBytes: o.maxHeaderBytes,
    maxJsonDepth: o.maxJsonDepth,
    maxEventBytes: o.maxEventBytes,
    maxClientReportBytes: o.maxClientReportBytes,
    maxStringLength: o.maxStringLength,
    maxFramesPerStack: o.maxFramesPerStack,
    maxStoredAttachmentBytes: o.maxStoredAttachmentBytes,
    maxStoredAttachmentsPerEnvelopeBytes: o.maxStoredAttachmentsPerEnvelopeBytes,
    maxSessionsPerEnvelope: o.maxSessionsPerEnvelope,
  };
}

/** Still-encoded body bytes, and the bound (with its limits.ts name) on what they decode to. */
export interface Encoded {
  contentEncoding: string;
  maxDecodedBytes: number;
  decodedLimit: string;
}

/** One request's work, everything it needs but the scrubber (built from `scrubKeys`). */
export interface BuildJob {
  endpoint: IngestEndpoint;
  /** The project id in the request's path, which an envelope's dsn must name. */
  pathProjectId: string;
  /** The body: decoded, unless `encoded` says how to decode it. */
  body: Uint8Array;
  encoded?: Encoded | undefined;
  /** The header and query credentials, which the envelope's dsn must agree with. */
  credentials: Credential[];
  projectId: number;
  scrubKeys: string[];
  receivedAt: number;
}

/** A batch ready for the queue, with the id to answer and the bytes the queue charges for it. */
export interface Built {
  batch: IngestBatch;
  id: string | undefined;
  bytes: number;
}

/**
 * The decoded bytes of a body held whole, in one call capped at the decoded bound, so a
 * compression bomb stops there (413) as it does in the streaming BodyReader.
 * @example decodeWhole(gzipped, { contentEncoding: 'gzip', maxDecodedBytes: 1 << 20, decodedLimit: 'MAX_DECOMPRESSED_BYTES' })
 */
export function decodeWhole(body: Uint8Array, e: Encoded): Buffer {
  const input = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const decoder = decoderFor(e.contentEncoding);
  if (decoder === null) return input;
  if (!decoder.sync) throw new Error(`no one-shot decoder for ${e.contentEncoding}`);
  try {
    return decoder.sync(input, e.maxDecodedBytes);
  } catch (err) {
    const error = err as Error & { code?: string };
    if (error.code === 'ERR_BUFFER_TOO_LARGE')
      throw tooLarge('decompressed body', e.decodedLimit, e.maxDecodedBytes);
    throw decodeError(e.contentEncoding, error);
  }
}

function envelopeBatch(job: BuildJob, body: Buffer, o: BuildBounds, scrub: Scrub): Built {
  let envelope: ReturnType<typeof parseEnvelope>;
  try {
    envelope = parseEnvelope(body, {
      maxEnvelopeBytes: o.maxDecompressedBytes,
      maxItems: o.maxEnvelopeItems,
      maxHeaderBytes: o.maxHeaderBytes,
      maxJsonDepth: o.maxJsonDepth,
      maxEventBytes: o.maxEventBytes,
      // Attachments are bounded by the envelope; past the stored bound they are dropped, not refused.
      maxAttachmentBytes: o.maxDecompressedBytes,
      maxClientReportBytes: o.maxClientReportBytes,
    });
  } catch (err) {
    throw toRejection(err);
  }
  const dsn = dsnCredential(envelope.header.dsn);
  if (dsn) agreedKey([...job.credentials, dsn], job.pathProjectId); // it must name the key already checked
  const batch = emptyBatch(job.projectId, job.receivedAt);
  const { id, keptBytes } = fillBatch(batch, envelope, o, scrub);
  return { batch, id, bytes: keptBytes };
}

async function storeBatch(job: BuildJob, body: Buffer, o: BuildBounds, scrub: Scrub): Promise<Built> {
  const json = await storeJsonBytes(body, o.maxEventBytes);
  const payload = parseItemObject(json, undefined, 'event', o.maxEventBytes, o.maxJsonDepth);
  const isTx = payload.type === 'transaction';
  const ev = toIngestEvent(payload, undefined, undefined, o, scrub, isTx);
  const batch = emptyBatch(job.projectId, job.receivedAt);
  (isTx ? batch.transactions : batch.events).push(ev);
  return { batch, id: ev.eventId, bytes: json.length };
}

/**
 * Builds the batch of one request; rejects with an IngestRejection for a body it refuses.
 * @example const { batch, id } = await buildBatch(job, buildBounds(options), scrubberFor(job.scrubKeys))
 */
export async function buildBatch(job: BuildJob, o: BuildBounds, scrub: Scrub): Promise<Built> {
  const body =
    job.encoded === undefined
      ? Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength)
      : decodeWhole(job.body, job.encoded);
  return job.endpoint === 'envelope' ? envelopeBatch(job, body, o, scrub) : storeBatch(job, body, o, scrub);
}
