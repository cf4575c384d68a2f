// Kayenta's verdict on one metric, as NetflixACAJudge configures its Mann-Whitney classifier
// (tolerance 0.25, confidence 0.98, direction increase, nanStrategy replace, effect size by
// mean ratio with threshold 1.0), reimplemented from the anchors' description
// (../shared/design/anchors-alerts-gate.md §2.1); README.md gives the reading.
//
// The confidence interval of the location shift (experiment − control) is the one the
// Wilcoxon rank-sum test gives by inversion: the shifts d at which the normal-approximation z of
// the rank sum of (experiment − d) against control, with tie correction and continuity
// correction, lies within ±z_{(1+confidence)/2}; the Hodges–Lehmann estimate is the shift where
// that z crosses 0. z(d) is a step function that jumps only at pairwise differences, so each
// root is found exactly at its jump (Kayenta's root solver stops within its tolerance of it).

/** Kayenta's NetflixACAJudge settings for a metric. */
export const KAYENTA_TOLERANCE = 0.25;
/** Φ⁻¹(1 − (1 − 0.98) / 2): the two-sided 98 % interval's quantile. */
export const KAYENTA_Z_98 = 2.3263478740408408;
/** The effect-size gate: the canary's mean over the control's must be at least this. */
export const KAYENTA_MIN_MEAN_RATIO = 1;
/** Kayenta breaks all-constant arms with Gaussian noise of this size relative to the value. */
const NOISE_SCALE = 1e-5;

/** z of the rank sum of (x − d) among (x − d) ∪ y; x and y sorted ascending. */
function shiftedZ(x, y, d) {
  const nx = x.length;
  const ny = y.length;
  const n = nx + ny;
  let i = 0;
  let j = 0;
  let placed = 0;
  let rankSumX = 0;
  let ties = 0;
  while (i < nx || j < ny) {
    const v = i < nx && (j >= ny || x[i] - d <= y[j]) ? x[i] - d : y[j];
    let inX = 0;
    let inY = 0;
    while (i < nx && x[i] - d === v) {
      inX++;
      i++;
    }
    while (j < ny && y[j] === v) {
      inY++;
      j++;
    }
    const group = inX + inY;
    rankSumX += inX * (placed + (group + 1) / 2);
    ties += group * group * group - group;
    placed += group;
  }
  const dz = rankSumX - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
  const sigma = Math.sqrt(((nx * ny) / 12) * (n + 1 - ties / (n * (n - 1))));
  if (sigma === 0) return 0;
  return (dz - 0.5 * Math.sign(dz)) / sigma;
}

const distinct = (sorted) => sorted.filter((v, k) => k === 0 || v !== sorted[k - 1]);

/** The shift d where shiftedZ(x, y, d) − quantile changes sign (it falls as d grows). */
function shiftRoot(x, y, quantile) {
  const f = (d) => shiftedZ(x, y, d) - quantile;
  const xs = distinct(x);
  const ys = distinct(y);
  const diffs = [...new Set(xs.flatMap((a) => ys.map((b) => a - b)))].sort((a, b) => a - b);
  const low = diffs[0];
  const high = diffs[diffs.length - 1];
  if (f(low) <= 0) return low;
  if (f(high) >= 0) return high;
  let lo = 0;
  let hi = diffs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (f(diffs[mid]) <= 0) hi = mid;
    else lo = mid;
  }
  const between = f((diffs[lo] + diffs[hi]) / 2);
  if (between > 0) return diffs[hi];
  if (between < 0) return diffs[lo];
  return (diffs[lo] + diffs[hi]) / 2;
}

function gaussian(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const withNoise = (values, random) =>
  values.map((v) => v + gaussian(random) * v * NOISE_SCALE).sort((a, b) => a - b);

const mean = (values) => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * Whether Kayenta classifies the canary's metric as High (a failed metric) from the per-interval
 * values of both arms, each sorted ascending. `random` feeds Kayenta's noise for constant arms.
 * `exhaustive: false` skips the interval when its lower bound cannot be above 0; run.mjs checks
 * that shortcut against the full computation.
 * @example kayentaHigh([0, 0.01, 0.02], [0, 0, 0], seededRandom(1)) // false
 */
export function kayentaHigh(experiment, control, random, { exhaustive = false } = {}) {
  if (experiment.length === 0 || control.length === 0) return false;
  const last = (a) => a[a.length - 1];
  if (experiment.length === control.length && experiment.every((v, k) => v === control[k])) return false;
  const experimentConstant = experiment[0] === last(experiment);
  const controlConstant = control[0] === last(control);
  if (experimentConstant && controlConstant && experiment[0] === control[0]) return false;
  let x = experiment;
  let y = control;
  if (experimentConstant && controlConstant) {
    x = withNoise(x, random);
    y = withNoise(y, random);
  }
  // The lower bound is above 0 only when the arms do not overlap (it is then clamped at the
  // smallest pairwise difference, as R's wilcox.test and Kayenta clamp it) or when z at shift 0
  // is already past the quantile (z falls as the shift grows).
  if (!exhaustive && x[0] <= last(y) && shiftedZ(x, y, 0) <= KAYENTA_Z_98) return false;
  const lower = shiftRoot(x, y, KAYENTA_Z_98);
  const estimate = shiftRoot(x, y, 0);
  const controlMean = mean(y);
  const meanRatio = controlMean === 0 ? 1 : mean(x) / controlMean;
  return lower > KAYENTA_TOLERANCE * Math.abs(estimate) && meanRatio >= KAYENTA_MIN_MEAN_RATIO;
}
