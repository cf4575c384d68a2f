// Turns one run's records into the numbers the issue asks for (issue 6 §3, anchors §4.3).

const RECOVERY_BUCKET_MS = 250;
const RECOVERED_SHARE = 0.95;

function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function countIn(times, from, to) {
  let n = 0;
  for (const t of times) if (t >= from && t < to) n++;
  return n;
}

/** Success share of the logical requests issued in [from, to). */
function successIn(records, from, to) {
  let n = 0;
  let ok = 0;
  for (const r of records) {
    if (r.at >= from && r.at < to) {
      n++;
      if (r.ok) ok++;
    }
  }
  return n === 0 ? Number.NaN : ok / n;
}

/**
 * @param run { records, attempts } from openLoop
 * @param t { faultStart, faultEnd, end } in ms
 */
export function summarize(run, t) {
  const issued = run.records.map((r) => r.at);
  const amplification = run.attempts.length / run.records.length;
  const faultAmp =
    countIn(run.attempts, t.faultStart, t.faultEnd) / countIn(issued, t.faultStart, t.faultEnd);
  let worst = 0;
  for (let w = 0; w + 1000 <= t.end + 1; w += 1000) {
    const logical = countIn(issued, w, w + 1000);
    if (logical > 0) worst = Math.max(worst, countIn(run.attempts, w, w + 1000) / logical);
  }
  const ok = run.records.filter((r) => r.ok);
  const latencies = ok.map((r) => r.end - r.at).sort((a, b) => a - b);
  const baseline = successIn(run.records, 500, t.faultStart);
  // Recovery: the first bucket after the fault from which every bucket to the end succeeds
  // at ≥ 95 % of the pre-fault level (by issue time: open loop, so this is goodput).
  let recoverMs = Number.POSITIVE_INFINITY;
  for (let b = t.faultEnd; b < t.end; b += RECOVERY_BUCKET_MS) {
    let all = true;
    for (let c = b; c < t.end; c += RECOVERY_BUCKET_MS) {
      const s = successIn(run.records, c, Math.min(t.end, c + RECOVERY_BUCKET_MS));
      if (!(s >= RECOVERED_SHARE * baseline)) {
        all = false;
        break;
      }
    }
    if (all) {
      recoverMs = b - t.faultEnd;
      break;
    }
  }
  return {
    amplification,
    faultAmp,
    worst,
    success: ok.length / run.records.length,
    faultSuccess: successIn(run.records, t.faultStart, t.faultEnd),
    p99: quantile(latencies, 0.99),
    recoverMs,
    logical: run.records.length,
    attempts: run.attempts.length,
    unfinished: run.unfinished,
  };
}
