/**
 * Sampled occurrences as the incident lookup reads them (issue 18 §1): those a request id names,
 * each with the event it is like and how many occurrences share that event ("N like this, first
 * at …"). Every read binds project_id first, the leading column of the table's keys.
 */

import { MAX_STORED_REQUEST_ID_LENGTH } from '../../limits.js';
import type { EventId, ProjectId } from '../ids.js';
import type { IncidentQuery } from '../queries.js';
import type { EventSummary, SampledMatch, SampledMatches } from '../records.js';
import type { SqlContext } from './executor.js';
import { pageSize } from './page.js';
import { EVENT_COLUMNS, type Row, toEventSummary } from './rows.js';

const SHARING =
  'FROM sampled_occurrences c WHERE c.project_id = s.project_id AND c.like_event_id = s.like_event_id';

/** The sampled-occurrence reads of a SQL store. */
export function sampledSql(ctx: SqlContext) {
  const likeEvent = async (projectId: ProjectId, eventId: EventId): Promise<EventSummary | undefined> => {
    const row = await ctx.read.get<Row>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE project_id = ? AND event_id = ? ORDER BY timestamp DESC LIMIT 1`,
      [projectId, eventId],
    );
    return row === undefined ? undefined : toEventSummary(row);
  };
  return {
    async findSampled(query: IncidentQuery): Promise<SampledMatches> {
      const wanted = query.id.trim();
      if (wanted === '' || wanted.length > MAX_STORED_REQUEST_ID_LENGTH)
        return { occurrences: [], more: false };
      const limit = pageSize(query.limit);
      const [scope, params] =
        query.projectId === undefined
          ? ['s.project_id IN (SELECT id FROM projects)', [wanted]]
          : ['s.project_id = ?', [query.projectId, wanted]];
      const rows = await ctx.read.all<Row>(
        'SELECT s.project_id, s.request_id, s.trace_id, s.method, s.route, s.status, s.timestamp, s.received_at, ' +
          `s.like_event_id, (SELECT COUNT(*) ${SHARING}) AS like_count, (SELECT MIN(c.timestamp) ${SHARING}) AS like_first ` +
          `FROM sampled_occurrences s WHERE ${scope} AND s.request_id = ? ORDER BY s.id LIMIT ?`,
        [...params, limit + 1],
      );
      const occurrences: SampledMatch[] = await Promise.all(
        rows.slice(0, limit).map(async (r) => {
          const projectId = Number(r.project_id) as ProjectId;
          const likeEventId = String(r.like_event_id) as EventId;
          return {
            projectId,
            requestId: String(r.request_id),
            traceId: r.trace_id === null ? null : String(r.trace_id),
            method: String(r.method),
            route: r.route === null ? null : String(r.route),
            status: Number(r.status),
            timestamp: Number(r.timestamp),
            receivedAt: Number(r.received_at),
            likeEventId,
            like: await likeEvent(projectId, likeEventId),
            likeCount: Number(r.like_count),
            likeFirstAt: Number(r.like_first),
          };
        }),
      );
      return { occurrences, more: rows.length > limit };
    },
  };
}
