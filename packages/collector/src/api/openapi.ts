/**
 * The OpenAPI 3.1 description of the read API, served at /api/v1/openapi.json. The
 * dashboard's client is checked against it (issue 7); keep it in step with routes.ts.
 */

import { MAX_INCIDENT_MATCHES } from '../limits.js';
import { ALERT_PATHS, ALERT_SCHEMAS } from './openapi-alerts.js';
import { ATTACHMENT_PATHS, ATTACHMENT_SCHEMAS } from './openapi-attachments.js';
import { FILTER_PATHS, FILTER_SCHEMAS } from './openapi-filters.js';
import { FINGERPRINT_RULE_PATHS, FINGERPRINT_RULE_SCHEMAS } from './openapi-fingerprint-rules.js';
import { GATE_PATHS, GATE_SCHEMAS } from './openapi-gate.js';
import { ISSUE_DETAIL_PATHS, ISSUE_DETAIL_SCHEMAS } from './openapi-issue-detail.js';
import { MERGE_PATHS, MERGE_SCHEMAS } from './openapi-merge.js';
import { list, nullable, ok, page, pathParam, queryParam, ref, time } from './openapi-parts.js';
import { SAMPLED_SCHEMAS } from './openapi-sampled.js';
import { SILENCE_PATHS, SILENCE_SCHEMAS } from './openapi-silences.js';
import { DELETE_ISSUE, SNOOZE_ISSUE_PROPERTIES, SNOOZE_SCHEMAS } from './openapi-snooze.js';
import {
  ASSIGNED_PARAM,
  ASSIGNEE_PROPERTY,
  ASSIGNEE_UPDATE,
  TEAM_PATHS,
  TEAM_SCHEMAS,
} from './openapi-team.js';
import { TOKEN_PATHS, TOKEN_SCHEMAS } from './openapi-tokens.js';

/** The filters, sort and page of an issue list (one project's, or across projects). */
const ISSUE_LIST_PARAMS = [
  queryParam('status', { enum: ['unresolved', 'resolved', 'resolved_in_next_release', 'ignored'] }),
  ASSIGNED_PARAM,
  queryParam('release'),
  queryParam('environment'),
  queryParam('query', { type: 'string' }, { description: 'text in title or culprit' }),
  queryParam('tag', { type: 'array', items: { type: 'string' } }, { description: 'key:value, repeatable' }),
  queryParam('sort', { enum: ['lastSeen', 'firstSeen', 'count'] }),
  queryParam('cursor'),
  queryParam('limit', { type: 'integer', minimum: 1, maximum: 200 }),
  queryParam(
    'statsPeriod',
    { enum: ['24h', '14d'] },
    {
      description:
        'adds `stats` to every issue: events per UTC hour over the last 24 hours, or per UTC day over ' +
        'the last 14 days, the last bucket being the current one (exact after retention deleted ' +
        'the events). Any other value is a 400; without it there is no `stats`.',
    },
  ),
];

/** A sparkline: `[bucket start in unix seconds, events]` for every bucket, oldest first. */
const statsPoints = (description: string) => ({
  type: 'array',
  description,
  items: {
    type: 'array',
    prefixItems: [
      { type: 'integer', description: 'bucket start, unix seconds' },
      { type: 'integer', minimum: 0 },
    ],
    minItems: 2,
    maxItems: 2,
  },
});

export const OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'Faultline read API', version: '1' },
  // Either scheme: scripts send a bearer token, the dashboard its session cookie (and, on
  // state changes, the X-Faultline-CSRF header).
  security: [{ bearer: [] }, { session: [] }],
  paths: {
    '/api/v1/openapi.json': {
      get: {
        summary: 'This document, each operation with the scope it needs (x-faultline-scope)',
        responses: {
          '200': { description: 'OpenAPI 3.1' },
          '401': { $ref: '#/components/responses/Problem' },
        },
      },
    },
    '/api/v1/session': {
      post: {
        summary:
          'Log in: exchange an email and password (faultline user add), the admin token or an API token for a session cookie',
        security: [],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  {
                    type: 'object',
                    required: ['email', 'password'],
                    properties: { email: { type: 'string' }, password: { type: 'string' } },
                  },
                  { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
                ],
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created; Set-Cookie carries the session (HttpOnly, SameSite=Lax)',
            content: { 'application/json': { schema: ref('Session') } },
          },
          '400': { $ref: '#/components/responses/Problem' },
          '401': { $ref: '#/components/responses/Problem' },
          '415': { $ref: '#/components/responses/Problem' },
          '429': { $ref: '#/components/responses/Problem' },
        },
      },
      get: { summary: 'The current session and its CSRF token', responses: ok(ref('Session')) },
      delete: {
        summary: 'Log out (needs X-Faultline-CSRF when authenticated by the cookie)',
        responses: {
          '204': { description: 'Logged out; the cookie is cleared' },
          '403': { $ref: '#/components/responses/Problem' },
        },
      },
    },
    '/api/v1/projects': {
      get: { summary: 'List projects', responses: ok(list('Project')) },
      post: {
        summary: 'Create a project (and its first key)',
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
            },
          },
        },
        responses: {
          '201': { description: 'Created', content: { 'application/json': { schema: ref('Project') } } },
        },
      },
    },
    '/api/v1/projects/{projectId}': {
      parameters: [pathParam('projectId')],
      get: { summary: 'One project', responses: ok(ref('Project')) },
      patch: {
        summary: 'Update allowed origins, rate limit, scrub keys, inbound filters, fingerprint rules',
        requestBody: { content: { 'application/json': { schema: ref('ProjectSettings') } } },
        responses: ok(ref('Project')),
      },
    },
    '/api/v1/projects/{projectId}/keys': {
      parameters: [pathParam('projectId')],
      get: { summary: 'Keys and DSNs', responses: ok(list('Key')) },
      post: {
        summary: 'A new key',
        responses: {
          '201': { description: 'Created', content: { 'application/json': { schema: ref('Key') } } },
        },
      },
    },
    '/api/v1/projects/{projectId}/keys/{publicKey}': {
      parameters: [pathParam('projectId'), pathParam('publicKey', { type: 'string' })],
      delete: {
        summary: 'Revoke a key: it stays listed, disabled, and ingest answers it 403',
        responses: {
          '204': { description: 'Revoked' },
          '404': { description: 'No such key in the project' },
        },
      },
    },
    '/api/v1/projects/{projectId}/issues': {
      parameters: [pathParam('projectId')],
      get: {
        summary: 'Search issues',
        parameters: ISSUE_LIST_PARAMS,
        responses: ok(page('Issue')),
      },
    },
    '/api/v1/issues': {
      get: {
        summary:
          'Search issues across every project the caller may read (a token limited to one project: that one), merged in sort order',
        parameters: ISSUE_LIST_PARAMS,
        responses: ok(page('Issue')),
      },
    },
    '/api/v1/issues/{issueId}': {
      parameters: [pathParam('issueId')],
      get: { summary: 'One issue with its latest event', responses: ok(ref('IssueWithEvent')) },
      patch: {
        summary:
          'Change the status (with `ignored`, optionally until a condition brings it back) and/or the assignee',
        requestBody: { content: { 'application/json': { schema: ref('StatusUpdate') } } },
        responses: ok(ref('Issue')),
      },
      delete: DELETE_ISSUE,
    },
    '/api/v1/events/{eventId}': {
      parameters: [pathParam('eventId', { type: 'string' })],
      get: {
        summary: 'One event',
        parameters: [
          queryParam(
            'project',
            { type: 'integer', minimum: 1 },
            {
              description:
                "the event's project: an event id is unique only within a project; without it, the newest event with this id",
            },
          ),
        ],
        responses: ok(ref('Event')),
      },
    },
    ...ATTACHMENT_PATHS,
    '/api/v1/incidents/{id}': {
      parameters: [pathParam('id', { type: 'string' })],
      get: {
        summary:
          'The events whose request id (the instance of a 500 body) or, when none has it, event id is {id}: one shown, all listed',
        description:
          "Any DSN key can send an event with any request id, so several events may match. The answer shows one (Faultline's own reporter first for request ids, then the first stored) and lists every match with its project and SDK in `matches`; `ambiguous` is true when there is more than one. `project` narrows the lookup to one project. A request id no event carries may name sampled occurrences of an error storm: then the answer is a SampledIncident (`matchedBy: sampled`), each with the full event it is like and how many share it.",
        parameters: [queryParam('project', { type: 'integer', minimum: 1 })],
        responses: ok({ oneOf: [ref('Incident'), ref('SampledIncident')] }),
      },
    },
    '/api/v1/projects/{projectId}/releases': {
      parameters: [pathParam('projectId')],
      get: {
        summary: 'Releases of a project with their health, newest first',
        responses: ok(list('Release')),
      },
    },
    '/api/v1/projects/{projectId}/releases/{version}': {
      parameters: [pathParam('projectId'), pathParam('version', { type: 'string' })],
      get: {
        summary: 'One release: what release tools said of it (sentry-cli), its deploys and its health',
        responses: ok(ref('ReleaseDetail')),
      },
    },
    '/api/v1/releases': {
      get: {
        summary: 'Releases (of one project, or all) with requests, 5xx rate, new and regressed issues',
        parameters: [queryParam('project', { type: 'integer', minimum: 1 })],
        responses: ok(list('Release')),
      },
    },
    '/api/v1/rates': {
      get: {
        summary: 'Requests, 5xx and 5xx rate per route or per release, in time buckets; worst first',
        parameters: [
          queryParam('by', { type: 'string', enum: ['route', 'release'] }),
          queryParam(
            'since',
            { type: 'string' },
            { description: 'ISO date, epoch ms or a duration like 24h (default 24h)' },
          ),
          queryParam('until', { type: 'string' }),
          queryParam('project', { type: 'integer', minimum: 1 }),
          queryParam('environment'),
          queryParam('release'),
        ],
        responses: ok(ref('Rates')),
      },
    },
    '/api/v1/traces/{traceId}': {
      parameters: [pathParam('traceId', { type: 'string', pattern: '^[0-9a-f]{32}$' })],
      get: {
        summary: 'The services of a trace as a tree, with the origin of the cascade',
        responses: ok(ref('Trace')),
      },
    },
    ...ALERT_PATHS,
    ...SILENCE_PATHS,
    ...GATE_PATHS,
    ...ISSUE_DETAIL_PATHS,
    ...MERGE_PATHS,
    ...TOKEN_PATHS,
    ...FILTER_PATHS,
    ...FINGERPRINT_RULE_PATHS,
    ...TEAM_PATHS,
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: 'faultline_session' },
    },
    responses: {
      Problem: {
        description: 'RFC 9457 problem',
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
    },
    schemas: {
      Session: {
        type: 'object',
        required: ['csrfToken', 'expiresAt', 'user', 'scopes', 'projectId'],
        properties: {
          csrfToken: { type: 'string' },
          expiresAt: time,
          user: nullable('string'),
          scopes: {
            type: 'array',
            items: { type: 'string' },
            description: "a token login's token's; else admin",
          },
          projectId: nullable('integer'),
        },
      },
      ...TOKEN_SCHEMAS,
      ...FILTER_SCHEMAS,
      ...FINGERPRINT_RULE_SCHEMAS,
      ...TEAM_SCHEMAS,
      ...SAMPLED_SCHEMAS,
      ...SNOOZE_SCHEMAS,
      ...ISSUE_DETAIL_SCHEMAS,
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'code'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          code: {
            type: 'string',
            description:
              'stable; see docs/errors.md (FL_API_…, FL_STORE_UNAVAILABLE, FL_ALERT_RULE, FL_OUTBOUND_REFUSED)',
          },
          retryAfter: { type: 'integer', description: 'seconds, as in the Retry-After header' },
          retryable: { type: 'boolean' },
          field: {
            type: 'string',
            description:
              'FL_ALERT_RULE and FL_OUTBOUND_REFUSED: the path of the wrong field (`channels[1].url`)',
          },
        },
      },
      ProjectSettings: {
        type: 'object',
        properties: {
          allowedOrigins: { type: 'array', items: { type: 'string' } },
          rateLimitPerMinute: nullable('integer'),
          scrubKeys: { type: 'array', items: { type: 'string' } },
          inboundFilters: ref('InboundFilters'),
          fingerprintRules: ref('FingerprintRules'),
        },
      },
      Project: {
        allOf: [
          ref('ProjectSettings'),
          {
            type: 'object',
            properties: { id: { type: 'integer' }, name: { type: 'string' }, createdAt: time },
          },
        ],
      },
      Key: {
        type: 'object',
        properties: {
          publicKey: { type: 'string' },
          projectId: { type: 'integer' },
          enabled: { type: 'boolean' },
          createdAt: time,
          dsn: { type: 'string' },
        },
      },
      Issue: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          projectId: { type: 'integer' },
          fingerprint: { type: 'string' },
          title: { type: 'string' },
          culprit: { type: 'string' },
          level: { type: 'string' },
          status: { type: 'string', description: '`merged` only for a tombstone a merge left' },
          mergedInto: {
            type: ['integer', 'null'],
            description: 'the issue this one was merged into (its events and counts are there)',
          },
          regressed: { type: 'boolean' },
          firstSeen: time,
          lastSeen: time,
          count: { type: 'integer' },
          usersAffected: { type: 'integer' },
          releases: { type: 'array', items: { type: 'string' } },
          environments: { type: 'array', items: { type: 'string' } },
          ...SNOOZE_ISSUE_PROPERTIES,
          ...ASSIGNEE_PROPERTY,
          stats: {
            type: 'object',
            description: 'Only in the issue list, with `statsPeriod`: one key, the period asked for',
            properties: {
              '24h': statsPoints('24 buckets: UTC hours, the last one the current hour'),
              '14d': statsPoints('14 buckets: UTC days, the last one today'),
            },
          },
        },
      },
      IssueWithEvent: {
        allOf: [
          ref('Issue'),
          { type: 'object', properties: { latestEvent: { oneOf: [ref('Event'), { type: 'null' }] } } },
        ],
      },
      StatusUpdate: {
        type: 'object',
        description: 'status, assignee or both',
        properties: {
          ...ASSIGNEE_UPDATE,
          status: { enum: ['unresolved', 'resolved', 'resolved_in_next_release', 'ignored'] },
          inRelease: { type: 'string' },
          ignoreUntil: { oneOf: [ref('IgnoreUntil'), { type: 'null' }], description: 'only with `ignored`' },
        },
      },
      EventSummary: {
        type: 'object',
        properties: {
          projectId: { type: 'integer' },
          eventId: { type: 'string' },
          issueId: { type: 'integer' },
          timestamp: time,
          receivedAt: time,
          level: { type: 'string' },
          title: { type: 'string' },
          release: nullable('string'),
          environment: { type: 'string' },
          requestId: nullable('string'),
          traceId: nullable('string'),
          spanId: nullable('string'),
          parentSpanId: nullable('string'),
          service: nullable('string'),
          transaction: nullable('string'),
        },
      },
      Event: {
        allOf: [
          ref('EventSummary'),
          {
            type: 'object',
            properties: { payload: { type: 'object', description: 'the Sentry event, scrubbed' } },
          },
        ],
      },
      ...ATTACHMENT_SCHEMAS,
      Incident: {
        allOf: [
          ref('Event'),
          {
            type: 'object',
            required: ['matchedBy', 'ambiguous', 'matchCount', 'moreMatches', 'matches'],
            properties: {
              matchedBy: { enum: ['requestId', 'eventId'] },
              ambiguous: {
                type: 'boolean',
                description: 'more than one event matched: check `matches`, or narrow with `project`',
              },
              matchCount: { type: 'integer', minimum: 1, description: 'the length of `matches`' },
              moreMatches: {
                type: 'boolean',
                description: `more events matched than are listed (${MAX_INCIDENT_MATCHES} at most)`,
              },
              matches: {
                type: 'array',
                description: 'every match, the shown event first',
                items: ref('IncidentMatch'),
              },
            },
          },
        ],
      },
      IncidentMatch: {
        type: 'object',
        required: ['projectId', 'projectName', 'eventId', 'issueId', 'sdk', 'links'],
        properties: {
          projectId: { type: 'integer' },
          projectName: nullable('string'),
          eventId: { type: 'string' },
          issueId: { type: 'integer' },
          requestId: nullable('string'),
          title: { type: 'string' },
          sdk: {
            type: ['object', 'null'],
            description: "the sender's claimed SDK (`faultline.server` for Faultline's reporter)",
            properties: { name: { type: 'string' }, version: nullable('string') },
          },
          timestamp: time,
          receivedAt: time,
          links: {
            type: 'object',
            properties: { self: { type: 'string' }, issue: { type: 'string' } },
          },
        },
      },
      Release: {
        type: 'object',
        properties: {
          projectId: { type: 'integer' },
          version: { type: 'string' },
          firstSeen: time,
          lastSeen: {
            ...time,
            description:
              "the last event's arrival or the start of the last counted request's minute; never in the future",
          },
          eventCount: { type: 'integer' },
          requests: { type: 'integer' },
          errors5xx: { type: 'integer' },
          rate5xx: { type: 'number' },
          newIssues: { type: 'integer' },
          regressedIssues: { type: 'integer' },
          sessions: { type: 'integer', description: 'sessions the SDKs counted for the release' },
          crashedSessions: { type: 'integer' },
          erroredSessions: { type: 'integer' },
          abnormalSessions: { type: 'integer' },
          crashFreeSessions: {
            type: ['number', 'null'],
            description: '1 − crashed ÷ sessions (Sentry’s crash-free sessions); null without sessions',
          },
        },
      },
      ReleaseDetail: {
        type: 'object',
        required: ['projectId', 'version', 'status', 'commits', 'refs', 'deploys'],
        properties: {
          projectId: { type: 'integer' },
          version: { type: 'string' },
          dateCreated: time,
          dateReleased: {
            ...time,
            type: ['string', 'null'],
            description: 'set by `sentry-cli releases finalize`',
          },
          url: nullable('string'),
          status: { type: 'string', enum: ['open', 'archived'] },
          commits: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                repository: nullable('string'),
                message: nullable('string'),
                authorName: nullable('string'),
                authorEmail: nullable('string'),
                timestamp: nullable('string'),
              },
            },
          },
          refs: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                repository: { type: 'string' },
                commit: { type: 'string' },
                previousCommit: nullable('string'),
              },
            },
          },
          deploys: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                environment: { type: 'string' },
                name: nullable('string'),
                url: nullable('string'),
                dateStarted: { ...time, type: ['string', 'null'] },
                dateFinished: time,
              },
            },
          },
          health: {
            oneOf: [ref('Release'), { type: 'null' }],
            description: 'null before its first event or counted request',
          },
        },
      },
      Rates: {
        type: 'object',
        required: ['by', 'since', 'until', 'bucketSeconds', 'series'],
        properties: {
          by: { type: 'string', enum: ['route', 'release'] },
          since: time,
          until: time,
          bucketSeconds: { type: 'integer' },
          series: { type: 'array', items: ref('RateSeries') },
        },
      },
      RateSeries: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          requests: { type: 'integer' },
          errors4xx: { type: 'integer' },
          errors5xx: { type: 'integer' },
          shed: { type: 'integer' },
          rate5xx: { type: 'number' },
          points: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                time,
                requests: { type: 'integer' },
                errors5xx: { type: 'integer' },
                rate5xx: { type: 'number' },
              },
            },
          },
        },
      },
      TraceNode: {
        type: 'object',
        properties: {
          spanId: { type: 'string' },
          parentSpanId: nullable('string'),
          service: nullable('string'),
          failing: { type: 'boolean' },
          origin: { type: 'boolean' },
          events: { type: 'array', items: { type: 'object' } },
          transaction: { type: ['object', 'null'] },
          children: { type: 'array', items: ref('TraceNode') },
        },
      },
      Trace: {
        type: 'object',
        properties: {
          traceId: { type: 'string' },
          origin: {
            type: ['object', 'null'],
            properties: {
              spanId: { type: 'string' },
              service: nullable('string'),
              category: nullable('string'),
              status: nullable('integer'),
              eventId: nullable('string'),
              title: nullable('string'),
            },
          },
          roots: { type: 'array', items: ref('TraceNode') },
          events: { type: 'array', items: ref('EventSummary') },
          transactions: { type: 'array', items: { type: 'object' } },
        },
      },
      ...ALERT_SCHEMAS,
      ...SILENCE_SCHEMAS,
      ...GATE_SCHEMAS,
      ...MERGE_SCHEMAS,
    },
  },
} as const;
