/**
 * One POST, start to answer, once admission and the write queue have let it in (handler.ts):
 * authenticate before reading the body (header/query; for a keyless envelope, its first line's
 * dsn, read alone under a small bound), read the body with bounds under its key's memory budget,
 * parse, build one batch (trimmed, scrubbed: build-batch.ts, on an ingest worker when there is a
 * pool, worker-pool.ts), drop what the project's inbound filters refuse
 * (counted), apply the project's rate limit, commit, and only
 * then answer `200 {"id": …}` (ARCHITECTURE.md, "Durability promise"). Admission counts the
 * request as working only from the moment its body has arrived: a request waiting on the network
 * costs no CPU.
 */

import type { IncomingMessage } from 'node:http';
import { parseEnvelope } from '@faultline/core';
import type { IngestBatch, KeyInfo } from '../ingest-batch.js';
import { SYNC_DECODE_MAX_INPUT_BYTES } from '../limits.js';
import type { Admission } from './admission.js';
import { agreedKey, type Credential, dsnCredential, requestCredentials } from './auth.js';
import { type BuildBounds, type BuildJob, type Built, buildBatch, type Encoded } from './build-batch.js';
import { originAllowed } from './cors.js';
import { type Decoder, decoderFor } from './decompress.js';
import { IngestRejection, toRejection } from './http-errors.js';
import { applyInboundFilters } from './inbound-filters.js';
import type { KeyResolver } from './key-resolver.js';
import type { MemoryBudget } from './memory-budget.js';
import type { IngestOptions } from './options.js';
import { limitEvents } from './project-limit.js';
import type { ProjectRateLimiter } from './rate-limit.js';
import { type BodyBounds, BodyReader, type LineBound } from './read-body.js';
import type { IngestRoute } from './routes.js';
import type { Scrub } from './scrubber.js';
import type { IngestWorkerPool } from './worker-pool.js';
import type { WriteQueue } from './write-queue.js';

export interface IngestContext {
  options: IngestOptions;
  resolveKey: KeyResolver;
  queue: WriteQueue;
  admission: Admission;
  budget: MemoryBudget;
  limiter: ProjectRateLimiter;
  scrubberFor: (scrubKeys: readonly string[]) => Scrub;
  /** Maps a batch's minified frames back to the source before it is queued (sourcemaps/). */
  symbolicate?: ((batch: IngestBatch) => Promise<void>) | undefined;
  /** The address a request came from (the socket's peer, or per `trustProxy`). */
  clientAddress: (req: IncomingMessage) => string;
  /** Where batches are built when `ingestWorkers` > 0; else on this thread (build-batch.ts). */
  pool?: IngestWorkerPool | undefined;
  /** The bounds building a batch reads (buildBounds(options)), computed once. */
  buildBounds: BuildBounds;
}

/** What to answer with once the batch is durable. */
export interface Accepted {
  body: { id?: string };
  headers: Record<string, string>;
}

function bodyBounds(o: IngestOptions, endpoint: IngestRoute['endpoint']): BodyBounds {
  const pace = {
    timeoutMs: o.bodyReadTimeoutMs,
    graceMs: o.bodyRateGraceMs,
    minBytesPerS: o.minBodyBytesPerS,
  };
  return endpoint === 'envelope'
    ? {
        maxBodyBytes: o.maxEnvelopeBodyBytes,
        bodyLimit: 'MAX_ENVELOPE_BODY_BYTES',
        maxDecodedBytes: o.maxDecompressedBytes,
        decodedLimit: 'MAX_DECOMPRESSED_BYTES',
        pace,
      }
    : {
        maxBodyBytes: o.maxStoreBodyBytes,
        bodyLimit: 'MAX_STORE_BODY_BYTES',
        maxDecodedBytes: o.maxEventBytes,
        decodedLimit: 'MAX_EVENT_BYTES',
        pace,
      };
}

function encodedFor(req: IncomingMessage, bounds: BodyBounds): Encoded {
  return {
    contentEncoding: String(req.headers['content-encoding']),
    maxDecodedBytes: bounds.maxDecodedBytes,
    decodedLimit: bounds.decodedLimit,
  };
}

async function authorize(
  ctx: IngestContext,
  req: IncomingMessage,
  credentials: Credential[],
  route: IngestRoute,
): Promise<KeyInfo> {
  const key = await ctx.resolveKey(agreedKey(credentials, route.projectId), route.projectId);
  if (!originAllowed(req.headers.origin, key.allowedOrigins))
    throw new IngestRejection(
      403,
      `origin ${JSON.stringify(String(req.headers.origin).slice(0, 128))} is not allowed`,
    );
  return key;
}

/** The key a keyless envelope's first line names in its `dsn` (401 without one). */
async function firstLineKey(
  ctx: IngestContext,
  req: IncomingMessage,
  route: IngestRoute,
  line: Buffer,
): Promise<KeyInfo> {
  const o = ctx.options;
  let header: Record<string, unknown>;
  try {
    header = parseEnvelope(line, {
      maxHeaderBytes: o.maxUnauthenticatedHeaderBytes,
      maxJsonDepth: o.maxJsonDepth,
    }).header;
  } catch (err) {
    throw toRejection(err);
  }
  const dsn = dsnCredential(header.dsn);
  return authorize(ctx, req, dsn ? [dsn] : [], route);
}

function isEmpty(b: IngestBatch): boolean {
  return (
    b.events.length + b.transactions.length + b.sessions.length + b.sessionAggregates.length === 0 &&
    b.clientReports.length + b.routeRates.length + b.sampled.length + b.attachments.length === 0 &&
    Object.keys(b.dropped).length === 0
  );
}

/**
 * Runs the pipeline for one POST; resolves with the answer once the batch is committed, rejects
 * with an IngestRejection (or a stream error when the client went away).
 * @example const { body, headers } = await acceptRequest(ctx, req, route)
 */
export async function acceptRequest(
  ctx: IngestContext,
  req: IncomingMessage,
  route: IngestRoute,
): Promise<Accepted> {
  const o = ctx.options;
  const receivedAt = o.now();
  const credentials = requestCredentials(req.headers, new URL(req.url ?? '/', 'http://ingest').searchParams);
  // A store body has no envelope header that could carry a dsn: without credentials, 401 now.
  if (credentials.length === 0 && route.endpoint === 'store') agreedKey(credentials, route.projectId);
  const known = credentials.length > 0 ? await authorize(ctx, req, credentials, route) : undefined;
  const decoder = decoderFor(req.headers['content-encoding']);

  // Until a keyless envelope's dsn names its key, its bytes count against the unauthenticated
  // budget, and only its first line is read.
  const lease = ctx.budget.lease(
    known ? { publicKey: known.publicKey } : { address: req.socket.remoteAddress ?? '' },
  );
  const line: LineBound | undefined = known
    ? undefined
    : { maxBytes: o.maxUnauthenticatedHeaderBytes, limit: 'MAX_UNAUTHENTICATED_HEADER_BYTES' };
  const bounds = bodyBounds(o, route.endpoint);
  // With a pool, a small body (an SDK's envelope) whose key is known reaches the worker still
  // encoded: its one-shot decoding is the worker's work too, under the same bound. A big or
  // chunked one is decoded here by the streaming decoder, which holds a bomb to its bound
  // chunk by chunk, as without a pool; the worker gets it decoded.
  const small = Number(req.headers['content-length']) <= SYNC_DECODE_MAX_INPUT_BYTES;
  const encoded = ctx.pool && known && small && decoder?.sync ? encodedFor(req, bounds) : undefined;
  const reader = encoded
    ? new BodyReader(req, null, { ...bounds, maxDecodedBytes: bounds.maxBodyBytes }, lease)
    : new BodyReader(req, decoder as Decoder | null, bounds, lease, line);
  let working = false;
  try {
    const key = known ?? (await firstLineKey(ctx, req, route, await reader.firstLine()));
    lease.assign(key.publicKey);
    const body = await reader.body();
    working = true;
    ctx.admission.started();
    const job: BuildJob = {
      endpoint: route.endpoint,
      pathProjectId: route.projectId,
      body,
      encoded,
      credentials,
      projectId: key.projectId,
      scrubKeys: key.scrubKeys,
      receivedAt,
    };
    const built: Built = ctx.pool
      ? await ctx.pool.run(job)
      : await buildBatch(job, ctx.buildBounds, ctx.scrubberFor(key.scrubKeys));
    lease.release(); // from here on the queue accounts for the batch's bytes
    const { batch, bytes } = built;
    // Before the rate limit: what the project refuses does not use its quota.
    applyInboundFilters(batch, key.inboundFilters, () => ctx.clientAddress(req));
    const limited = limitEvents(ctx.limiter, batch, key.rateLimitPerMinute, o.now());
    const id = limited ? batch.transactions[0]?.eventId : built.id;
    if (ctx.symbolicate !== undefined && batch.events.length > 0) await ctx.symbolicate(batch);
    if (!isEmpty(batch)) await ctx.queue.enqueue(batch, bytes);
    return { body: id === undefined ? {} : { id }, headers: limited ?? {} };
  } finally {
    reader.close();
    lease.release();
    if (working) ctx.admission.finished();
  }
}
