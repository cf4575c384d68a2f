/**
 * What the main thread and an ingest worker say to each other (worker-pool.ts, ingest-worker.ts):
 * structured-cloneable shapes only.
 */

import type { BuildJob, Built } from './build-batch.js';
import type { RejectionStatus } from './http-errors.js';

/** One job for a worker; its body's ArrayBuffer is transferred with it when it owns it whole. */
export interface WorkerRequest {
  job: BuildJob;
}

/** A worker's answer to one job: the batch, a refusal, or a bug of ours (answered 500). */
export type WorkerReply =
  | { ok: true; built: Built }
  | { ok: false; status: RejectionStatus; detail: string; headers: Record<string, string> }
  | { ok: false; bug: string };

/**
 * Tests only: a worker whose job's body holds `exitMarker` exits mid-request, one whose body holds
 * `hangMarker` never answers (a crash and a hang, for the pool's recovery tests).
 */
export interface WorkerFaults {
  exitMarker?: string;
  hangMarker?: string;
}
