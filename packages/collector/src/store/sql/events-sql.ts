/** Event reads: an issue's events, one event, an incident lookup, a trace (issue 4 §4). */

import { MAX_EVENT_SEARCH_SCAN, MAX_STORED_REQUEST_ID_LENGTH, MAX_TRACE_ROWS } from '../../limits.js';
import { encodeCursor } from '../cursor.js';
import { asEventId, type EventId, type ProjectId } from '../ids.js';
import type { EventQuery, IncidentQuery } from '../queries.js';
import type { EventRecord, IncidentMatches, TraceRecord } from '../records.js';
import { eventFilter } from './event-filter.js';
import { anyProjectScope } from './event-scope.js';
import type { SqlContext } from './executor.js';
import { afterCursor, pageSize, toPage } from './page.js';
import { EVENT_COLUMNS, type Row, toEvent, toEventSummary, toTransaction } from './rows.js';

const EVENT_ID = /^[0-9a-f]{32}$/;

/** The event operations of a SQL store. */
export function eventsSql(ctx: SqlContext) {
  const newest = async (where: string, params: unknown[]): Promise<EventRecord | undefined> => {
    const row = await ctx.read.get<Row>(
      `SELECT ${EVENT_COLUMNS}, payload FROM events WHERE ${where} ORDER BY timestamp DESC, id DESC LIMIT 1`,
      params,
    );
    return row === undefined ? undefined : toEvent(row);
  };
  return {
    async listEvents(query: EventQuery) {
      const limit = pageSize(query.limit);
      const filter = await eventFilter(ctx.read, query);
      if (filter === undefined) return { items: [], nextCursor: null };
      const { where, params } = filter.indexed;
      const after = afterCursor('timestamp', 'id', query.cursor);
      if (after) {
        where.push(after.sql);
        params.push(...after.params);
      }
      const position = (r: Row) => ({ value: Number(r.timestamp), id: Number(r.id) });
      const walk = `FROM events WHERE ${where.join(' AND ')} ORDER BY timestamp DESC, id DESC`;
      if (filter.scanned.where.length === 0) {
        const rows = await ctx.read.all<Row>(`SELECT id, ${EVENT_COLUMNS}, payload ${walk} LIMIT ?`, [
          ...params,
          limit + 1,
        ]);
        return toPage(rows, limit, toEvent, position);
      }
      // A filter beyond the index range reads at most `scan` events per page (the newest of the
      // range), so a rare value or text costs one bounded walk, not the every event:
      // fewer matches than a page come with the cursor of the last event read, and the next
      // page goes on from there.
      const scan = Math.max(1, Math.trunc(query.scanLimit ?? MAX_EVENT_SEARCH_SCAN));
      const rows = await ctx.read.all<Row>(
        `SELECT * FROM (SELECT id, ${EVENT_COLUMNS}, payload ${walk} LIMIT ?) events ` +
          `WHERE ${filter.scanned.where.join(' AND ')} ORDER BY timestamp DESC, id DESC LIMIT ?`,
        [...params, scan, ...filter.scanned.params, limit + 1],
      );
      if (rows.length > limit) return toPage(rows, limit, toEvent, position);
      const lastRead = await ctx.read.get<Row>(`SELECT timestamp, id ${walk} LIMIT 1 OFFSET ?`, [
        ...params,
        scan - 1,
      ]);
      return {
        items: rows.map(toEvent),
        nextCursor: lastRead === undefined ? null : encodeCursor(position(lastRead)),
      };
    },
    async getEvent(eventId: EventId | string, projectId?: ProjectId) {
      const id = asEventId(eventId);
      if (!EVENT_ID.test(id)) return undefined;
      return projectId === undefined
        ? newest(`${anyProjectScope(ctx.read.dialect)}event_id = ?`, [id])
        : newest('project_id = ? AND event_id = ?', [projectId, id]);
    },
    /**
     * The request id wins over the event id: a caller quotes the `instance`/X-Request-Id it
     * saw, and only when nothing carries that request id is it read as an event id. Ordered by
     * row id (the order of storing), which the request-id index of SQLite holds already.
     */
    async findIncidents(query: IncidentQuery): Promise<IncidentMatches> {
      const wanted = query.id.trim();
      const limit = pageSize(query.limit);
      const matching = async (column: string, value: string) => {
        const project =
          query.projectId === undefined ? anyProjectScope(ctx.read.dialect) : 'project_id = ? AND ';
        const params = query.projectId === undefined ? [value] : [query.projectId, value];
        const rows = await ctx.read.all<Row>(
          `SELECT ${EVENT_COLUMNS}, payload FROM events WHERE ${project}${column} = ? ORDER BY id LIMIT ?`,
          [...params, limit + 1],
        );
        return { events: rows.slice(0, limit).map(toEvent), more: rows.length > limit };
      };
      if (wanted === '' || wanted.length > MAX_STORED_REQUEST_ID_LENGTH)
        return { matchedBy: 'requestId', events: [], more: false };
      const byRequest = await matching('request_id', wanted);
      const eventId = asEventId(wanted);
      if (byRequest.events.length > 0 || !EVENT_ID.test(eventId))
        return { matchedBy: 'requestId', ...byRequest };
      return { matchedBy: 'eventId', ...(await matching('event_id', eventId)) };
    },
    async getTrace(traceId: string): Promise<TraceRecord> {
      const id = traceId.trim().toLowerCase();
      const events = await ctx.read.all<Row>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE ${anyProjectScope(ctx.read.dialect)}trace_id = ? ` +
          'ORDER BY timestamp, id LIMIT ?',
        [id, MAX_TRACE_ROWS],
      );
      const transactions = await ctx.read.all<Row>(
        'SELECT * FROM transactions WHERE trace_id = ? ORDER BY timestamp, id LIMIT ?',
        [id, MAX_TRACE_ROWS],
      );
      return {
        traceId: id,
        events: events.map(toEventSummary),
        transactions: transactions.map(toTransaction),
      };
    },
  };
}
