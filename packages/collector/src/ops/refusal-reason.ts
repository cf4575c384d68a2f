/**
 * The `reason` label of a refused ingest request: one of a small fixed set derived from its status
 * and detail, never the detail itself (a detail carries sender-controlled text, and one label
 * value per distinct text would grow the metrics without bound).
 */

/** Why ingest refused a request, as /metrics labels it. */
export type RefusalReason =
  | 'method'
  | 'auth'
  | 'forbidden'
  | 'unknown_project'
  | 'invalid'
  | 'body_timeout'
  | 'too_large'
  | 'encoding'
  | 'rate_limited'
  | 'overload_cpu'
  | 'overload_queue'
  | 'overload_memory'
  | 'overload'
  | 'shutting_down'
  | 'store_unavailable'
  | 'other';

const BY_STATUS: Partial<Record<number, RefusalReason>> = {
  400: 'invalid',
  401: 'auth',
  403: 'forbidden',
  404: 'unknown_project',
  405: 'method',
  408: 'body_timeout',
  413: 'too_large',
  415: 'encoding',
};

/** 429s: the collector's own overload (ingest/rate-limit.ts `overloaded`), or a project's limit. */
function tooMany(detail: string): RefusalReason {
  if (!detail.startsWith('collector overloaded')) return 'rate_limited';
  if (/event-loop|event loop/.test(detail)) return 'overload_cpu';
  if (/write queue|commit latency/.test(detail)) return 'overload_queue';
  if (/bytes in flight/.test(detail)) return 'overload_memory';
  return 'overload';
}

/**
 * @example refusalReason(429, 'collector overloaded: write queue holds MAX_QUEUED_BATCHES (2000) batches') // 'overload_queue'
 */
export function refusalReason(status: number, detail: string): RefusalReason {
  if (status === 429) return tooMany(detail);
  if (status === 503) return /shutting down/.test(detail) ? 'shutting_down' : 'store_unavailable';
  return BY_STATUS[status] ?? 'other';
}
