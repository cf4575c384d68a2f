/**
 * The fingerprint rules editor's form (settings page): each rule as text fields, turned into the
 * rule JSON the collector takes and back. It checks nothing beyond dropping empty fields: the
 * collector's 400 names the rule and field at fault and the page shows it.
 */

import type { FingerprintRule } from './fingerprint-rule-types.js';

/** One rule as the form holds it; the fingerprint is one entry per line. */
export interface RuleDraft {
  type: string;
  message: string;
  module: string;
  function: string;
  level: string;
  tagKey: string;
  tagValue: string;
  fingerprint: string;
  title: string;
}

export const MATCH_FIELDS = ['type', 'message', 'module', 'function', 'level'] as const;

/** @example emptyDraft().fingerprint // '{{ default }}' */
export function emptyDraft(): RuleDraft {
  return {
    type: '',
    message: '',
    module: '',
    function: '',
    level: '',
    tagKey: '',
    tagValue: '',
    fingerprint: '{{ default }}',
    title: '',
  };
}

/** @example draftFromRule({ match: { type: 'DbError' }, fingerprint: ['db'] }).type // 'DbError' */
export function draftFromRule(rule: FingerprintRule): RuleDraft {
  const tag = rule.match.tags?.[0];
  return {
    type: rule.match.type ?? '',
    message: rule.match.message ?? '',
    module: rule.match.module ?? '',
    function: rule.match.function ?? '',
    level: rule.match.level ?? '',
    tagKey: tag?.key ?? '',
    tagValue: tag?.value ?? '',
    fingerprint: (rule.fingerprint ?? []).join('\n'),
    title: rule.title ?? '',
  };
}

/** @example ruleFromDraft({ ...emptyDraft(), type: 'DbError', fingerprint: 'db' }) // { match: { type: 'DbError' }, fingerprint: ['db'] } */
export function ruleFromDraft(d: RuleDraft): FingerprintRule {
  const match: FingerprintRule['match'] = {};
  for (const f of MATCH_FIELDS) if (d[f].trim() !== '') match[f] = d[f].trim();
  // A tag half filled in is sent as typed, so the collector names the missing half.
  if (d.tagKey.trim() !== '' || d.tagValue.trim() !== '')
    match.tags = [{ key: d.tagKey.trim(), value: d.tagValue.trim() }];
  const rule: FingerprintRule = { match };
  const parts = d.fingerprint
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length > 0) rule.fingerprint = parts;
  if (d.title.trim() !== '') rule.title = d.title.trim();
  return rule;
}

/**
 * The list with item `i` moved by `delta` places (clamped at the ends).
 * @example moved(['a', 'b', 'c'], 2, -1) // ['a', 'c', 'b']
 */
export function moved<T>(list: readonly T[], i: number, delta: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, i + delta));
  const out = [...list];
  const [item] = out.splice(i, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}
