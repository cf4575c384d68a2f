/**
 * A point in time in untrusted JSON: an ISO 8601 date-time with its offset
 * (`2026-12-08T09:00:00Z`, what `toISOString()` writes) or epoch milliseconds (what `Date.now()`
 * gives). Both are what a person or a script sends, and neither depends on the server's zone.
 */

import { MAX_TIME_MS } from '../../limits.js';
import { AlertRuleError } from './alert-rule-error.js';

/** An ISO 8601 date-time that names its offset: without one, the time depends on the server's zone. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * @returns epoch milliseconds
 * @throws AlertRuleError naming `path` when it is neither
 * @example instantAt('2026-12-08T09:00:00Z', 'endsAt') // 1796720400000
 */
export function instantAt(value: unknown, path: string): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0 || value > MAX_TIME_MS)
      throw new AlertRuleError(path, `${path} as a number is epoch milliseconds (an integer), not ${value}`);
    return value;
  }
  if (typeof value === 'string' && ISO_DATE_TIME.test(value.trim())) {
    const at = Date.parse(value.trim());
    if (!Number.isNaN(at)) return at;
    throw new AlertRuleError(path, `${path} ${JSON.stringify(value)} is not a date`);
  }
  throw new AlertRuleError(
    path,
    `${path} is an ISO 8601 date-time with its offset (2026-12-08T09:00:00Z) or epoch milliseconds`,
  );
}
