/**
 * A project's fingerprint rules (fingerprint-rules/, set through PATCH /api/v1/projects/:id) and
 * their preview (api/fingerprint-rule-routes.ts), spread into openapi.ts.
 */

import {
  MAX_FINGERPRINT_GLOB_CHARS,
  MAX_FINGERPRINT_RULE_CONDITIONS,
  MAX_FINGERPRINT_RULE_PART_CHARS,
  MAX_FINGERPRINT_RULE_PARTS,
  MAX_FINGERPRINT_RULE_TITLE_CHARS,
  MAX_FINGERPRINT_RULES,
  MAX_RULE_PREVIEW_EVENTS,
} from '../limits.js';
import { ok, pathParam, ref } from './openapi-parts.js';

const glob = (description: string) => ({
  type: 'string',
  minLength: 1,
  maxLength: MAX_FINGERPRINT_GLOB_CHARS,
  description: `${description} (glob: \`*\` any run of characters, case-insensitive)`,
});
const tag = {
  type: 'object',
  required: ['key', 'value'],
  additionalProperties: false,
  properties: { key: glob('tag key'), value: glob('tag value') },
};
const ids = { type: 'array', items: { type: 'integer' } };

export const FINGERPRINT_RULE_SCHEMAS = {
  FingerprintRules: {
    type: 'array',
    maxItems: MAX_FINGERPRINT_RULES,
    items: ref('FingerprintRule'),
    description:
      'Ordered: the first rule whose conditions all hold sets an error event’s fingerprint and/or title at digest. Applies to events digested after the change; stored events keep their issue.',
  },
  FingerprintRule: {
    type: 'object',
    required: ['match'],
    additionalProperties: false,
    properties: {
      match: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        description: `Every given condition must hold; at most ${MAX_FINGERPRINT_RULE_CONDITIONS} (each tag counts one).`,
        properties: {
          type: glob('the type of any exception of the chain'),
          message: glob('any exception’s value, or the message'),
          module: glob('the module or file name of any in-app frame'),
          function: glob('the function of any in-app frame'),
          level: glob('the level (`error`, `warning`…)'),
          tag: { ...tag, description: 'one tag condition' },
          tags: { type: 'array', items: tag, description: 'tag conditions, each must hold' },
        },
      },
      fingerprint: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_FINGERPRINT_RULE_PARTS,
        items: { type: 'string', minLength: 1, maxLength: MAX_FINGERPRINT_RULE_PART_CHARS },
        description:
          'Hashed as an SDK `fingerprint` array is; `{{ default }}` is the fingerprint the event would get, `{{ type }}`, `{{ function }}`, `{{ module }}`, `{{ message }}`, `{{ tags.KEY }}` fill in.',
      },
      title: { type: 'string', minLength: 1, maxLength: MAX_FINGERPRINT_RULE_TITLE_CHARS },
    },
  },
  FingerprintRulesPreview: {
    type: 'object',
    required: ['eventsExamined', 'moreEvents', 'moreIssues', 'items', 'groups'],
    properties: {
      eventsExamined: {
        type: 'integer',
        description: `the project’s newest stored events read (at most ${MAX_RULE_PREVIEW_EVENTS})`,
      },
      moreEvents: { type: 'boolean', description: 'older events were left out' },
      moreIssues: { type: 'boolean', description: 'more issues are affected than listed' },
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            issueId: { type: 'integer' },
            issue: ref('Issue'),
            eventsSeen: { type: 'integer' },
            eventsMatched: { type: 'integer' },
            rule: { type: 'integer', description: '1-based position of the rule that matched most events' },
            ruleText: { type: 'string' },
            fingerprints: { type: 'array', items: { type: 'string' } },
            title: { type: ['string', 'null'] },
            splits: { type: 'boolean', description: 'its events would go to several issues' },
            together: { ...ids, description: 'issues whose events would share a fingerprint with it' },
          },
        },
      },
      groups: {
        type: 'array',
        items: {
          type: 'object',
          properties: { fingerprint: { type: 'string' }, issueIds: ids },
        },
        description: 'fingerprints several of today’s issues would share',
      },
    },
  },
};

export const FINGERPRINT_RULE_PATHS = {
  '/api/v1/projects/{projectId}/fingerprint-rules/preview': {
    parameters: [pathParam('projectId')],
    post: {
      summary: 'Which issues these fingerprint rules would regroup (nothing is saved)',
      requestBody: {
        content: {
          'application/json': {
            schema: { type: 'object', required: ['rules'], properties: { rules: ref('FingerprintRules') } },
          },
        },
      },
      responses: ok(ref('FingerprintRulesPreview')),
    },
  },
};
