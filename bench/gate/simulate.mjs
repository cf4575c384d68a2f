// Seeded per-minute traffic of a canary and its baseline: a fixed number of requests a minute,
// split by a fixed share (the split a mesh weight gives, without its rounding noise, which the
// e-process conditions away anyway), each request failing with its arm's 5xx rate,
// independently (binomial.mjs, exact).

import { binomial } from './binomial.mjs';

/**
 * @example simulateMinutes(seededRandom(1), { minutes: 100, requestsPerMinute: 1000, canaryShare: 0.05, baseRate: 0.001, canaryRate: 0.001 })
 */
export function simulateMinutes(random, { minutes, requestsPerMinute, canaryShare, baseRate, canaryRate }) {
  const canaryRequests = Math.round(requestsPerMinute * canaryShare);
  const baselineRequests = requestsPerMinute - canaryRequests;
  const series = [];
  for (let m = 0; m < minutes; m++)
    series.push({
      canary: { requests: canaryRequests, errors: binomial(random, canaryRequests, canaryRate) },
      baseline: { requests: baselineRequests, errors: binomial(random, baselineRequests, baseRate) },
    });
  return series;
}
