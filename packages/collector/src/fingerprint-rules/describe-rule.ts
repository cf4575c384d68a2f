/** A rule in one line of words, Sentry's rule syntax in spirit: `type:"Db*" tags.region:"eu" -> db`. */

import type { FingerprintRule } from './rule-types.js';

const quoted = (s: string) => JSON.stringify(s);

/**
 * @example describeRule({ match: { type: 'DbError' }, fingerprint: ['db'] }) // 'type:"DbError" -> "db"'
 */
export function describeRule(rule: FingerprintRule): string {
  const m = rule.match;
  const conditions = [
    m.type === undefined ? '' : `type:${quoted(m.type)}`,
    m.message === undefined ? '' : `message:${quoted(m.message)}`,
    m.module === undefined ? '' : `module:${quoted(m.module)}`,
    m.function === undefined ? '' : `function:${quoted(m.function)}`,
    ...(m.tags ?? []).map((t) => `tags.${t.key}:${quoted(t.value)}`),
    m.level === undefined ? '' : `level:${quoted(m.level)}`,
  ].filter((c) => c !== '');
  const actions = [
    rule.fingerprint === undefined ? '' : rule.fingerprint.map(quoted).join(', '),
    rule.title === undefined ? '' : `title=${quoted(rule.title)}`,
  ].filter((a) => a !== '');
  return `${conditions.join(' ')} -> ${actions.join(' ')}`;
}
