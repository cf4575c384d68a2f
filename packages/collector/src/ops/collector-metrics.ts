/**
 * The collector's Prometheus metrics (text format 0.0.4), in a registry of its own per collector
 * (two collectors in one process, as in tests, do not share gauges). Counters move as things
 * happen; gauges read the ingest handler's and the process's state when scraped, so they cost
 * nothing between scrapes.
 */

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IngestStats } from '../ingest/handler.js';
import { COMMIT_DURATION_BUCKETS_S } from '../limits.js';
import type { IngestOutcome } from './ingest-outcomes.js';
import { STORE_FAILURE_KINDS, type StoreFailureKind } from './store-failure.js';
import type { StoreLane, StoreProblem } from './store-health.js';

/** What the metrics are fed by (collector.ts wires them). */
export interface CollectorMetrics {
  registry: Registry;
  ingestOutcome(outcome: IngestOutcome): void;
  commitSettled(seconds: number, ok: boolean): void;
  storeFailed(kind: StoreFailureKind, lane: StoreLane): void;
}

export interface MetricSources {
  ingestStats: () => IngestStats;
  /** The store lanes in a failure episode now (StoreHealth.problems). */
  storeProblems: () => readonly StoreProblem[];
}

const LANES: readonly StoreLane[] = ['read', 'write'];

/**
 * @example
 * const metrics = createCollectorMetrics({ ingestStats: () => ingest.stats(), storeProblems: () => health.problems() });
 * res.end(await metrics.registry.metrics());
 */
export function createCollectorMetrics(sources: MetricSources): CollectorMetrics {
  const registry = new Registry();
  const registers = [registry];
  const gauge = (name: string, help: string, read: (s: IngestStats) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read(sources.ingestStats()));
      },
    });

  const ingestRequests = new Counter({
    name: 'faultline_ingest_requests_total',
    help: 'Ingest requests answered, by outcome (accepted|refused), HTTP status and reason of a refusal.',
    labelNames: ['outcome', 'status', 'reason'] as const,
    registers,
  });
  const commitDuration = new Histogram({
    name: 'faultline_commit_duration_seconds',
    help: 'Time of one group commit (digest and store transaction), by outcome (ok|error).',
    labelNames: ['outcome'] as const,
    buckets: [...COMMIT_DURATION_BUCKETS_S],
    registers,
  });
  const storeErrors = new Counter({
    name: 'faultline_store_errors_total',
    help: 'Failed store calls, by kind (connection, timeout, locked, disk, closed, unknown) and lane (read|write).',
    labelNames: ['kind', 'lane'] as const,
    registers,
  });
  // Every series exists from the start: a rate() over a series that appears only with the
  // first failure misses that failure.
  for (const kind of STORE_FAILURE_KINDS) for (const lane of LANES) storeErrors.inc({ kind, lane }, 0);
  ingestRequests.inc({ outcome: 'accepted', status: '200', reason: 'none' }, 0);
  new Gauge({
    name: 'faultline_store_up',
    help: '1 while the store answers on this lane, 0 during a failure episode (as /health reports it).',
    labelNames: ['lane'] as const,
    registers,
    collect() {
      const failing = new Set(sources.storeProblems().map((p) => p.lane));
      for (const lane of LANES) this.set({ lane }, failing.has(lane) ? 0 : 1);
    },
  });
  gauge('faultline_write_queue_batches', 'Batches waiting for a group commit.', (s) => s.queuedBatches);
  gauge(
    'faultline_write_queue_bytes',
    'Approximate bytes of the batches waiting for a commit.',
    (s) => s.queuedBytes,
  );
  gauge(
    'faultline_ingest_inflight_requests',
    'Ingest requests started and not answered yet.',
    (s) => s.inflightRequests,
  );
  gauge(
    'faultline_ingest_inflight_body_bytes',
    'Request body bytes held by requests being read.',
    (s) => s.inflightBodyBytes,
  );
  gauge(
    'faultline_admission_refused_share',
    'Share of new ingest requests admission refuses now (0-1).',
    (s) => s.admissionShare,
  );
  gauge(
    'faultline_event_loop_delay_seconds',
    'Mean event-loop delay over the last admission sample.',
    (s) => s.eventLoopDelayMs / 1000,
  );
  gauge(
    'faultline_event_loop_utilization',
    'Event-loop utilization over the last admission sample (0-1).',
    (s) => s.eventLoopUtilization,
  );
  new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size in bytes.',
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });

  return {
    registry,
    ingestOutcome: ({ outcome, status, reason }) =>
      ingestRequests.inc({ outcome, status: String(status), reason }),
    commitSettled: (seconds, ok) => commitDuration.observe({ outcome: ok ? 'ok' : 'error' }, seconds),
    storeFailed: (kind, lane) => storeErrors.inc({ kind, lane }),
  };
}
