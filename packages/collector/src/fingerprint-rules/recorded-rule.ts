/** The rule a stored event records it was grouped by (normalize-event.ts, FINGERPRINT_INFO_KEY). */

import type { SentryEvent } from '@faultline/core';
import { FINGERPRINT_INFO_KEY } from '../digest/normalize-event.js';
import type { MatchedRule } from './rule-types.js';

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined;

/**
 * Read defensively: digest wrote it, but it sits in the payload JSON.
 * @example recordedRule(event.payload)?.index // 2
 */
export function recordedRule(event: SentryEvent | null): MatchedRule | null {
  const info = (event as Record<string, unknown> | null)?.[FINGERPRINT_INFO_KEY];
  const rule = (info as { matched_rule?: unknown } | undefined)?.matched_rule as
    | Record<string, unknown>
    | undefined;
  if (rule === undefined || rule === null || typeof rule !== 'object') return null;
  if (typeof rule.index !== 'number' || typeof rule.text !== 'string') return null;
  const out: MatchedRule = { index: rule.index, text: rule.text };
  const fingerprint = strings(rule.fingerprint);
  if (fingerprint !== undefined) out.fingerprint = fingerprint;
  if (typeof rule.title === 'string') out.title = rule.title;
  return out;
}
