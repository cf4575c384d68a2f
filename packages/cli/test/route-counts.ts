/** Per-route counts sent to a collector the way the middleware sends them: a real `faultline_rates` envelope. */

import assert from 'node:assert/strict';
import {
  envelopeEndpoint,
  MINUTE_MS,
  parseDsn,
  type RouteRatesItem,
  serializeEnvelope,
} from '@faultline/core';

/**
 * `release`'s counts on GET /a for the last `minutes` minutes: `requests` a minute, `errors` of them 5xx.
 * @example await sendRouteCounts(collector.dsn, 'shop@2', 300, 15)
 */
export async function sendRouteCounts(
  dsnText: string,
  release: string,
  requests: number,
  errors: number,
  minutes = 10,
): Promise<void> {
  const now = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
  const item: RouteRatesItem = {
    release,
    environment: 'production',
    buckets: Array.from({ length: minutes }, (_, i) => ({
      minute: new Date(now - i * MINUTE_MS).toISOString(),
      routes: [{ method: 'GET', route: '/a', requests, errors4xx: 0, errors5xx: errors, shed: 0 }],
    })),
  };
  const dsn = parseDsn(dsnText);
  const res = await fetch(`${envelopeEndpoint(dsn)}?sentry_key=${dsn.publicKey}&sentry_version=7`, {
    method: 'POST',
    body: serializeEnvelope({ header: {}, items: [{ header: { type: 'faultline_rates' }, payload: item }] }),
  });
  assert.equal(res.status, 200, await res.text());
}
