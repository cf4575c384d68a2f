// The numbers of one open-loop run, and the markdown table of all of them.

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : Number.NaN;

/** Goodput: 200s answered within the client's timeout, per second of the run, over capacity. */
export function summarize({ results, lateSends, total }, capacity, durationMs) {
  // A 200 after the timeout cannot be: the generator gave up on it and counted a timeout.
  const ok = results
    .filter((r) => r.status === 200)
    .map((r) => r.ms)
    .sort((a, b) => a - b);
  const count = (pred) => results.filter(pred).length;
  const first503 = results.filter((r) => r.status === 503).reduce((m, r) => Math.min(m, r.at), Infinity);
  return {
    offered: total / (durationMs / 1000),
    goodput: ok.length / (durationMs / 1000),
    goodputShare: ok.length / (durationMs / 1000) / capacity,
    shed: count((r) => r.status === 503) / total,
    timeouts: count((r) => r.status === 0) / total,
    errors: count((r) => r.status < 0 || (r.status !== 200 && r.status !== 503 && r.status !== 0)) / total,
    p50: percentile(ok, 0.5),
    p99: percentile(ok, 0.99),
    first503Ms: first503,
    lateSends,
  };
}

const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const pct = (x) => `${f(100 * x)} %`;

export function table(rows, meta) {
  const lines = [
    `Route: ${meta.route.cpuMs} ms CPU + ${meta.route.ioMs} ms awaited I/O. Open loop at ${meta.overload}× capacity;`,
    `unloaded p99 at ${meta.unloadedShare}× capacity without shedding; client timeout ${meta.timeoutMs} ms; pinned: ${meta.pinned}.`,
    `Faultline shed: ${JSON.stringify(meta.shed)}; under-pressure: ${JSON.stringify(meta.underPressure)}.`,
    '',
    `| framework | guard | capacity/s | unloaded p99 ms | shed at ${meta.busyShare}× | offered/s | goodput/s | goodput ÷ capacity | shed (503) | timeouts | admitted p50 ms | admitted p99 ms | p99 ÷ unloaded p99 | first 503 after ms |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.framework} | ${r.guard} | ${f(r.capacity)} | ${f(r.unloadedP99, 1)} | ${pct(r.busyShed)} | ${f(r.offered)} | ${f(r.goodput)} | ${f(r.goodputShare, 2)} | ${pct(r.shed)} | ${pct(r.timeouts)} | ${f(r.p50, 1)} | ${f(r.p99, 1)} | ${f(r.p99 / r.unloadedP99, 2)} | ${f(r.first503Ms)} |`,
    );
  }
  return lines.join('\n');
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One line per framework and guard: medians over the rounds, and the two targets. */
export function summaryTable(rows) {
  const groups = new Map();
  for (const r of rows) {
    const key = `${r.framework}|${r.guard}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const lines = [
    '| framework | guard | rounds | goodput ÷ capacity | timeouts | admitted p99 ÷ unloaded p99 | shed at 0.8× | goodput ≥ 0.9 | p99 ≤ 2× |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: | :---: |',
  ];
  for (const [key, rs] of groups) {
    const [framework, guard] = key.split('|');
    const goodput = median(rs.map((r) => r.goodputShare));
    const ratio = median(rs.map((r) => r.p99 / r.unloadedP99));
    const busy = median(rs.map((r) => r.busyShed));
    const timeouts = median(rs.map((r) => r.timeouts));
    lines.push(
      `| ${framework} | ${guard} | ${rs.length} | ${f(goodput, 2)} | ${pct(timeouts)} | ${f(ratio, 2)} | ${pct(busy)} | ${goodput >= 0.9 ? 'yes' : 'no'} | ${ratio <= 2 ? 'yes' : 'no'} |`,
    );
  }
  return lines.join('\n');
}
