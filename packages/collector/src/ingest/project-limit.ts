/**
 * The per-project events-per-minute limit (KeyInfo.rateLimitPerMinute), applied as Relay applies
 * quotas: the limited items (error events and their attachments) are taken out of the envelope;
 * if something else remains (a transaction, sessions, client reports, which are never limited
 * here) it is still committed and answered 200 with `X-Sentry-Rate-Limits`, else the answer is 429
 * (sentry-protocol.md §6.3-§6.4).
 */

import { countDrop, type IngestBatch } from '../ingest-batch.js';
import { IngestRejection } from './http-errors.js';
import { EVENT_CATEGORIES, type ProjectRateLimiter, rateLimitHeaders } from './rate-limit.js';

/**
 * Applies the limit to `batch` in place. Returns the headers to answer 200 with when events were
 * taken out, null when nothing was limited; throws a 429 when nothing is left to commit.
 * @example const headers = limitEvents(limiter, batch, key.rateLimitPerMinute, Date.now())
 */
export function limitEvents(
  limiter: ProjectRateLimiter,
  batch: IngestBatch,
  perMinute: number | null,
  now: number,
): Record<string, string> | null {
  const wait = limiter.take(batch.projectId, perMinute, batch.events.length, now);
  if (wait === 0) return null;
  const headers = rateLimitHeaders(wait, EVENT_CATEGORIES, 'project', 'rate_limited');
  const rest =
    batch.transactions.length +
    batch.sessions.length +
    batch.sessionAggregates.length +
    batch.clientReports.length;
  if (rest === 0)
    throw new IngestRejection(
      429,
      `project ${batch.projectId} is over its limit of ${perMinute} events per minute`,
      headers,
    );
  countDrop(batch, 'rate_limited', batch.events.length + batch.attachments.length);
  batch.events = [];
  batch.attachments = [];
  return headers;
}
