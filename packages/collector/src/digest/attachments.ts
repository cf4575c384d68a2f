/**
 * Attachments are stored up to MAX_STORED_ATTACHMENT_BYTES, else dropped and counted
 * (issue 4 §1) as collector discards with reason `attachment_too_large`.
 */

import type { IngestBatch } from '../ingest-batch.js';
import { MAX_NAME_LENGTH, MAX_STORED_ATTACHMENT_BYTES } from '../limits.js';
import { asEventId, asProjectId } from '../store/ids.js';
import { DigestContext } from './digest-context.js';
import { minuteOf } from './timestamp.js';

export const ATTACHMENT_TOO_LARGE = 'attachment_too_large';

/**
 * @example await digestAttachments(ctx, batch)
 */
export async function digestAttachments(ctx: DigestContext, batch: IngestBatch): Promise<void> {
  const projectId = asProjectId(batch.projectId);
  for (const a of batch.attachments) {
    if (a.bytes.byteLength > MAX_STORED_ATTACHMENT_BYTES) {
      const minute = minuteOf(batch.receivedAt);
      ctx.discards.add(
        DigestContext.key(projectId, minute, 'collector', ATTACHMENT_TOO_LARGE, 'attachment'),
        {
          projectId,
          minute,
          source: 'collector',
          reason: ATTACHMENT_TOO_LARGE,
          category: 'attachment',
          quantity: 1,
        },
      );
      continue;
    }
    await ctx.tx.insertAttachment({
      projectId,
      eventId: asEventId(a.eventId),
      filename: (a.filename || 'attachment').slice(0, MAX_NAME_LENGTH),
      contentType: (a.contentType || 'application/octet-stream').slice(0, MAX_NAME_LENGTH),
      attachmentType: (a.attachmentType || 'event.attachment').slice(0, MAX_NAME_LENGTH),
      bytes: a.bytes,
      receivedAt: batch.receivedAt,
    });
  }
}
