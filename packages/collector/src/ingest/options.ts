/**
 * Every bound and knob of ingest, with the limits.ts constants as defaults (house style 4).
 * Defaults are Relay's numbers where Relay has one (sentry-protocol.md §7).
 */

import {
  MAX_CLIENT_REPORT_BYTES,
  MAX_ENVELOPE_HEADER_BYTES,
  MAX_ENVELOPE_ITEMS,
  MAX_EVENT_BYTES,
  MAX_JSON_DEPTH,
} from '@faultline/core';
import {
  ADMISSION_BUSY_UTILIZATION,
  ADMISSION_COMMIT_LATENCY_MS,
  ADMISSION_DEMAND_EXCESS,
  ADMISSION_EVENT_LOOP_DELAY_MS,
  ADMISSION_MAX_WAIT_MS,
  ADMISSION_MIN_INFLIGHT_REQUESTS,
  ADMISSION_RATE_DECREASE,
  ADMISSION_RATE_FLOOR,
  ADMISSION_RATE_INCREASE,
  ADMISSION_SAMPLE_MS,
  ADMISSION_SATURATED_WAIT_MS,
  ADMISSION_SUSTAINED_SAMPLES,
  ADMISSION_TARGET_DELAY_MS,
  ADMISSION_WINDOW_MS,
  BODY_RATE_GRACE_MS,
  BODY_READ_TIMEOUT_MS,
  COMMIT_PIPELINE_DEPTH,
  COMMIT_TIMEOUT_MS,
  GROUP_COMMIT_WINDOW_MS,
  INGEST_WORKER_TIMEOUT_MS,
  KEY_CACHE_TTL_MS,
  MAX_BATCHES_PER_COMMIT,
  MAX_BISECT_COMMITS,
  MAX_COMMIT_LATENCY_MS,
  MAX_DECOMPRESSED_BYTES,
  MAX_DRAIN_BYTES,
  MAX_ENVELOPE_BODY_BYTES,
  MAX_FRAMES_PER_STACK,
  MAX_INFLIGHT_BODY_BYTES,
  MAX_INFLIGHT_BODY_BYTES_PER_KEY,
  MAX_KEY_CACHE_ENTRIES,
  MAX_QUEUED_BATCHES,
  MAX_QUEUED_BYTES,
  MAX_SESSIONS_PER_ENVELOPE,
  MAX_STORE_BODY_BYTES,
  MAX_STORED_ATTACHMENT_BYTES,
  MAX_STORED_ATTACHMENTS_PER_ENVELOPE_BYTES,
  MAX_STRING_LENGTH,
  MAX_UNAUTHENTICATED_HEADER_BYTES,
  MAX_UNAUTHENTICATED_INFLIGHT_BYTES,
  MAX_UNAUTHENTICATED_INFLIGHT_BYTES_PER_ADDRESS,
  MIN_BODY_BYTES_PER_S,
  NEGATIVE_KEY_CACHE_TTL_MS,
} from '../limits.js';
import type { WorkerFaults } from './worker-messages.js';

export interface IngestOptions {
  /** Path before `/api/<project>/…`, e.g. `/sentry` (the DSN's path_prefix, sentry-protocol.md §1.1). */
  pathPrefix: string;
  /** Compressed request body, envelope endpoint. */
  maxEnvelopeBodyBytes: number;
  /** Compressed request body, legacy store endpoint. */
  maxStoreBodyBytes: number;
  /** Any body after decompression (the whole envelope). */
  maxDecompressedBytes: number;
  /** One event or transaction payload. */
  maxEventBytes: number;
  maxEnvelopeItems: number;
  /** One envelope or item header line. */
  maxHeaderBytes: number;
  maxJsonDepth: number;
  /** Longer strings in events are cut (not rejected). */
  maxStringLength: number;
  /** Longer stack traces keep the first `n - 1` frames and the last one (Relay). */
  maxFramesPerStack: number;
  /** One attachment kept in the batch; bigger ones are dropped and counted. */
  maxStoredAttachmentBytes: number;
  /** All attachments kept from one envelope. */
  maxStoredAttachmentsPerEnvelopeBytes: number;
  maxClientReportBytes: number;
  maxSessionsPerEnvelope: number;
  /** Bytes held by all requests being read at once; past it, 429. */
  maxInflightBodyBytes: number;
  /** The part of them one DSN key may hold; past it, 429 for that key only. */
  maxInflightBodyBytesPerKey: number;
  /** Bytes held by requests whose key is not known yet (keyless envelopes before their dsn). */
  maxUnauthenticatedInflightBytes: number;
  /** The part of them one remote address may hold. */
  maxUnauthenticatedInflightBytesPerAddress: number;
  /** A keyless envelope's first line (its header, with the dsn) must end within this; else 413. */
  maxUnauthenticatedHeaderBytes: number;
  groupCommitWindowMs: number;
  /** Group commits running at once (1 = the next waits for the previous one's fsync). */
  commitPipelineDepth: number;
  maxBatchesPerCommit: number;
  maxQueuedBatches: number;
  maxQueuedBytes: number;
  maxCommitLatencyMs: number;
  /** Admission (admission.ts): mean event-loop delay past which new requests start to get 429. */
  admissionEventLoopDelayMs: number;
  /** Admission: mean event-loop utilization over admissionWindowMs from which the loop is saturated. */
  admissionBusyUtilization: number;
  admissionWindowMs: number;
  /** Admission: a busy read whose mean event-loop delay is past this fell behind; the admitted
   * rate then falls to admissionRateDecrease of what it admitted, and a read under half of it
   * raises the rate by admissionRateIncrease × the capacity; never below admissionRateFloor ×
   * the capacity. */
  admissionTargetDelayMs: number;
  admissionRateDecrease: number;
  admissionRateIncrease: number;
  admissionRateFloor: number;
  /** Admission: the admitted rate's first cut needs arrivals past this many times the completions. */
  admissionDemandExcess: number;
  /** Admission: loop time the working requests may need, saturated loop (ms); past it, 429 for a share. */
  admissionSaturatedWaitMs: number;
  /** Admission: the same when only the last read was busy. */
  admissionMaxWaitMs: number;
  /** Admission: working requests never refused on that count, whatever the measured capacity. */
  admissionMinInflightRequests: number;
  /** Admission: age of the oldest unacknowledged batch past which new requests start to get 429. */
  admissionCommitLatencyMs: number;
  admissionSampleMs: number;
  /** Reads in a row past admissionEventLoopDelayMs before the loop's delay counts. */
  admissionSustainedSamples: number;
  commitTimeoutMs: number;
  /** Extra commits a failed group commit may spend finding the batches that make it fail. */
  maxBisectCommits: number;
  keyCacheTtlMs: number;
  negativeKeyCacheTtlMs: number;
  maxKeyCacheEntries: number;
  maxDrainBytes: number;
  bodyReadTimeoutMs: number;
  /** Past bodyRateGraceMs a body slower than this on the wire (mean bytes/s) gets 408; 0 = no floor. */
  minBodyBytesPerS: number;
  bodyRateGraceMs: number;
  /** Worker threads that decode, parse, trim and scrub bodies (worker-pool.ts); 0 does it on the
   * main thread. */
  ingestWorkers: number;
  /** A worker's job taking longer is failed with 503 and the worker replaced. */
  ingestWorkerTimeoutMs: number;
  /** Tests only: makes a worker crash or hang on a marked body (worker-messages.ts). */
  ingestWorkerFaults?: WorkerFaults | undefined;
  /** The clock (ms since the epoch); tests pass a fake one. */
  now: () => number;
  /** Where operational messages go (a batch refused for its data); default stderr. Messages
   * never carry event data. */
  log: (message: string) => void;
}

/**
 * The defaults, all from limits.ts.
 * @example createIngestHandler(deps, { ...DEFAULT_INGEST_OPTIONS, pathPrefix: '/sentry' })
 */
export const DEFAULT_INGEST_OPTIONS: Readonly<IngestOptions> = Object.freeze({
  pathPrefix: '',
  maxEnvelopeBodyBytes: MAX_ENVELOPE_BODY_BYTES,
  maxStoreBodyBytes: MAX_STORE_BODY_BYTES,
  maxDecompressedBytes: MAX_DECOMPRESSED_BYTES,
  maxEventBytes: MAX_EVENT_BYTES,
  maxEnvelopeItems: MAX_ENVELOPE_ITEMS,
  maxHeaderBytes: MAX_ENVELOPE_HEADER_BYTES,
  maxJsonDepth: MAX_JSON_DEPTH,
  maxStringLength: MAX_STRING_LENGTH,
  maxFramesPerStack: MAX_FRAMES_PER_STACK,
  maxStoredAttachmentBytes: MAX_STORED_ATTACHMENT_BYTES,
  maxStoredAttachmentsPerEnvelopeBytes: MAX_STORED_ATTACHMENTS_PER_ENVELOPE_BYTES,
  maxClientReportBytes: MAX_CLIENT_REPORT_BYTES,
  maxSessionsPerEnvelope: MAX_SESSIONS_PER_ENVELOPE,
  maxInflightBodyBytes: MAX_INFLIGHT_BODY_BYTES,
  maxInflightBodyBytesPerKey: MAX_INFLIGHT_BODY_BYTES_PER_KEY,
  maxUnauthenticatedInflightBytes: MAX_UNAUTHENTICATED_INFLIGHT_BYTES,
  maxUnauthenticatedInflightBytesPerAddress: MAX_UNAUTHENTICATED_INFLIGHT_BYTES_PER_ADDRESS,
  maxUnauthenticatedHeaderBytes: MAX_UNAUTHENTICATED_HEADER_BYTES,
  groupCommitWindowMs: GROUP_COMMIT_WINDOW_MS,
  commitPipelineDepth: COMMIT_PIPELINE_DEPTH,
  maxBatchesPerCommit: MAX_BATCHES_PER_COMMIT,
  maxQueuedBatches: MAX_QUEUED_BATCHES,
  maxQueuedBytes: MAX_QUEUED_BYTES,
  maxCommitLatencyMs: MAX_COMMIT_LATENCY_MS,
  admissionEventLoopDelayMs: ADMISSION_EVENT_LOOP_DELAY_MS,
  admissionBusyUtilization: ADMISSION_BUSY_UTILIZATION,
  admissionWindowMs: ADMISSION_WINDOW_MS,
  admissionTargetDelayMs: ADMISSION_TARGET_DELAY_MS,
  admissionRateDecrease: ADMISSION_RATE_DECREASE,
  admissionRateIncrease: ADMISSION_RATE_INCREASE,
  admissionRateFloor: ADMISSION_RATE_FLOOR,
  admissionDemandExcess: ADMISSION_DEMAND_EXCESS,
  admissionSaturatedWaitMs: ADMISSION_SATURATED_WAIT_MS,
  admissionMaxWaitMs: ADMISSION_MAX_WAIT_MS,
  admissionMinInflightRequests: ADMISSION_MIN_INFLIGHT_REQUESTS,
  admissionCommitLatencyMs: ADMISSION_COMMIT_LATENCY_MS,
  admissionSampleMs: ADMISSION_SAMPLE_MS,
  admissionSustainedSamples: ADMISSION_SUSTAINED_SAMPLES,
  commitTimeoutMs: COMMIT_TIMEOUT_MS,
  maxBisectCommits: MAX_BISECT_COMMITS,
  keyCacheTtlMs: KEY_CACHE_TTL_MS,
  negativeKeyCacheTtlMs: NEGATIVE_KEY_CACHE_TTL_MS,
  maxKeyCacheEntries: MAX_KEY_CACHE_ENTRIES,
  maxDrainBytes: MAX_DRAIN_BYTES,
  bodyReadTimeoutMs: BODY_READ_TIMEOUT_MS,
  minBodyBytesPerS: MIN_BODY_BYTES_PER_S,
  bodyRateGraceMs: BODY_RATE_GRACE_MS,
  // Stays 0 until the ingest and collector integration suites pass with a pool (DEFAULT_INGEST_WORKERS).
  ingestWorkers: 0,
  ingestWorkerTimeoutMs: INGEST_WORKER_TIMEOUT_MS,
  now: Date.now,
  log: (message: string) => console.error(message),
});

/** Defaults overlaid with the defined fields of `options` (an explicit `undefined` keeps the default). */
export function resolveIngestOptions(options: Partial<IngestOptions> = {}): IngestOptions {
  const out: IngestOptions = { ...DEFAULT_INGEST_OPTIONS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (out as any)[k] = v;
  return out;
}
