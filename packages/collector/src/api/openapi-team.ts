/**
 * Working as a team (api/team-routes.ts, api/assignee-params.ts; issue 19 §4), spread into
 * openapi.ts: assignment (Issue's `assignee`, a status update's `assignee`, the lists'
 * `assigned`), comments, the activity history and the users' emails.
 */

import { DEFAULT_TIMELINE_PAGE_SIZE, MAX_COMMENT_BYTES, MAX_TIMELINE_PAGE_SIZE } from '../limits.js';
import { nullable, ok, page, pathParam, problem, queryParam, ref, time } from './openapi-parts.js';

const TIMELINE_PARAMS = [
  queryParam('cursor'),
  queryParam(
    'limit',
    { type: 'integer', minimum: 1, maximum: MAX_TIMELINE_PAGE_SIZE },
    { description: `default ${DEFAULT_TIMELINE_PAGE_SIZE}` },
  ),
];

/** The issue lists' `assigned` filter. */
export const ASSIGNED_PARAM = queryParam(
  'assigned',
  { type: 'string' },
  {
    description:
      '`me` (the user logged in with a password; a 400 for a token, which is no user), `none`, or a user’s email (a 400 when no user has it)',
  },
);

/** Issue's `assignee`. */
export const ASSIGNEE_PROPERTY = {
  assignee: { ...nullable('string'), description: 'the email of the user it is assigned to; null: nobody' },
};

/** A status update's `assignee`. */
export const ASSIGNEE_UPDATE = {
  assignee: {
    ...nullable('string'),
    description: 'a user’s email (400 when no user has it), or null to unassign; recorded in the activity',
  },
};

export const TEAM_SCHEMAS = {
  Comment: {
    type: 'object',
    required: ['id', 'issueId', 'author', 'text', 'createdAt'],
    properties: {
      id: { type: 'integer' },
      issueId: { type: 'integer' },
      author: {
        type: 'string',
        description: 'a user’s email, `token:<name>` for an API token, `token` otherwise',
      },
      text: { type: 'string', description: 'plain text as sent (NUL as U+FFFD); never rendered as markup' },
      createdAt: time,
    },
  },
  NewComment: {
    type: 'object',
    required: ['text'],
    properties: {
      text: { type: 'string', minLength: 1, description: `at most ${MAX_COMMENT_BYTES} bytes of UTF-8` },
    },
  },
  Activity: {
    type: 'object',
    required: ['id', 'issueId', 'kind', 'actor', 'data', 'createdAt'],
    properties: {
      id: { type: 'integer' },
      issueId: { type: 'integer' },
      kind: {
        enum: [
          'first_seen',
          'status',
          'woken',
          'regression',
          'merged',
          'unmerged',
          'assigned',
          'comment',
          'comment_deleted',
          'alert',
        ],
      },
      actor: { ...nullable('string'), description: 'who did it; null for what the collector did' },
      data: {
        type: 'object',
        description:
          'first_seen `{release}`; status `{status, inRelease?, ignoreUntil?}`; woken `{reason}`; regression `{release}`; merged `{issueIds}`; unmerged `{fingerprint, issueId, from}`; assigned `{assignee}` (email or null); comment `{commentId}`; comment_deleted `{commentId, author}`; alert `{ruleId, ruleName}`',
      },
      createdAt: time,
    },
  },
};

export const TEAM_PATHS = {
  '/api/v1/issues/{issueId}/comments': {
    parameters: [pathParam('issueId')],
    get: {
      summary: 'The issue’s comments, newest first',
      parameters: TIMELINE_PARAMS,
      responses: ok(page('Comment')),
    },
    post: {
      summary: 'Comment on the issue (plain text); the author is the caller',
      requestBody: {
        content: { 'application/json': { schema: ref('NewComment') } },
      },
      responses: {
        '201': {
          description: 'Created',
          content: { 'application/json': { schema: ref('Comment') } },
        },
        '400': problem,
        '401': problem,
        '403': problem,
        '404': problem,
      },
    },
  },
  '/api/v1/issues/{issueId}/comments/{commentId}': {
    parameters: [pathParam('issueId'), pathParam('commentId')],
    delete: {
      summary: 'Delete a comment: its author, or an admin',
      responses: {
        '204': { description: 'Deleted' },
        '400': problem,
        '401': problem,
        '403': problem,
        '404': problem,
      },
    },
  },
  '/api/v1/issues/{issueId}/activity': {
    parameters: [pathParam('issueId')],
    get: {
      summary:
        'What happened to the issue, newest first: first seen, status changes, wakes, regressions, merges, assignments, comments, alerts (a merged issue’s history moves to the issue it was merged into)',
      parameters: TIMELINE_PARAMS,
      responses: ok(page('Activity')),
    },
  },
  '/api/v1/users': {
    get: {
      summary: 'The dashboard users an issue can be assigned to (emails only)',
      responses: ok({
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: { type: 'object', required: ['email'], properties: { email: { type: 'string' } } },
          },
        },
      }),
    },
  },
};
