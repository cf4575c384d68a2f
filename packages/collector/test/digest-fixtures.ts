/** Builders for digest and store tests: realistic @sentry/node-shaped events and batches. */

import { randomBytes } from 'node:crypto';
import { MINUTE_MS, type RouteRatesItem, type SentryEvent, type StackFrame } from '@faultline/core';
import type { IngestBatch, IngestEvent } from '../src/ingest-batch.js';

export const newEventId = (): string => randomBytes(16).toString('hex');
export const newTraceId = (): string => randomBytes(16).toString('hex');
export const newSpanId = (): string => randomBytes(8).toString('hex');

/** A frame as @sentry/node sends it; `root` is the deploy folder, which must not matter. */
export function frame(fn: string, file: string, lineno: number, root = '/srv/app', inApp = true): StackFrame {
  return {
    function: fn,
    filename: file,
    abs_path: `${root}/${file}`,
    module: file.replace(/\.js$/, '').replaceAll('/', '.'),
    lineno,
    colno: 7,
    in_app: inApp,
    context_line: `  throw new Error('${fn} failed');`,
  };
}

export interface BugOptions {
  type?: string;
  value?: string;
  line?: number;
  root?: string;
  fn?: string;
}

/** One error event for "the same bug": the same type, function and file. */
export function bugEvent(options: BugOptions = {}, extra: Partial<SentryEvent> = {}): SentryEvent {
  const fn = options.fn ?? 'loadUser';
  return {
    platform: 'node',
    timestamp: Date.now() / 1000,
    exception: {
      values: [
        {
          type: options.type ?? 'TypeError',
          value: options.value ?? "Cannot read properties of undefined (reading 'id')",
          mechanism: { type: 'generic', handled: false },
          stacktrace: {
            frames: [
              frame('processTicksAndRejections', 'node:internal/process/task_queues', 95, '', false),
              frame('handle', 'src/router.js', 40 + (options.line ?? 0), options.root),
              frame(fn, 'src/users.js', 12 + (options.line ?? 0), options.root),
            ],
          },
        },
      ],
    },
    ...extra,
  };
}

export function ingestEvent(event: SentryEvent, eventId = newEventId()): IngestEvent {
  return { eventId, event: { ...event, event_id: eventId } };
}

/** A batch for `projectId` received at `receivedAt`; events get fresh ids unless given. */
export function batch(
  projectId: number,
  events: (SentryEvent | IngestEvent)[],
  extra: Partial<IngestBatch> = {},
): IngestBatch {
  return {
    projectId,
    receivedAt: Date.now(),
    events: events.map((e) =>
      'eventId' in e && 'event' in e ? (e as IngestEvent) : ingestEvent(e as SentryEvent),
    ),
    transactions: [],
    sessions: [],
    sessionAggregates: [],
    clientReports: [],
    routeRates: [],
    sampled: [],
    attachments: [],
    dropped: {},
    ...extra,
  };
}

/** The start of the minute `ms` falls in: route counts are kept per minute. */
export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/**
 * One minute of `requests` to GET /a, one of them a 5xx, as the reporter sends route counts.
 * @example batch(projectId, [], { routeRates: [routeRatesItem({ release: 'api@1' }, minuteOf(Date.now()), 5)] })
 */
export function routeRatesItem(
  labels: { release: string; environment?: string },
  minute: number,
  requests: number,
): RouteRatesItem {
  return {
    ...labels,
    buckets: [
      {
        minute: new Date(minute).toISOString(),
        routes: [{ method: 'GET', route: '/a', requests, errors4xx: 0, errors5xx: 1, shed: 0 }],
      },
    ],
  };
}
