// The tables of `npm run bench:dashboard`: the issue list API per query with its targets, the
// page loads, and the verdict (✓ met, ✗ missed).

import { TARGET_API_P95_MS, TARGET_FIRST_ROWS_MS } from './config.mjs';
import { percentile } from './http-latency.mjs';

const ms = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : Math.round(x).toString()) : '–');
const mark = (ok) => (ok ? '✓' : '✗');
const median = (xs) => percentile(xs.filter(Number.isFinite), 0.5);

/** One row per query: API p50/p95/p99 (HTTP, session cookie), the store alone, the target. */
export function apiTable(results, health) {
  const lines = [
    `| issue list query (limit 50) | rows | API p50 | API p95 | API p99 | store p50 / p95 | p95 < ${TARGET_API_P95_MS} ms |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results)
    lines.push(
      `| ${r.name} | ${r.rows} | ${ms(r.api.p50)} | ${ms(r.api.p95)} | ${ms(r.api.p99)} | ` +
        `${ms(r.store.p50)} / ${ms(r.store.p95)} | ${mark(r.api.p95 < TARGET_API_P95_MS)} |`,
    );
  lines.push(
    `| anchor: GET /health (HTTP floor) | – | ${ms(health.p50)} | ${ms(health.p95)} | ${ms(health.p99)} | – | |`,
  );
  return lines.join('\n');
}

/** Cold and warm page loads: medians and ranges of each timing, in ms from navigation start. */
export function pageTable(loads) {
  const row = (label, list) => {
    const first = list.map((l) => l.firstRow);
    return (
      `| ${label} (${list.length}) | ${ms(median(first))} (${ms(Math.min(...first))}–${ms(Math.max(...first))}) | ` +
      `${ms(median(list.map((l) => l.htmlDone)))} | ${ms(median(list.map((l) => l.scriptDone)))} | ` +
      `${ms(median(list.map((l) => l.fcp)))} | ` +
      `${ms(median(list.map((l) => l.sessionStart)))} + ${ms(median(list.map((l) => l.sessionMs)))} | ` +
      `${ms(median(list.map((l) => l.apiStart)))} + ${ms(median(list.map((l) => l.apiMs)))} | ` +
      `${ms(median(list.map((l) => l.wall)))} | ${mark(median(first) < TARGET_FIRST_ROWS_MS)} |`
    );
  };
  return [
    `| issues page, headless chromium | first rows visible: median (min–max) | index.html done | script loaded | first paint | GET /session: starts + takes | issues API: starts + takes | playwright goto → row visible | < ${TARGET_FIRST_ROWS_MS} ms |`,
    '|---|---|---|---|---|---|---|---|---|',
    row('cold: fresh profile', loads.cold),
    row('warm: assets cached', loads.warm),
  ].join('\n');
}

/** The verdict lines: each target, met or not, with the worst figure. */
export function verdict(results, loads) {
  const worst = results.reduce((a, b) => (b.api.p95 > a.api.p95 ? b : a));
  const missed = results.filter((r) => r.api.p95 >= TARGET_API_P95_MS);
  const cold = median(loads.cold.map((l) => l.firstRow));
  const warm = median(loads.warm.map((l) => l.firstRow));
  const apiOk = missed.length === 0;
  const pageOk = cold < TARGET_FIRST_ROWS_MS && warm < TARGET_FIRST_ROWS_MS;
  return [
    `issue list API p95 < ${TARGET_API_P95_MS} ms: ${mark(apiOk)} ${
      apiOk
        ? `every query (worst: ${worst.name}, ${ms(worst.api.p95)} ms)`
        : `missed by ${missed.map((r) => `${r.name} (${ms(r.api.p95)} ms)`).join(', ')}`
    }`,
    `issues page first rows < ${TARGET_FIRST_ROWS_MS} ms: ${mark(pageOk)} cold median ${ms(cold)} ms, warm median ${ms(warm)} ms`,
    `verdict: ${apiOk && pageOk ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}
