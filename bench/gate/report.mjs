// The one table of `npm run bench:gate`: per scenario and method, the share of runs that had
// failed by each look, the minutes to a fail verdict, and how each anchor compares with
// Faultline on the same series.

/** The looks the table reports "failed by" at (one look a minute). */
export const LOOKS = [1, 5, 10, 30, 100];

const percent = (x) => `${(x * 100).toFixed(x < 0.1 ? 2 : 1)} %`;

/** The q-quantile of first-fail minutes (Infinity when the run never failed). */
function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * Figures of one method on one scenario from its runs' first-fail minutes.
 * @example summarize([3, 7, Infinity], 120)
 */
export function summarize(firstFails, cap) {
  const sorted = [...firstFails].sort((a, b) => a - b);
  const failedBy = LOOKS.map((k) =>
    k > cap ? Number.NaN : sorted.filter((t) => t <= k).length / sorted.length,
  );
  return { runs: sorted.length, failedBy, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), cap };
}

const minutes = (t, cap) => (Number.isFinite(t) ? String(t) : `> ${cap}`);

/**
 * Markdown rows; `kind` 'aa' compares the worst false-fail rate with alpha, 'ab' the median
 * minutes to fail with Faultline's (the first row of each scenario).
 * @example table([{ scenario: 'A/A…', kind: 'aa', results: [{ method: 'e-process', ...summarize(ff, 100) }] }], 0.05)
 */
export function table(scenarios, alpha) {
  const head = [
    'scenario',
    'method',
    'runs',
    ...LOOKS.map((k) => `failed by ${k} min`),
    'median min to fail',
    'p90 min to fail',
    'against α / Faultline',
  ];
  const lines = [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const s of scenarios) {
    const ours = s.results[0];
    for (const r of s.results) {
      let compare;
      if (s.kind === 'aa') {
        const worst = Math.max(...r.failedBy.filter((x) => !Number.isNaN(x)));
        compare = `${worst <= alpha ? '≤ α ✓' : '> α ✗'} (×${(worst / alpha).toFixed(2)} α)`;
      } else if (r === ours) compare = 'reference';
      else if (Number.isFinite(r.median) && Number.isFinite(ours.median))
        compare = `median ×${(r.median / ours.median).toFixed(2)}`;
      else compare = `median ${minutes(r.median, r.cap)} vs ${minutes(ours.median, ours.cap)}`;
      const cells = [
        s.scenario,
        r.method,
        r.runs.toLocaleString('en-US'),
        ...r.failedBy.map((x) => (Number.isNaN(x) ? '–' : percent(x))),
        s.kind === 'aa' ? '–' : minutes(r.median, r.cap),
        s.kind === 'aa' ? '–' : minutes(r.p90, r.cap),
        compare,
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}
