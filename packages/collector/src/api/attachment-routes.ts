/**
 * An event's attachments (issue 19 §1): `GET /api/v1/events/:eventId/attachments` lists them
 * (no bytes), `GET /api/v1/events/:eventId/attachments/:attachmentId` downloads one. The event
 * is found as `GET /api/v1/events/:eventId` finds it (`?project=` or the newest with the id), so
 * its attachments are those of the event the dashboard shows.
 */

import type { RouteScope } from '@faultline/core';
import type { Params, Router } from '../http/router.js';
import type { AttachmentRecord, EventRecord, ProjectId, Store } from '../store/index.js';
import { contentDisposition, servedContentType } from './attachment-download.js';
import { found, jsonRoute } from './json-route.js';
import { positiveInt } from './query-params.js';

/** An attachment as the read API lists it. @example items.map(presentAttachment) */
export function presentAttachment(a: AttachmentRecord) {
  return {
    id: a.id,
    eventId: a.eventId,
    projectId: a.projectId,
    filename: a.filename,
    contentType: a.contentType,
    attachmentType: a.attachmentType,
    size: a.size,
    receivedAt: new Date(a.receivedAt).toISOString(),
  };
}

/**
 * Mounts the attachment routes on the read API's router (authentication is the caller's).
 * @example attachmentRoutes(router, store, optionalProject)
 */
export function attachmentRoutes(
  router: Router<RouteScope>,
  store: Store,
  projectOf: (q: URLSearchParams) => ProjectId | undefined,
): void {
  const eventOf = async (p: Params, url: URL): Promise<EventRecord> =>
    found(await store.getEvent(p.eventId ?? '', projectOf(url.searchParams)), 'event');

  router.on(
    'GET',
    '/api/v1/events/:eventId/attachments',
    'project:read',
    jsonRoute(200, async (p, url) => {
      const event = await eventOf(p, url);
      const items = await store.listAttachments(event.projectId, event.eventId);
      return { items: items.map(presentAttachment) };
    }),
  );
  router.on(
    'GET',
    '/api/v1/events/:eventId/attachments/:attachmentId',
    'project:read',
    async (_req, res, p, url) => {
      const attachmentId = positiveInt(p.attachmentId, 'attachment id');
      const event = await eventOf(p, url);
      const file = found(
        await store.getAttachment(event.projectId, event.eventId, attachmentId),
        'attachment',
      );
      if (res.headersSent || res.destroyed) return;
      res.writeHead(200, {
        'content-type': servedContentType(file.contentType),
        'content-length': file.bytes.byteLength,
        'content-disposition': contentDisposition(file.filename),
        'x-content-type-options': 'nosniff',
        // A text attachment opened in a tab still runs nothing and loads nothing.
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'no-store',
      });
      res.end(file.bytes);
    },
  );
}
