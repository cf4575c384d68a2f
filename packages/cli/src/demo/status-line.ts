/** The demo's periodic one-line summary of what the shoppers got. */

import type { LoadTally } from './load-generator.js';

/**
 * @example statusLine({ sent: 10, ok: 8, byStatus: { 503: 2 }, noAnswer: 0, skipped: 0 }, 1)
 * // '10 requests: 8 ok, 2 × 503; the storefront shed 1'
 */
export function statusLine(tally: LoadTally, shed: number): string {
  const failures = Object.entries(tally.byStatus)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, n]) => `${n} × ${status}`);
  if (tally.noAnswer > 0) failures.push(`${tally.noAnswer} unanswered`);
  if (tally.skipped > 0) failures.push(`${tally.skipped} skipped`);
  return `${tally.sent} requests: ${[`${tally.ok} ok`, ...failures].join(', ')}; the storefront shed ${shed}`;
}
