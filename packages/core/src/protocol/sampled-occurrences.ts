/**
 * The wire format of sampled occurrences: under an error storm the server middleware sends the
 * first events of a site in full and, for the others, only this line each (issue 18 §1), naming
 * the full event it is like. The collector counts each one on that event's issue and finds it
 * by its request id, so a caller quoting any request id of the storm still gets an answer.
 * Sentry and other backends ignore unknown item types (sentry-protocol.md §3).
 */

/** The envelope item type. */
export const SAMPLED_ITEM_TYPE = 'faultline_sampled';

/** One request whose error was counted but not sent in full. */
export interface SampledOccurrence {
  requestId: string;
  /** 32 lower-case hex, when the request had a trace. */
  traceId?: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The route template; null when no route matched. */
  route: string | null;
  status: number;
  /** Seconds since the epoch (the event payloads' unit). */
  timestamp: number;
  /** The event id (32 lower-case hex) of the full event of the same site this one is like. */
  like: string;
}

/** The item's payload. */
export interface SampledItem {
  occurrences: SampledOccurrence[];
}

/** What a reader of `faultline_sampled` keeps at most (the collector passes its limits.ts). */
export interface SampledBounds {
  maxOccurrences: number;
  maxRequestIdLength: number;
  maxRouteLength: number;
  /** Occurrences further than this from `now` (ms) are left out: a wrong clock is not a time. */
  maxDriftMs: number;
  /** The reader's clock, ms since the epoch. */
  now: number;
}

const METHOD = /^[A-Z][A-Z0-9_-]{0,19}$/;
const HEX32 = /^[0-9a-f]{32}$/;

function occurrence(v: unknown, b: SampledBounds): SampledOccurrence | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const { requestId, method, status, timestamp, like } = r;
  if (typeof requestId !== 'string' || requestId === '' || requestId.length > b.maxRequestIdLength)
    return undefined;
  if (typeof method !== 'string' || !METHOD.test(method)) return undefined;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    return undefined;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) return undefined;
  if (Math.abs(timestamp * 1000 - b.now) > b.maxDriftMs) return undefined;
  if (typeof like !== 'string' || !HEX32.test(like)) return undefined;
  const route =
    r.route === null || r.route === undefined
      ? null
      : typeof r.route === 'string'
        ? r.route.slice(0, b.maxRouteLength)
        : undefined;
  if (route === undefined) return undefined;
  const out: SampledOccurrence = { requestId, method, route, status, timestamp, like };
  if (typeof r.traceId === 'string' && HEX32.test(r.traceId)) out.traceId = r.traceId;
  return out;
}

/**
 * A `faultline_sampled` payload as a reader may trust it: an occurrence that is not well formed
 * (or past the bounds) is left out and counted in `rejected`; `item` is undefined when nothing
 * was usable.
 * @example readSampled({ occurrences: [{ requestId: 'r1', method: 'GET', route: '/a', status: 500, timestamp: Date.now() / 1000, like: 'a'.repeat(32) }] }, bounds).item?.occurrences.length // 1
 */
export function readSampled(
  v: Record<string, unknown>,
  b: SampledBounds,
): { item: SampledItem | undefined; rejected: number } {
  if (!Array.isArray(v.occurrences)) return { item: undefined, rejected: 1 };
  const occurrences: SampledOccurrence[] = [];
  for (const raw of v.occurrences.slice(0, b.maxOccurrences)) {
    const o = occurrence(raw, b);
    if (o) occurrences.push(o);
  }
  const rejected = v.occurrences.length - occurrences.length;
  return { item: occurrences.length > 0 ? { occurrences } : undefined, rejected };
}
