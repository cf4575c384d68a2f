/** A project's stored rules (migration 21's `fingerprint_rules` JSON) read back leniently. */

import { fingerprintRulesParam } from './parse-rules.js';
import { type FingerprintRule, NO_FINGERPRINT_RULES } from './rule-types.js';

/**
 * The API checked the rules on the way in; a row edited by hand that no longer passes those
 * checks applies no rules, rather than failing every digest of its project.
 * @example storedFingerprintRules(row.fingerprint_rules)
 */
export function storedFingerprintRules(v: unknown): readonly FingerprintRule[] {
  if (v === null || v === undefined) return NO_FINGERPRINT_RULES;
  try {
    const rules = fingerprintRulesParam(JSON.parse(String(v)), 'fingerprintRules');
    return rules.length === 0 ? NO_FINGERPRINT_RULES : rules;
  } catch {
    return NO_FINGERPRINT_RULES;
  }
}
