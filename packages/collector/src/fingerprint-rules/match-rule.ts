/** Whether a rule's matcher holds for an event: every given condition (Sentry: "all values in a line"). */

import { globMatches } from '../glob-match.js';
import type { RuleSubject } from './rule-subject.js';
import type { FingerprintMatcher } from './rule-types.js';

const any = (pattern: string | undefined, values: readonly string[]) =>
  pattern === undefined || values.some((v) => globMatches(pattern, v));

/**
 * @example matches({ type: 'Db*' }, ruleSubject(event, tags, 'error'))
 */
export function matches(m: FingerprintMatcher, s: RuleSubject): boolean {
  return (
    any(m.type, s.types) &&
    any(m.level, [s.level]) &&
    (m.tags ?? []).every((t) => s.tags.some(([k, v]) => globMatches(t.key, k) && globMatches(t.value, v))) &&
    any(m.function, s.functions) &&
    any(m.module, s.modules) &&
    any(m.message, s.messages)
  );
}
