/** An attachment's download link and its size as people read it. */

import { ENDPOINTS, pathOf } from './endpoints.js';
import type { Attachment } from './types.js';

/**
 * The download URL of an attachment: the collector serves it as a download (never a page), and
 * the session cookie goes with a same-origin link.
 * @example attachmentHref({ eventId: 'ab', projectId: 1, id: 3 }) // '/api/v1/events/ab/attachments/3?project=1'
 */
export function attachmentHref(a: Pick<Attachment, 'eventId' | 'projectId' | 'id'>): string {
  const path = pathOf(ENDPOINTS.getAttachment.path, { eventId: a.eventId, attachmentId: a.id });
  return `${path}?project=${encodeURIComponent(String(a.projectId))}`;
}

const UNITS = ['KiB', 'MiB', 'GiB'];

/**
 * @example byteSize(512) // '512 B'; byteSize(1536) // '1.5 KiB'
 */
export function byteSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${bytes} B`;
  let n = bytes;
  let unit = 'B';
  for (const u of UNITS) {
    if (n < 1024) break;
    n /= 1024;
    unit = u;
  }
  return `${n >= 10 ? Math.round(n) : n.toFixed(1)} ${unit}`;
}
