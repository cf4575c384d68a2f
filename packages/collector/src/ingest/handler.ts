/**
 * The ingest HTTP handler the collector's server mounts. It owns the method dispatch (POST,
 * OPTIONS preflight, anything else 405), CORS headers on every answer, and turning refusals into
 * precise statuses; the pipeline itself is acceptRequest. Every path answers exactly once, and
 * no path leaves a request body half-read on a kept-alive connection (finishEarly).
 */

import { channel } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IngestDeps } from '../ingest-batch.js';
import { MAX_INGEST_WORKERS, MAX_RATE_LIMITED_PROJECTS } from '../limits.js';
import { acceptRequest, type IngestContext } from './accept-request.js';
import { Admission } from './admission.js';
import { buildBounds } from './build-batch.js';
import { CORS_RESPONSE_HEADERS, sendPreflight } from './cors.js';
import { finishEarly } from './finish-early.js';
import { IngestRejection, sendJson, sendRejection } from './http-errors.js';
import { createKeyResolver } from './key-resolver.js';
import { MemoryBudget } from './memory-budget.js';
import { type IngestOptions, resolveIngestOptions } from './options.js';
import { ProjectRateLimiter } from './rate-limit.js';
import { type IngestRoute, matchIngestPath } from './routes.js';
import { scrubbers } from './scrubber.js';
import { IngestWorkerPool } from './worker-pool.js';
import { WriteQueue } from './write-queue.js';

/** Refusals are published here (house style 7): `{ status, detail, projectId }`. */
const rejected = channel('faultline:ingest:rejected');
/** Requests answered 200 (their batch is committed) are published here: `{ projectId }`. */
const accepted = channel('faultline:ingest:accepted');

export interface IngestStats {
  /** Batches waiting for a commit, and their approximate bytes. */
  queuedBatches: number;
  queuedBytes: number;
  /** Body bytes held by requests being read, and the part of them whose key is not known yet. */
  inflightBodyBytes: number;
  unauthenticatedBodyBytes: number;
  /** Working requests: body received, being parsed or committed, not answered yet. */
  inflightRequests: number;
  /** Admission's read of the event loop: mean delay (ms) of the last read, utilization (0–1)
   * over its window, and the requests per second it completed when last saturated. */
  eventLoopDelayMs: number;
  eventLoopUtilization: number;
  capacityPerS: number;
  /** The share of new requests admission refuses now (0–1: its graded bounds and the admitted
   * rate together), and the admitted rate's limit (requests/s; 0 when there is none). */
  admissionShare: number;
  admittedRatePerS: number;
}

export interface IngestHandler {
  /** Handles a request already routed to an ingest endpoint. Never throws; always answers. */
  (req: IncomingMessage, res: ServerResponse, route: IngestRoute): void;
  /** The ingest route of a request (`{prefix}/api/<id>/envelope|store[/]`), or null. */
  match(req: IncomingMessage): IngestRoute | null;
  /** Handles the request if it is an ingest route and returns true; else false (not answered). */
  tryHandle(req: IncomingMessage, res: ServerResponse): boolean;
  stats(): IngestStats;
  /** Forgets the cached key and project lookups: keys or project settings changed in the store. */
  forgetKeys(): void;
  /** Refuses new batches (503), commits what is queued, resolves when nothing is pending. */
  close(): Promise<void>;
}

/**
 * The ingest handler over the store's lookups and commit.
 * @example
 * const ingest = createIngestHandler({ findKey, projectExists, commit }, { pathPrefix: '/sentry' });
 * http.createServer((req, res) => ingest.tryHandle(req, res) || api(req, res));
 * process.on('SIGTERM', async () => { server.close(); await ingest.close(); });
 */
export function createIngestHandler(deps: IngestDeps, options: Partial<IngestOptions> = {}): IngestHandler {
  const o = resolveIngestOptions(options);
  const queue = new WriteQueue(deps.commit, o);
  if (!Number.isInteger(o.ingestWorkers) || o.ingestWorkers < 0 || o.ingestWorkers > MAX_INGEST_WORKERS)
    throw new RangeError(`ingestWorkers must be an integer from 0 to ${MAX_INGEST_WORKERS}`);
  const bounds = buildBounds(o);
  const pool =
    o.ingestWorkers > 0
      ? new IngestWorkerPool({
          size: o.ingestWorkers,
          bounds,
          timeoutMs: o.ingestWorkerTimeoutMs,
          faults: o.ingestWorkerFaults,
        })
      : undefined;
  const ctx: IngestContext = {
    options: o,
    resolveKey: createKeyResolver(deps, o),
    queue,
    // With a pool, work can pile up where the event loop does not show it: in front of the
    // workers. Its oldest wait counts as the queue's does.
    admission: new Admission(o, () => Math.max(queue.latency(), pool?.latency() ?? 0)),
    budget: new MemoryBudget({
      total: o.maxInflightBodyBytes,
      perKey: o.maxInflightBodyBytesPerKey,
      unauthenticated: o.maxUnauthenticatedInflightBytes,
      perAddress: o.maxUnauthenticatedInflightBytesPerAddress,
    }),
    limiter: new ProjectRateLimiter(MAX_RATE_LIMITED_PROJECTS),
    // One more level than the JSON bound: redact counts the top-level object as depth 1 too.
    scrubberFor: scrubbers(o.maxJsonDepth + 1),
    symbolicate: deps.symbolicate,
    clientAddress: deps.clientAddress ?? ((req) => req.socket.remoteAddress ?? ''),
    pool,
    buildBounds: bounds,
  };

  const refuse = (req: IncomingMessage, res: ServerResponse, route: IngestRoute, err: IngestRejection) => {
    if (rejected.hasSubscribers)
      rejected.publish({ status: err.status, detail: err.message, projectId: route.projectId });
    finishEarly(req, o.maxDrainBytes, (h) => sendRejection(res, err, { ...CORS_RESPONSE_HEADERS, ...h }));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, route: IngestRoute): void => {
    if (req.method === 'OPTIONS') finishEarly(req, o.maxDrainBytes, () => sendPreflight(res));
    else if (req.method !== 'POST')
      refuse(
        req,
        res,
        route,
        new IngestRejection(405, `method ${req.method} not allowed`, { allow: 'POST, OPTIONS' }),
      );
    else accept(req, res, route);
  };

  const accept = (req: IncomingMessage, res: ServerResponse, route: IngestRoute): void => {
    // The refusals that depend on nothing the request says come first, synchronously, from its
    // headers alone: under overload a refusal is most of what the loop does, and parsing the
    // query, looking up the key (two timers, a promise) and the async pipeline were a fifth of
    // its cost (bench: 62 → 50 µs of CPU per refusal). A keyless or unknown sender then gets 429
    // rather than its 401/403: it is told to come back, and hears the rest when it does.
    try {
      ctx.admission.check();
      ctx.queue.checkCapacity(0);
    } catch (err) {
      if (!(err instanceof IngestRejection)) throw err;
      refuse(req, res, route, err);
      return;
    }
    acceptRequest(ctx, req, route).then(
      ({ body, headers }) => {
        if (accepted.hasSubscribers) accepted.publish({ projectId: route.projectId });
        sendJson(res, 200, body, { ...CORS_RESPONSE_HEADERS, ...headers });
      },
      (err: unknown) => {
        if (err instanceof IngestRejection) return refuse(req, res, route, err);
        if (req.destroyed || res.destroyed) return; // the client went away mid-body
        // A bug of ours: answer without details (ARCHITECTURE.md, security stance).
        finishEarly(req, o.maxDrainBytes, (h) =>
          sendJson(res, 500, { detail: 'internal error' }, { ...CORS_RESPONSE_HEADERS, ...h }),
        );
      },
    );
  };

  const match = (req: IncomingMessage) => matchIngestPath(req.url ?? '', o.pathPrefix);
  return Object.assign(handle, {
    match,
    tryHandle(req: IncomingMessage, res: ServerResponse): boolean {
      const route = match(req);
      if (route) handle(req, res, route);
      return route !== null;
    },
    forgetKeys: () => ctx.resolveKey.forget(),
    stats: (): IngestStats => {
      const admission = ctx.admission.state();
      return {
        queuedBatches: ctx.queue.depth,
        queuedBytes: ctx.queue.bytes,
        inflightBodyBytes: ctx.budget.used,
        unauthenticatedBodyBytes: ctx.budget.unauthenticated,
        inflightRequests: admission.inflight,
        eventLoopDelayMs: admission.eventLoopDelayMs,
        eventLoopUtilization: admission.eventLoopUtilization,
        capacityPerS: admission.capacityPerS,
        admissionShare: 1 - (1 - admission.share) * admission.admittedShare,
        admittedRatePerS: Number.isFinite(admission.admittedRatePerS) ? admission.admittedRatePerS : 0,
      };
    },
    close: async () => {
      ctx.admission.close();
      if (pool) {
        // The pool refuses new jobs (503); the working requests finish their jobs and reach the
        // queue (which still commits on its window) before the queue closes. Without a pool a
        // request goes from its body to the queue in one go, as before.
        await pool.close();
        await ctx.admission.idle();
      }
      await ctx.queue.close();
    },
  });
}
