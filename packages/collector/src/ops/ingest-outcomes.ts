/**
 * Ingest's outcomes from its diagnostics channels (house style 7): `faultline:ingest:accepted`
 * for requests answered 200 and `faultline:ingest:rejected` for refusals. The channels are the
 * process's, so the counts cover every ingest handler of the process (`faultline serve` runs one).
 */

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { type RefusalReason, refusalReason } from './refusal-reason.js';

/** What a subscriber is told of each request. */
export type IngestOutcome =
  | { outcome: 'accepted'; status: 200; reason: 'none' }
  | { outcome: 'refused'; status: number; reason: RefusalReason };

/**
 * Calls `onOutcome` for every ingest answer until the returned function is called.
 * @example const stop = watchIngestOutcomes((o) => counter.inc(o)); server.on('close', stop);
 */
export function watchIngestOutcomes(onOutcome: (outcome: IngestOutcome) => void): () => void {
  const onAccepted = () => onOutcome({ outcome: 'accepted', status: 200, reason: 'none' });
  const onRejected = (message: unknown) => {
    const { status, detail } = message as { status: number; detail: string };
    onOutcome({ outcome: 'refused', status, reason: refusalReason(status, String(detail)) });
  };
  subscribe('faultline:ingest:accepted', onAccepted);
  subscribe('faultline:ingest:rejected', onRejected);
  return () => {
    unsubscribe('faultline:ingest:accepted', onAccepted);
    unsubscribe('faultline:ingest:rejected', onRejected);
  };
}
