/** Attachment reads (issue 19 §1): an event's list, and one attachment's bytes. */

import { MAX_ATTACHMENTS_LISTED } from '../../limits.js';
import type { EventId, ProjectId } from '../ids.js';
import type { AttachmentFile, AttachmentRecord } from '../records.js';
import type { SqlContext } from './executor.js';
import type { Row } from './rows.js';

// The bytes stay out of the list: an event may hold MAX_STORED_ATTACHMENTS_PER_ENVELOPE_BYTES.
const COLUMNS = 'id, project_id, event_id, filename, content_type, attachment_type, size, received_at';

function toAttachment(r: Row): AttachmentRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id) as ProjectId,
    eventId: String(r.event_id) as EventId,
    filename: String(r.filename),
    contentType: String(r.content_type),
    attachmentType: String(r.attachment_type),
    size: Number(r.size),
    receivedAt: Number(r.received_at),
  };
}

/** The attachment operations of a SQL store. @example const store = { ...eventsSql(ctx), ...attachmentsSql(ctx) } */
export function attachmentsSql(ctx: SqlContext) {
  return {
    async listAttachments(projectId: ProjectId, eventId: EventId): Promise<AttachmentRecord[]> {
      const rows = await ctx.read.all<Row>(
        `SELECT ${COLUMNS} FROM attachments WHERE project_id = ? AND event_id = ? ORDER BY id LIMIT ?`,
        [projectId, eventId, MAX_ATTACHMENTS_LISTED],
      );
      return rows.map(toAttachment);
    },
    async getAttachment(
      projectId: ProjectId,
      eventId: EventId,
      attachmentId: number,
    ): Promise<AttachmentFile | undefined> {
      const row = await ctx.read.get<Row>(
        `SELECT ${COLUMNS}, data FROM attachments WHERE id = ? AND project_id = ? AND event_id = ?`,
        [attachmentId, projectId, eventId],
      );
      return row === undefined
        ? undefined
        : { ...toAttachment(row), bytes: Buffer.from(row.data as Uint8Array) };
    },
  };
}
