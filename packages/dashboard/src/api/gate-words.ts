/**
 * A stored canary verdict in words for the Releases page. Pure, so the wording is tested under
 * node; the views render the result as text. The answer is read defensively: a verdict stored
 * by another version of the collector may lack a part, and the page still shows the rest.
 */

import { counted } from './format.js';
import { percent } from './format-rate.js';
import type { GateArm, GateVerdictRecord } from './gate-types.js';

/**
 * An arm's 5xx rate with its counts, or a dash when the answer does not have it.
 * @example armInWords({ release: 'a', requests: 1000, errors: 50, rate: 0.05 }) // '5.00% (50 of 1000 requests)'
 */
export function armInWords(arm: GateArm | undefined): string {
  if (!arm || !Number.isFinite(arm.requests) || !Number.isFinite(arm.errors)) return '—';
  if (arm.requests <= 0) return 'no requests';
  return `${percent(arm.rate)} (${arm.errors} of ${counted(arm.requests, 'request')})`;
}

/**
 * Which side of the verdict a release was: the Releases page lists both kinds for a release.
 * @example roleOf(v, 'shop@2') // 'canary'
 */
export function roleOf(
  v: Pick<GateVerdictRecord, 'canary' | 'baseline'>,
  release: string,
): 'canary' | 'baseline' {
  return v.canary === release ? 'canary' : 'baseline';
}
