// Seed statistics and the verdicts of issue 6 §3 / anchors §5: per scenario, is any contender
// better than @faultline/client on amplification, success and recovery at once (C3's Pareto
// rule), and what generous retries do there (buy success, or feed a storm).

export const OURS = '@faultline/client';

/** Issue 6 §3 targets: amplification overall and in the worst 1-second window. */
const AMP_TOTAL_MAX = 1.1;
const AMP_WINDOW_MAX = 1.2;

/** Differences smaller than these (or than the seeds' spread) count as ties. */
const NOISE = { ampTotal: 0.02, success: 0.01, recoverMs: 250 };

/** Contenders that retry at library defaults without a budget ("generous" retries). */
export const GENEROUS = ['naive 3×', 'got', 'ky', 'undici RetryAgent', 'axios-retry', 'p-retry'];

/** What each scenario's failures depend on (a property of the fault, not of the results). */
export const NATURE = {
  S1: 'load-independent',
  S2: 'load-independent',
  S3: 'load-dependent',
  S4: 'down',
  S5: 'load-independent',
};

export function mean(xs) {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function sd(xs) {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Mean, spread and median of one metric over seeds (recovery may be Infinity: median only). */
export function stat(values) {
  const finite = values.filter(Number.isFinite);
  return {
    values,
    mean: finite.length === values.length ? mean(values) : Number.POSITIVE_INFINITY,
    sd: finite.length === values.length ? sd(values) : Number.NaN,
    median: median(values),
    unrecovered: values.length - finite.length,
  };
}

/**
 * Is `a` better than `b` on `metric` beyond noise? Lower is better for amplification and
 * recovery, higher for success. The margin is the larger of the fixed noise floor and the
 * two spreads.
 */
function better(metric, a, b) {
  if (metric === 'recoverMs') {
    if (a.median === b.median) return false;
    if (!Number.isFinite(b.median)) return Number.isFinite(a.median);
    if (!Number.isFinite(a.median)) return false;
    return b.median - a.median > NOISE.recoverMs;
  }
  const margin = Math.max(NOISE[metric], a.sd || 0, b.sd || 0);
  return metric === 'success' ? a.mean - b.mean > margin : b.mean - a.mean > margin;
}

/** The three Pareto metrics: amplification over the run, success, recovery. */
const PARETO = [
  ['ampTotal', 'amplification'],
  ['success', 'success'],
  ['recoverMs', 'recovery'],
];

/** Per contender: on which of the three it beats ours, and the words for the column. */
export function compare(rows) {
  const ours = rows.find((r) => r.name === OURS);
  if (ours === undefined) return new Map();
  const out = new Map();
  for (const r of rows) {
    if (r === ours) continue;
    const wins = PARETO.filter(([m]) => better(m, r[m], ours[m])).map(([, label]) => label);
    const losses = PARETO.filter(([m]) => better(m, ours[m], r[m])).map(([, label]) => label);
    let word;
    if (wins.length === 3) word = 'BETTER ON ALL THREE';
    else if (wins.length === 0 && losses.length === 0) word = 'tie';
    else if (wins.length === 0) word = `worse: ${losses.join(', ')}`;
    else if (losses.length === 0) word = `better: ${wins.join(', ')}; ties the rest`;
    else word = `better: ${wins.join(', ')}; worse: ${losses.join(', ')}`;
    out.set(r.name, { wins, losses, word });
  }
  return out;
}

/** The verdict lines of one scenario. */
export function scenarioVerdict(scenario, rows, comparisons) {
  const lines = [];
  const dominating = [...comparisons].filter(([, c]) => c.wins.length === 3).map(([n]) => n);
  const weakly = [...comparisons]
    .filter(([, c]) => c.losses.length === 0 && c.wins.length > 0)
    .map(([n]) => n);
  lines.push(
    dominating.length === 0
      ? `Pareto target (no contender better on amplification, success and recovery at once): MET` +
          (weakly.length > 0 ? ` (as good on all three and better on one: ${weakly.join(', ')})` : '')
      : `Pareto target: MISSED, better on all three: ${dominating.join(', ')}`,
  );
  const ours = rows.find((r) => r.name === OURS);
  if (ours !== undefined) {
    const ok = ours.ampTotal.mean <= AMP_TOTAL_MAX && ours.worst.mean <= AMP_WINDOW_MAX;
    lines.push(
      `C1 amplification ≤ ${AMP_TOTAL_MAX} overall and ≤ ${AMP_WINDOW_MAX} in every 1 s window: ` +
        `${ok ? 'MET' : 'MISSED'} (ours ${ours.ampTotal.mean.toFixed(2)}× overall, ` +
        `${ours.worst.mean.toFixed(2)}× in the worst second)`,
    );
  }
  // "Success ≥ the best contender with A ≤ 1.2": contenders that stay within the 1 s bound.
  const bounded = rows.filter((r) => r.name !== OURS && r.worst.mean <= AMP_WINDOW_MAX);
  if (ours !== undefined && bounded.length > 0) {
    const best = bounded.reduce((a, b) => (b.success.mean > a.success.mean ? b : a));
    const ok = !better('success', best.success, ours.success);
    lines.push(
      `C3 success ≥ the best contender within ${AMP_WINDOW_MAX}× in every second (${best.name}, ` +
        `${pct(best.success.mean)}): ${ok ? 'MET' : 'MISSED'} (ours ${pct(ours.success.mean)})`,
    );
  }
  const none = rows.find((r) => r.name === 'no retry');
  const generous = rows.filter((r) => GENEROUS.includes(r.name));
  if (none !== undefined && generous.length > 0) {
    const gain = (r) => r.faultSuccess.mean - none.faultSuccess.mean;
    const top = generous.reduce((a, b) => (gain(b) > gain(a) ? b : a));
    const storm = generous.reduce((a, b) => (b.worst.mean > a.worst.mean ? b : a));
    const nature = NATURE[scenario];
    const facts =
      `no retry ${pct(none.faultSuccess.mean)} of the requests issued in the fault succeed; ` +
      `the most successful generous retrier (${top.name}) ${pct(top.faultSuccess.mean)} at ` +
      `${top.ampFault.mean.toFixed(2)}× in the fault; the heaviest (${storm.name}) sends ` +
      `${storm.worst.mean.toFixed(2)}× in its worst second`;
    if (nature === 'load-independent')
      lines.push(
        `Failures independent of load, spare capacity: generous retries BUY SUCCESS here (${facts}).`,
      );
    else
      lines.push(
        `${nature === 'down' ? 'Server down' : 'Failures caused by load'}: generous retries CAUSE THE STORM here (${facts}; ` +
          `any success they add is work deferred past the fault, see the 10 s runs).`,
      );
  }
  return lines;
}

function pct(v) {
  return `${(v * 100).toFixed(1)} %`;
}
