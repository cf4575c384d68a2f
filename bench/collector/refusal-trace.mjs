// OVERLOAD_TIMELINE=1: the collector child's side of the 2× timeline. Per TRACE_MS since the
// last reset, the requests ingest accepted and those it refused, by reason (numbers masked, so
// "collector overloaded: commit latency N ms …" is one reason), from ingest's diagnostics
// channels: what admission did while the senders saw the latencies run.mjs prints beside it.
import { channel } from 'node:diagnostics_channel';

/** Width of one timeline bucket, ms (the open loop's buckets are the same). */
export const TRACE_MS = 250;

/**
 * @example const trace = refusalTrace(); trace.reset(); …; trace.buckets() // [{ accepted, refused: { reason: n } }, …]
 */
export function refusalTrace() {
  let t0 = performance.now();
  let buckets = [];
  const bucket = () => {
    const i = Math.floor((performance.now() - t0) / TRACE_MS);
    while (buckets.length <= i) buckets.push({ accepted: 0, refused: {} });
    return buckets[i];
  };
  channel('faultline:ingest:accepted').subscribe(() => bucket().accepted++);
  channel('faultline:ingest:rejected').subscribe(({ detail }) => {
    const reason = String(detail)
      .replace(/^collector overloaded: /, '')
      .replace(/~?\d+(\.\d+)?/g, 'N');
    const refused = bucket().refused;
    refused[reason] = (refused[reason] ?? 0) + 1;
  });
  return {
    reset() {
      t0 = performance.now();
      buckets = [];
    },
    buckets: () => buckets,
  };
}
