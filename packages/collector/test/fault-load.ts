/**
 * A valid stream of traffic for the store-fault tests: ingest senders posting one event each,
 * one after another, and read-API readers listing issues, every answer recorded with its time,
 * status, Retry-After and latency, and the ids of the events answered 200 (acknowledged); and
 * what each of those tests reads and checks in that record.
 */

import assert from 'node:assert/strict';
import type { Store } from '../src/index.js';
import { newEventId } from './digest-fixtures.js';

/** No request in these tests may take this long; one that does is recorded as status 0. */
const REQUEST_CAP_MS = 60_000;
/** A refused sender waits this long before the next event (it does not honour Retry-After: the
 * tests want to see every answer the collector gives while the store is down). */
const REFUSED_PAUSE_MS = 50;
/** Readers poll this often. */
const READ_INTERVAL_MS = 50;

export interface Outcome {
  kind: 'ingest' | 'read';
  /** Date.now() when the request started. */
  at: number;
  ms: number;
  /** HTTP status, or 0 when the request failed below HTTP or passed REQUEST_CAP_MS. */
  status: number;
  retryAfter: string | null;
}

function envelope(eventId: string): string {
  const event = {
    event_id: eventId,
    platform: 'node',
    level: 'error',
    exception: { values: [{ type: 'Error', value: `store fault ${eventId.slice(0, 4)}` }] },
  };
  return `${JSON.stringify({ event_id: eventId })}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify(event)}\n`;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FaultLoad {
  outcomes: Outcome[];
  /** Event ids answered 200 with their own id. */
  acked: string[];
  stop(): Promise<void>;
}

/**
 * @example const load = startFaultLoad({ base: collector.url, publicKey, token, senders: 4, readers: 1 });
 */
export function startFaultLoad(options: {
  base: string;
  publicKey: string;
  token: string;
  senders: number;
  readers: number;
}): FaultLoad {
  const outcomes: Outcome[] = [];
  const acked: string[] = [];
  let running = true;
  const timed = async (kind: Outcome['kind'], request: () => Promise<Response>): Promise<Response | null> => {
    const at = Date.now();
    const started = performance.now();
    try {
      const res = await request();
      await res.clone().arrayBuffer();
      outcomes.push({
        kind,
        at,
        ms: performance.now() - started,
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
      });
      return res;
    } catch {
      outcomes.push({ kind, at, ms: performance.now() - started, status: 0, retryAfter: null });
      return null;
    }
  };
  const ingestUrl = `${options.base}/api/1/envelope/?sentry_key=${options.publicKey}`;
  const send = async () => {
    while (running) {
      const id = newEventId();
      const res = await timed('ingest', () =>
        fetch(ingestUrl, {
          method: 'POST',
          body: envelope(id),
          signal: AbortSignal.timeout(REQUEST_CAP_MS),
        }),
      );
      if (res?.status === 200 && ((await res.json()) as { id?: string }).id === id) acked.push(id);
      else await pause(REFUSED_PAUSE_MS);
    }
  };
  const read = async () => {
    while (running) {
      await timed('read', () =>
        fetch(`${options.base}/api/v1/projects/1/issues?limit=5`, {
          headers: { authorization: `Bearer ${options.token}` },
          signal: AbortSignal.timeout(REQUEST_CAP_MS),
        }),
      );
      await pause(READ_INTERVAL_MS);
    }
  };
  const loops = [
    ...Array.from({ length: options.senders }, send),
    ...Array.from({ length: options.readers }, read),
  ];
  return {
    outcomes,
    acked,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Status → count, for assertion messages. */
export function statusCounts(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[`${o.kind} ${o.status}`] = (counts[`${o.kind} ${o.status}`] ?? 0) + 1;
  return counts;
}

/** Answers that are neither a success nor a refusal carrying Retry-After (500s, hangs, 503s
 * without Retry-After). A 429 (the write queue's overload answer) with Retry-After is a refusal. */
function badAnswers(outcomes: readonly Outcome[]): Outcome[] {
  return outcomes.filter(
    (o) => !(o.status === 200 || ((o.status === 503 || o.status === 429) && Number(o.retryAfter) > 0)),
  );
}

/** Asserts that every answer was 200, or 503/429 with Retry-After (the first five others shown). */
export function assertNoBadAnswers(outcomes: readonly Outcome[]): void {
  assert.deepEqual(
    badAnswers(outcomes).slice(0, 5),
    [],
    `every answer is 200, or 503/429 with Retry-After: ${JSON.stringify(statusCounts(outcomes))}`,
  );
}

/** Asserts that more than 20 events were acknowledged and that every one of them is in `store`. */
export async function assertAcknowledgedStored(load: FaultLoad, store: Store): Promise<void> {
  const { acked } = load;
  assert.ok(acked.length > 20, `events were acknowledged (${acked.length})`);
  const missing: string[] = [];
  for (const id of acked) if (!(await store.getEvent(id))) missing.push(id);
  assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged events are missing`);
}

/** The slowest answer of those started in [from, to). */
export function slowest(
  outcomes: readonly { at: number; ms: number }[],
  from = 0,
  to = Number.POSITIVE_INFINITY,
): number {
  let max = 0;
  for (const o of outcomes) if (o.at >= from && o.at < to) max = Math.max(max, o.ms);
  return max;
}

/** Resolves once a request of `kind` started after `since` was answered 200 (the ms from `since`
 * to that answer); rejects after `ms`. */
export async function waitForSuccess(
  load: FaultLoad,
  kind: Outcome['kind'],
  since: number,
  ms: number,
): Promise<number> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = load.outcomes.find((o) => o.kind === kind && o.at >= since && o.status === 200);
    if (ok) return ok.at + ok.ms - since;
    await pause(50);
  }
  throw new Error(
    `no ${kind} request succeeded within ${ms} ms: ${JSON.stringify(statusCounts(load.outcomes))}`,
  );
}

/** Resolves once an ingest request, then a read, started after `since` was answered 200 (the ms
 * from `since` to each); rejects after `ms` for either. */
export async function waitForRecovery(
  load: FaultLoad,
  since: number,
  ms: number,
): Promise<{ ingest: number; read: number }> {
  const ingest = await waitForSuccess(load, 'ingest', since, ms);
  const read = await waitForSuccess(load, 'read', since, ms);
  return { ingest, read };
}
