/**
 * The attachment routes (api/attachment-routes.ts; issue 19 §1), spread into openapi.ts.
 */

import { MAX_ATTACHMENTS_LISTED } from '../limits.js';
import { list, ok, pathParam, problem, queryParam, time } from './openapi-parts.js';

const project = queryParam(
  'project',
  { type: 'integer', minimum: 1 },
  { description: "the event's project, as for GET /api/v1/events/{eventId}" },
);

/** @example paths: { ...ATTACHMENT_PATHS } */
export const ATTACHMENT_PATHS = {
  '/api/v1/events/{eventId}/attachments': {
    parameters: [pathParam('eventId', { type: 'string' })],
    get: {
      summary: `The attachments sent with an event, oldest first (at most ${MAX_ATTACHMENTS_LISTED}), without their bytes`,
      parameters: [project],
      responses: ok(list('Attachment')),
    },
  },
  '/api/v1/events/{eventId}/attachments/{attachmentId}': {
    parameters: [pathParam('eventId', { type: 'string' }), pathParam('attachmentId')],
    get: {
      summary: "One attachment's bytes, as a download",
      description:
        'Always `content-disposition: attachment` and `x-content-type-options: nosniff`; the content type is `text/plain` when the sender declared it, else `application/octet-stream` (the sender chose it, so it is not served as is).',
      parameters: [project],
      responses: {
        '200': {
          description: 'the bytes as stored',
          content: {
            'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
            'text/plain': { schema: { type: 'string' } },
          },
        },
        '400': problem,
        '401': problem,
        '403': problem,
        '404': problem,
      },
    },
  },
};

/** @example schemas: { ...ATTACHMENT_SCHEMAS } */
export const ATTACHMENT_SCHEMAS = {
  Attachment: {
    type: 'object',
    required: [
      'id',
      'eventId',
      'projectId',
      'filename',
      'contentType',
      'attachmentType',
      'size',
      'receivedAt',
    ],
    properties: {
      id: { type: 'integer', description: 'the {attachmentId} of its download' },
      eventId: { type: 'string' },
      projectId: { type: 'integer' },
      filename: { type: 'string' },
      contentType: { type: 'string', description: 'as the sender declared it' },
      attachmentType: { type: 'string', description: 'e.g. event.attachment' },
      size: { type: 'integer', minimum: 0, description: 'bytes' },
      receivedAt: time,
    },
  },
};
