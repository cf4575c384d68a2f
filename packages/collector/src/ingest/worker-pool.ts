/**
 * A fixed pool of ingest worker threads (node:worker_threads) that turn request bodies into
 * batches (ingest-worker.ts runs build-batch.ts, the code the main thread runs without a pool).
 *
 * Design (ARCHITECTURE.md, "Ingest workers"): the main thread keeps everything that needs shared
 * state (sockets, authentication and the key cache, admission, the memory budget, the rate limit,
 * inbound filters, source maps, the write queue and the one writer, whose commit normalizes);
 * a worker gets one request's body bytes (its ArrayBuffer transferred when the body owns it
 * whole, else copied once; a small body still encoded, with its Content-Encoding and decoded
 * bound, a big one decoded by the main thread's streaming decoder), the parse bounds, the header
 * credentials and the key's project and scrub keys, and answers the batch or the refusal; the
 * batch comes back by structured clone (attachment bytes transferred). One job per worker at a time,
 * jobs wait in FIFO order; their number is bounded upstream (admission, the memory budget).
 *
 * A worker that dies (a crash, resourceLimits) or does not answer within the timeout fails only
 * its job, with 503 + Retry-After, and is replaced; the jobs behind it run on. Hand-written rather
 * than piscina (whose engines allow Node 20): one job type, one job per worker, a timeout that
 * kills and replaces: about a hundred lines, and no dependency to follow.
 */

import { Worker } from 'node:worker_threads';
import {
  INGEST_WORKER_MAX_OLD_GENERATION_MIB,
  INGEST_WORKER_RESTART_DELAY_MS,
  INGEST_WORKER_RETRY_AFTER_S,
} from '../limits.js';
import type { BuildBounds, BuildJob, Built } from './build-batch.js';
import { IngestRejection } from './http-errors.js';
import type { WorkerFaults, WorkerReply, WorkerRequest } from './worker-messages.js';

const WORKER_URL = new URL('./ingest-worker.js', import.meta.url);

export interface WorkerPoolOptions {
  size: number;
  bounds: BuildBounds;
  timeoutMs: number;
  /** Tests only (worker-messages.ts). */
  faults?: WorkerFaults | undefined;
}

interface Job {
  job: BuildJob;
  /** performance.now() when it was handed to the pool. */
  since: number;
  transfer: ArrayBuffer[];
  resolve(built: Built): void;
  reject(err: unknown): void;
}

interface Slot {
  worker: Worker;
  /** Started: its module loaded. One that dies before is not restarted at once (a broken install
   * must not spin). */
  online: boolean;
  running: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

function workerFailed(detail: string): IngestRejection {
  return new IngestRejection(503, detail, { 'retry-after': String(INGEST_WORKER_RETRY_AFTER_S) });
}

/** A body's bytes as a job carries them, and what to transfer: its ArrayBuffer if it owns it whole. */
function owned(body: Uint8Array): { bytes: Uint8Array; transfer: ArrayBuffer[] } {
  const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
  // Never transfer a view into a shared allocation (Buffer's pool, a socket read): copy it once.
  if (!whole || body.buffer instanceof SharedArrayBuffer) {
    const copy = new Uint8Array(body);
    return { bytes: copy, transfer: [copy.buffer] };
  }
  return { bytes: body, transfer: [body.buffer] };
}

/**
 * Runs batch building on `size` worker threads.
 * @example
 * const pool = new IngestWorkerPool({ size: 2, bounds: buildBounds(options), timeoutMs: 15_000 });
 * const { batch } = await pool.run(job); await pool.close();
 */
export class IngestWorkerPool {
  readonly #o: WorkerPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #waiting: Job[] = [];
  #closing = false;
  #idle: (() => void) | undefined;

  constructor(o: WorkerPoolOptions) {
    this.#o = o;
    for (let i = 0; i < o.size; i++) this.#slots.push(this.#start());
  }

  /** Age (ms) of the oldest job waiting for a worker, 0 when none waits: admission reads it as it
   * reads the write queue's, since work waiting here is off the event loop it measures. */
  latency(): number {
    const oldest = this.#waiting[0];
    return oldest === undefined ? 0 : performance.now() - oldest.since;
  }

  /** Jobs running or waiting. */
  get pending(): number {
    return this.#waiting.length + this.#slots.filter((s) => s.running).length;
  }

  /**
   * Builds the batch of `job` on a worker; `job.body` is handed over (transferred: the caller
   * must not use it after). Rejects with the job's IngestRejection, a 503 when its worker died
   * or hung, or an Error for a bug of ours.
   */
  run(job: BuildJob): Promise<Built> {
    if (this.#closing) return Promise.reject(workerFailed('collector is shutting down'));
    const { bytes, transfer } = owned(job.body);
    return new Promise<Built>((resolve, reject) => {
      const since = performance.now();
      this.#waiting.push({ job: { ...job, body: bytes }, since, transfer, resolve, reject });
      this.#dispatch();
    });
  }

  /** Takes no new jobs (503), lets the running and waiting ones finish, then stops the workers. */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.pending > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #start(): Slot {
    const worker = new Worker(WORKER_URL, {
      workerData: { bounds: this.#o.bounds, faults: this.#o.faults },
      resourceLimits: { maxOldGenerationSizeMb: INGEST_WORKER_MAX_OLD_GENERATION_MIB },
    });
    // An idle pool does not keep the process alive; a job's request does.
    worker.unref();
    const slot: Slot = { worker, online: false, running: undefined, timer: undefined };
    worker.once('online', () => {
      slot.online = true;
      // A job's time starts when its worker can run it: a starting worker's load is not the job's.
      if (slot.running && !slot.timer) this.#arm(slot);
    });
    worker.on('message', (reply: WorkerReply) => this.#settle(slot, reply));
    worker.on('error', () => {}); // 'exit' follows: that is where the job fails and the slot restarts
    worker.once('exit', () => this.#replace(slot, 'ingest worker stopped'));
    return slot;
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.running) continue;
      const next = this.#waiting.shift();
      if (!next) break;
      slot.running = next;
      if (slot.online) this.#arm(slot);
      const request: WorkerRequest = { job: next.job };
      slot.worker.postMessage(request, next.transfer);
    }
    if (this.pending === 0) this.#idle?.();
  }

  #arm(slot: Slot): void {
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      this.#fail(slot, `ingest worker did not answer within ${this.#o.timeoutMs} ms`);
      void slot.worker.terminate();
    }, this.#o.timeoutMs);
  }

  #settle(slot: Slot, reply: WorkerReply): void {
    const job = this.#finish(slot);
    if (!job) return;
    if (reply.ok) job.resolve(reply.built);
    else if ('bug' in reply) job.reject(new Error(`ingest worker: ${reply.bug}`));
    else job.reject(new IngestRejection(reply.status, reply.detail, reply.headers));
    this.#dispatch();
  }

  #finish(slot: Slot): Job | undefined {
    const job = slot.running;
    slot.running = undefined;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    return job;
  }

  /** Fails the slot's job now; the slot stays taken until its worker's exit replaces it. */
  #fail(slot: Slot, detail: string): void {
    const job = slot.running;
    if (job) job.reject(workerFailed(`${detail}; retry`));
    slot.running = { ...(job as Job), resolve: () => {}, reject: () => {} };
  }

  #replace(slot: Slot, detail: string): void {
    this.#finish(slot)?.reject(workerFailed(`${detail}; retry`));
    const i = this.#slots.indexOf(slot);
    if (this.#closing && this.pending === 0) {
      this.#idle?.();
      return;
    }
    if (i === -1) return;
    if (slot.online) {
      this.#slots[i] = this.#start();
      this.#dispatch();
      return;
    }
    // Taken until the restart, so no job waits on a worker that is not there.
    slot.running = { resolve: () => {}, reject: () => {} } as unknown as Job;
    setTimeout(() => {
      if (this.#closing && this.pending <= 1) return this.#idle?.();
      this.#slots[i] = this.#start();
      this.#dispatch();
    }, INGEST_WORKER_RESTART_DELAY_MS).unref();
  }
}
