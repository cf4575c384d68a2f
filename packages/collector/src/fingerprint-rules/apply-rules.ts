/**
 * A project's rules applied to one error event at digest (normalize-event.ts) and in the preview:
 * the first rule whose matcher holds sets the fingerprint and/or the title. The rule's entries are
 * hashed by core's `fingerprint` exactly as an SDK's `fingerprint` array is (sentry-protocol.md
 * §8), so `["db"]` from a rule and `["db"]` from an SDK make one issue; `{{ default }}` stands for
 * the fingerprint the event would get without the rule: the SDK's own entries when it sent some,
 * else the built-in grouping.
 */

import { fingerprint, isDefaultFingerprintEntry, type SentryEvent } from '@faultline/core';
import { describeRule } from './describe-rule.js';
import { matches } from './match-rule.js';
import type { RuleSubject } from './rule-subject.js';
import type { FingerprintRule, MatchedRule } from './rule-types.js';

/** What the first matching rule sets; undefined when none matches. */
export interface RuleOutcome {
  /** The new hash, when the rule has a fingerprint. */
  fingerprint?: string;
  title?: string;
  matched: MatchedRule;
}

function sdkEntries(event: SentryEvent): string[] {
  const raw: unknown = event.fingerprint;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((e) => typeof e === 'string' || (typeof e === 'number' && Number.isFinite(e)))
    .map(String);
}

/**
 * The entries core hashes for a rule's fingerprint: `{{ default }}` is the SDK's own entries when
 * it sent some (core then reads a `{{ default }}` among those as the built-in grouping).
 * @example fingerprintComponents({ ...event, fingerprint: ruleEntries(['{{ default }}', 'eu'], event) })
 */
export function ruleEntries(ruleFingerprint: readonly string[], event: SentryEvent): string[] {
  const sdk = sdkEntries(event);
  return sdk.length === 0
    ? [...ruleFingerprint]
    : ruleFingerprint.flatMap((e) => (isDefaultFingerprintEntry(e) ? sdk : [e]));
}

/**
 * @param subject read lazily: a project without rules never reads it
 * @example applyFingerprintRules(rules, event, () => ruleSubject(event, tags, level), nativeSha256Hex)
 */
export function applyFingerprintRules(
  rules: readonly FingerprintRule[],
  event: SentryEvent,
  subject: () => RuleSubject,
  hashHex: (text: string) => string,
): RuleOutcome | undefined {
  if (rules.length === 0) return undefined;
  const s = subject();
  const index = rules.findIndex((r) => matches(r.match, s));
  const rule = rules[index];
  if (rule === undefined) return undefined;
  const matched: MatchedRule = { index: index + 1, text: describeRule(rule) };
  if (rule.fingerprint !== undefined) matched.fingerprint = rule.fingerprint;
  if (rule.title !== undefined) matched.title = rule.title;
  const outcome: RuleOutcome = { matched };
  if (rule.title !== undefined) outcome.title = rule.title;
  if (rule.fingerprint !== undefined) {
    outcome.fingerprint = fingerprint(
      { ...event, fingerprint: ruleEntries(rule.fingerprint, event) },
      hashHex,
    );
  }
  return outcome;
}
