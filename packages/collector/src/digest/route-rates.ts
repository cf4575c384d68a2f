/**
 * Per-route request counts (`faultline_rates` items, already checked by ingest) become
 * per-minute counters keyed by (project, minute, release, environment, service, method,
 * route). The minute is the sender's, truncated to the minute, like session buckets.
 */

import type { IngestBatch } from '../ingest-batch.js';
import { asProjectId } from '../store/ids.js';
import { DigestContext } from './digest-context.js';
import { DEFAULT_ENVIRONMENT } from './normalize-event.js';
import { minuteOf, toMillis } from './timestamp.js';

/**
 * @example digestRouteRates(ctx, batch)
 */
export function digestRouteRates(ctx: DigestContext, batch: IngestBatch): void {
  const projectId = asProjectId(batch.projectId);
  for (const item of batch.routeRates) {
    const release = item.release ?? '';
    const environment = item.environment ?? DEFAULT_ENVIRONMENT;
    const service = item.service ?? '';
    for (const bucket of item.buckets) {
      const minute = minuteOf(toMillis(bucket.minute, batch.receivedAt));
      for (const r of bucket.routes) {
        const route = r.route ?? '';
        ctx.routeCounts.add(
          DigestContext.key(projectId, minute, release, environment, service, r.method, route),
          {
            projectId,
            minute,
            release,
            environment,
            service,
            method: r.method,
            route,
            requests: r.requests,
            errors4xx: r.errors4xx,
            errors5xx: r.errors5xx,
            shed: r.shed,
            // An older sender's shed requests are its only known overload 5xx.
            dependency5xx: r.dependency5xx ?? 0,
            overload5xx: r.overload5xx ?? r.shed,
          },
        );
      }
    }
  }
}
