/**
 * A project's fingerprint rules as the API takes them (PATCH /api/v1/projects/:id
 * `fingerprintRules`, and the preview): every rule checked whole, so digest can trust what it
 * applies. A wrong rule is a 400 whose detail names its path (`fingerprintRules[2].match.type`)
 * and the bound or shape it breaks; nothing is saved then.
 */

import { badRequest } from '@faultline/core';
import {
  MAX_FINGERPRINT_GLOB_CHARS,
  MAX_FINGERPRINT_RULE_CONDITIONS,
  MAX_FINGERPRINT_RULE_PART_CHARS,
  MAX_FINGERPRINT_RULE_PARTS,
  MAX_FINGERPRINT_RULE_TITLE_CHARS,
  MAX_FINGERPRINT_RULES,
} from '../limits.js';
import type { FingerprintMatcher, FingerprintRule, TagCondition } from './rule-types.js';

const GLOB_FIELDS = ['type', 'message', 'module', 'function', 'level'] as const;
const MATCH_FIELDS = new Set<string>([...GLOB_FIELDS, 'tag', 'tags']);
const RULE_FIELDS = new Set(['match', 'fingerprint', 'title']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function unknownField(o: Record<string, unknown>, known: Set<string>, path: string): void {
  const extra = Object.keys(o).find((k) => !known.has(k));
  if (extra !== undefined)
    throw badRequest(
      `${path} has no field ${JSON.stringify(extra.slice(0, 40))} (known: ${[...known].join(', ')})`,
    );
}

function boundedText(v: unknown, path: string, max: number): string {
  if (typeof v !== 'string') throw badRequest(`${path} must be a string`);
  const s = v.trim();
  if (s === '') throw badRequest(`${path} is empty`);
  if (s.length > max) throw badRequest(`${path} is longer than ${max} characters`);
  return s;
}

const glob = (v: unknown, path: string) => boundedText(v, path, MAX_FINGERPRINT_GLOB_CHARS);

function tagCondition(v: unknown, path: string): TagCondition {
  if (!isObject(v)) throw badRequest(`${path} must be an object { key, value }`);
  unknownField(v, new Set(['key', 'value']), path);
  return { key: glob(v.key, `${path}.key`), value: glob(v.value, `${path}.value`) };
}

function matcher(v: unknown, path: string): FingerprintMatcher {
  if (!isObject(v)) throw badRequest(`${path} must be an object of conditions`);
  unknownField(v, MATCH_FIELDS, path);
  const out: FingerprintMatcher = {};
  for (const f of GLOB_FIELDS) if (v[f] !== undefined) out[f] = glob(v[f], `${path}.${f}`);
  // `tag` is one condition, `tags` a list of them (Sentry writes each as `tags.KEY:"glob"`).
  const tags: TagCondition[] = [];
  if (v.tag !== undefined) tags.push(tagCondition(v.tag, `${path}.tag`));
  if (v.tags !== undefined) {
    if (!Array.isArray(v.tags)) throw badRequest(`${path}.tags must be a list of { key, value }`);
    if (v.tags.length > MAX_FINGERPRINT_RULE_CONDITIONS)
      throw badRequest(`${path} has more than ${MAX_FINGERPRINT_RULE_CONDITIONS} conditions`);
    v.tags.forEach((t, i) => {
      tags.push(tagCondition(t, `${path}.tags[${i}]`));
    });
  }
  if (tags.length > 0) out.tags = tags;
  const count = GLOB_FIELDS.filter((f) => out[f] !== undefined).length + tags.length;
  if (count === 0)
    throw badRequest(`${path} has no condition (give type, message, module, function, tag or level)`);
  if (count > MAX_FINGERPRINT_RULE_CONDITIONS)
    throw badRequest(`${path} has more than ${MAX_FINGERPRINT_RULE_CONDITIONS} conditions`);
  return out;
}

function fingerprintParts(v: unknown, path: string): string[] {
  if (!Array.isArray(v) || v.length === 0) throw badRequest(`${path} must be a non-empty list of strings`);
  if (v.length > MAX_FINGERPRINT_RULE_PARTS)
    throw badRequest(`${path} has more than ${MAX_FINGERPRINT_RULE_PARTS} entries`);
  return v.map((part, i) => boundedText(part, `${path}[${i}]`, MAX_FINGERPRINT_RULE_PART_CHARS));
}

/**
 * One rule, checked; `path` names it in errors.
 * @throws a 400 HttpError naming the field at fault
 * @example fingerprintRule({ match: { type: 'DbError*' }, fingerprint: ['db'] }, 'rules[0]')
 */
export function fingerprintRule(v: unknown, path: string): FingerprintRule {
  if (!isObject(v)) throw badRequest(`${path} must be an object { match, fingerprint, title }`);
  unknownField(v, RULE_FIELDS, path);
  const rule: FingerprintRule = { match: matcher(v.match, `${path}.match`) };
  if (v.fingerprint !== undefined) rule.fingerprint = fingerprintParts(v.fingerprint, `${path}.fingerprint`);
  if (v.title !== undefined)
    rule.title = boundedText(v.title, `${path}.title`, MAX_FINGERPRINT_RULE_TITLE_CHARS);
  if (rule.fingerprint === undefined && rule.title === undefined)
    throw badRequest(`${path} sets nothing: give a fingerprint, a title or both`);
  return rule;
}

/**
 * The whole ordered list, checked; it replaces the stored one.
 * @throws a 400 HttpError naming the rule and field at fault
 * @example fingerprintRulesParam([{ match: { type: 'TimeoutError' }, fingerprint: ['timeouts'] }], 'fingerprintRules')
 */
export function fingerprintRulesParam(v: unknown, path: string): FingerprintRule[] {
  if (!Array.isArray(v)) throw badRequest(`${path} must be a list of rules`);
  if (v.length > MAX_FINGERPRINT_RULES)
    throw badRequest(`${path} may hold at most ${MAX_FINGERPRINT_RULES} rules, not ${v.length}`);
  return v.map((rule, i) => fingerprintRule(rule, `${path}[${i}]`));
}
