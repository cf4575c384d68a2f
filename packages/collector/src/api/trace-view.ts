/**
 * GET /api/v1/traces/<trace_id>: the stored events and transactions of a trace, read into
 * what the tree needs (the category and status tags Faultline's server sets, the attempt
 * spans of failed downstream calls), then built into the tree with its origin.
 */

import { downstreamSpansOf, type SentryEvent } from '@faultline/core';
import { MAX_DOWNSTREAM_SPANS } from '../limits.js';
import type { EventSummary, Store, TransactionRecord } from '../store/index.js';
import { presentEventSummary } from './present.js';
import {
  buildTraceTree,
  type TraceEventInfo,
  type TraceNode,
  type TraceTransactionInfo,
} from './trace-tree.js';

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function tag(event: SentryEvent, name: string): string | undefined {
  const tags = event.tags as unknown;
  if (Array.isArray(tags)) {
    for (const t of tags) if (Array.isArray(t) && t[0] === name && typeof t[1] === 'string') return t[1];
    return undefined;
  }
  const v = record(tags)?.[name];
  return typeof v === 'string' ? v : undefined;
}

function statusOf(event: SentryEvent): number | null {
  const fromTag = Number(tag(event, 'status'));
  if (Number.isInteger(fromTag) && fromTag >= 100 && fromTag <= 599) return fromTag;
  const response = record(record(event.contexts)?.response);
  const code = response?.status_code;
  return typeof code === 'number' && Number.isInteger(code) ? code : null;
}

function eventInfo(summary: EventSummary, payload: SentryEvent | undefined): TraceEventInfo {
  return {
    eventId: summary.eventId,
    issueId: summary.issueId,
    spanId: summary.spanId,
    parentSpanId: summary.parentSpanId,
    service: summary.service,
    title: summary.title,
    timestamp: summary.timestamp,
    category: payload ? (tag(payload, 'category') ?? null) : null,
    status: payload ? statusOf(payload) : null,
    downstreamSpans: payload ? downstreamSpansOf(payload, MAX_DOWNSTREAM_SPANS) : [],
  };
}

function transactionInfo(t: TransactionRecord): TraceTransactionInfo {
  const { spanId, parentSpanId, service, name, op, status, httpStatus, durationMs, timestamp } = t;
  return { spanId, parentSpanId, service, name, op, status, httpStatus, durationMs, timestamp };
}

function presentNode(node: TraceNode): unknown {
  return {
    spanId: node.spanId,
    parentSpanId: node.parentSpanId,
    service: node.service,
    failing: node.failing,
    origin: node.origin,
    events: node.events.map((e) => ({
      eventId: e.eventId,
      issueId: e.issueId,
      title: e.title,
      timestamp: new Date(e.timestamp).toISOString(),
      category: e.category,
      status: e.status,
      links: { event: `/api/v1/events/${e.eventId}`, issue: `/api/v1/issues/${e.issueId}` },
    })),
    transaction: node.transaction
      ? { ...node.transaction, timestamp: new Date(node.transaction.timestamp).toISOString() }
      : null,
    children: node.children.map(presentNode),
  };
}

/**
 * @returns undefined when the trace has nothing stored
 * @example await traceView(store, '4bf92f3577b34da6a3ce929d0e0e4736')
 */
export async function traceView(store: Store, traceId: string): Promise<unknown> {
  const trace = await store.getTrace(traceId);
  if (trace.events.length === 0 && trace.transactions.length === 0) return undefined;
  const payloads = await Promise.all(trace.events.map((e) => store.getEvent(e.eventId, e.projectId)));
  const tree = buildTraceTree(
    trace.events.map((e, i) => eventInfo(e, payloads[i]?.payload)),
    trace.transactions.map(transactionInfo),
  );
  return {
    traceId,
    origin: tree.origin,
    roots: tree.roots.map(presentNode),
    events: trace.events.map(presentEventSummary),
    transactions: trace.transactions,
  };
}
