/**
 * One error event sent through ingest over HTTP as an SDK sends it (an envelope with its
 * event_id), resolving once it is committed. A 429 (admission, on a loaded machine) is sent
 * again, as an SDK would.
 */

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { SentryEvent } from '@faultline/core';

/**
 * Sends one event through ingest over HTTP; resolves once committed. A 429 (admission, on a
 * loaded machine) is sent again, as an SDK would.
 * @example await sendEvent(c.dsn, bugEvent({ fn: 'a' }, { release: '1.0' }))
 */
export async function sendEvent(dsn: string, event: SentryEvent): Promise<void> {
  const d = new URL(dsn);
  const id = randomUUID().replace(/-/g, '');
  const body = `${JSON.stringify({ event_id: id })}\n{"type":"event"}\n${JSON.stringify({ ...event, event_id: id })}\n`;
  const url = `${d.protocol}//${d.host}/api${d.pathname}/envelope/?sentry_key=${d.username}`;
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, { method: 'POST', body });
    const text = await res.text();
    if (res.status === 429 && attempt < 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    assert.equal(res.status, 200, text);
    return;
  }
}
