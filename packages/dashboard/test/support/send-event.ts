/**
 * Sends Sentry items the way an SDK does: an envelope over HTTP to the DSN's project, sent again
 * after a 429 (the collector's admission refuses while the event loop lags, which a loaded 2-core
 * machine running other suites makes happen), as an SDK honours it.
 */

import { randomBytes } from 'node:crypto';
import { type SentryEvent, serializeEnvelope } from '@faultline/core';

/** One envelope item: its type header and JSON payload. */
export interface Item {
  type: string;
  payload: Record<string, unknown>;
}

/** 429s sent again before the send fails: 10 s of a refusing collector at RETRY_429_MS. */
const MAX_429_RETRIES = 100;
const RETRY_429_MS = 100;

export async function sendItems(dsn: string, items: Item[], eventId?: string): Promise<void> {
  const url = new URL(dsn);
  const body = serializeEnvelope({
    header: { ...(eventId ? { event_id: eventId } : {}), dsn, sent_at: new Date().toISOString() },
    items: items.map((i) => ({ header: { type: i.type }, payload: i.payload })),
  });
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${url.protocol}//${url.host}/api${url.pathname}/envelope/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-sentry-envelope',
        'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${url.username}, sentry_client=faultline-test/1`,
      },
      body: new Uint8Array(body),
    });
    const text = await res.text();
    if (res.status === 429 && attempt < MAX_429_RETRIES) {
      await new Promise((resolve) => setTimeout(resolve, RETRY_429_MS));
      continue;
    }
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${text}`);
    return;
  }
}

export async function sendEvent(dsn: string, event: SentryEvent): Promise<string> {
  const eventId = randomBytes(16).toString('hex');
  await sendItems(
    dsn,
    [{ type: 'event', payload: { event_id: eventId, timestamp: Date.now() / 1000, ...event } }],
    eventId,
  );
  return eventId;
}
