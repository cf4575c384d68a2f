/** What the gate reads from the stored rates: requests and 5xx per arm, per minute. */

/** One arm's requests and 5xx in one minute (or summed over a window). */
export interface ArmCounts {
  requests: number;
  errors: number;
}

/** The two arms in the same minute: the sequential test conditions on each minute's traffic split. */
export interface PairedMinute {
  canary: ArmCounts;
  baseline: ArmCounts;
}

/**
 * Counts made safe for the statistics: whole, not negative, errors never more than requests
 * (a sender's bad counts must not produce a verdict of their own).
 * @example cleanCounts({ requests: 10, errors: 12 }) // { requests: 10, errors: 10 }
 */
export function cleanCounts(c: ArmCounts): ArmCounts {
  const whole = (n: number) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
  const requests = whole(c.requests);
  return { requests, errors: Math.min(requests, whole(c.errors)) };
}

/**
 * Sums minutes into one arm each.
 * @example totals([{ canary: { requests: 5, errors: 1 }, baseline: { requests: 50, errors: 0 } }])
 */
export function totals(minutes: readonly PairedMinute[]): PairedMinute {
  const sum: PairedMinute = { canary: { requests: 0, errors: 0 }, baseline: { requests: 0, errors: 0 } };
  for (const m of minutes) {
    const c = cleanCounts(m.canary);
    const b = cleanCounts(m.baseline);
    sum.canary.requests += c.requests;
    sum.canary.errors += c.errors;
    sum.baseline.requests += b.requests;
    sum.baseline.errors += b.errors;
  }
  return sum;
}
