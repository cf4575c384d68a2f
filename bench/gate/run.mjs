// `npm run bench:gate` (issue 15 §4): the canary verdict's statistics against the anchors on the
// same seeded series. Per run, one series of per-minute request and 5xx counts for a canary and
// its baseline; every method is asked once a minute and the first minute it says "fail" is kept.
// A/A (equal rates): the share failed by look k is the false-fail rate. A/B (the canary worse):
// the minutes to detection.
// Environment: AA_RUNS (10000), AB_RUNS (2000), KAYENTA_CHECK_RUNS (200).

import { loadavg } from 'node:os';
import { rng } from '../shared/rng.mjs';
import { eProcessFirstFail, kayentaFirstFail, zTestFirstFail } from './first-fail.mjs';
import { summarize, table } from './report.mjs';
import { simulateMinutes } from './simulate.mjs';
import { gateStoreBench } from './store.mjs';

const ALPHA = 0.05;
const AA_RUNS = Number(process.env.AA_RUNS ?? 10_000);
const AB_RUNS = Number(process.env.AB_RUNS ?? 2_000);
/** Runs per A/A scenario on which Kayenta's shortcut is checked against the full computation. */
const KAYENTA_CHECK_RUNS = Number(process.env.KAYENTA_CHECK_RUNS ?? 200);
const REQUESTS_PER_MINUTE = 1_000;
const AA_MINUTES = 100;
/** A/B runs stop here: a canary that no method flags in two hours is reported as "> 120". */
const AB_MINUTES = 120;
/** Spinnaker's usual analysisIntervalMins (kayenta#540's request). */
const SPINNAKER_INTERVAL_MIN = 15;
/** The sparse case of kayenta#426: a quiet service, a baseline without 5xx. */
const SPARSE = { requestsPerMinute: 200, canaryShare: 0.5, baseRate: 0, canaryRate: 0.005 };

const METHODS = [
  { name: 'Faultline e-process', firstFail: (series) => eProcessFirstFail(series, ALPHA) },
  { name: 'z-test, polled (Argo/Flagger)', firstFail: (series) => zTestFirstFail(series) },
  {
    name: 'Kayenta MW, every minute',
    firstFail: (series, noise) => kayentaFirstFail(series, noise),
  },
  {
    name: `Kayenta MW, every ${SPINNAKER_INTERVAL_MIN} min`,
    firstFail: (series, noise) => kayentaFirstFail(series, noise, { everyMinutes: SPINNAKER_INTERVAL_MIN }),
  },
];

const pct = (x) => `${+(x * 100).toFixed(2)} %`;
const scenarios = [];
for (const baseRate of [0.001, 0.01])
  for (const canaryShare of [0.05, 0.5])
    scenarios.push({
      kind: 'aa',
      scenario: `A/A ${pct(baseRate)}, canary ${pct(canaryShare)}`,
      world: { requestsPerMinute: REQUESTS_PER_MINUTE, canaryShare, baseRate, canaryRate: baseRate },
      minutes: AA_MINUTES,
      runs: AA_RUNS,
    });
for (const factor of [2, 5])
  for (const baseRate of [0.001, 0.01])
    for (const canaryShare of [0.05, 0.5])
      scenarios.push({
        kind: 'ab',
        scenario: `A/B ${factor}× ${pct(baseRate)}, canary ${pct(canaryShare)}`,
        world: {
          requestsPerMinute: REQUESTS_PER_MINUTE,
          canaryShare,
          baseRate,
          canaryRate: factor * baseRate,
        },
        minutes: AB_MINUTES,
        runs: AB_RUNS,
      });
scenarios.push({
  kind: 'ab',
  scenario: `sparse: base 0, canary ${pct(SPARSE.canaryRate)}, ${SPARSE.requestsPerMinute} req/min, ${pct(SPARSE.canaryShare)}`,
  world: SPARSE,
  minutes: AB_MINUTES,
  runs: AB_RUNS,
});

const loadBefore = loadavg();
const started = performance.now();
console.log(
  `bench:gate: ${AA_RUNS.toLocaleString('en-US')} runs per A/A scenario, ${AB_RUNS.toLocaleString('en-US')} per A/B; load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} at start`,
);

const mismatches = [];
for (const [index, s] of scenarios.entries()) {
  const seed = 0x6a7e0000 + index;
  const data = rng(seed);
  const noise = METHODS.map((_, k) => rng(seed ^ (0x9e3779b9 * (k + 1))));
  const firstFails = METHODS.map(() => []);
  const t0 = performance.now();
  let checked = 0;
  for (let run = 0; run < s.runs; run++) {
    const series = simulateMinutes(data, { minutes: s.minutes, ...s.world });
    for (const [k, m] of METHODS.entries()) firstFails[k].push(m.firstFail(series, noise[k]));
    if (s.kind === 'aa' && run < KAYENTA_CHECK_RUNS) {
      // The judge's shortcut (kayenta-judge.mjs) must not change a verdict: same noise stream.
      const fast = kayentaFirstFail(series, rng(run));
      const full = kayentaFirstFail(series, rng(run), { exhaustive: true });
      checked++;
      if (fast !== full) mismatches.push(`${s.scenario} run ${run}: ${fast} vs ${full}`);
    }
  }
  s.results = METHODS.map((m, k) => ({ method: m.name, ...summarize(firstFails[k], s.minutes) }));
  console.error(
    `  ${s.scenario}: ${((performance.now() - t0) / 1000).toFixed(1)} s${checked ? `, Kayenta shortcut checked on ${checked} runs` : ''}`,
  );
}

console.log('');
console.log(table(scenarios, ALPHA));
console.log('');
const se = Math.sqrt((ALPHA * (1 - ALPHA)) / AA_RUNS);
console.log(
  `α = ${ALPHA}; ${REQUESTS_PER_MINUTE.toLocaleString('en-US')} requests/min split by the canary share, one look a minute; A/A runs last ${AA_MINUTES} min, A/B runs ${AB_MINUTES} (a method that never failed counts as "> ${AB_MINUTES}"). Monte Carlo standard error of a rate near α over ${AA_RUNS.toLocaleString('en-US')} runs: ${(se * 100).toFixed(2)} points.`,
);
console.log(
  `Kayenta shortcut against the full interval computation: ${mismatches.length === 0 ? 'identical verdicts' : `${mismatches.length} differences: ${mismatches.slice(0, 3).join('; ')}`}.`,
);
// The endpoint over a full store: the issue's "within 1 s at 1M stored rate rows".
const full = await gateStoreBench();
const ms = (t) => `${t.median.toFixed(0)} ms (max ${t.max.toFixed(0)})`;
console.log('');
console.log(
  `GET /api/v1/gate over ${full.rows.toLocaleString('en-US')} stored rate rows (SQLite, seeded in ${full.seedS.toFixed(0)} s), median of 7: the canary's last hour ${ms(full.hour)} ${full.hour.median <= 1000 ? '✓' : '✗'} ≤ 1 s; a week of both releases (every row, 7-minute buckets) ${ms(full.week)} ${full.week.median <= 1000 ? '✓' : '✗'}; anchor GET /health ${ms(full.health)} (hour ÷ health ×${(full.hour.median / full.health.median).toFixed(0)}). Verdict: ${full.verdict} (${full.reason}).`,
);
console.log(
  `${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} at end (the figures are counts of seeded runs: load changes only the time taken).`,
);
