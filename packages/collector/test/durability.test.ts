/**
 * The durability promise, end to end: `faultline serve` killed with SIGKILL while clients
 * send events keeps every event it acknowledged; and a collector fed faster than it can
 * commit answers 429 + Retry-After with bounded memory, losing nothing it acknowledged.
 */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServeChild } from '@faultline/test-support';
import { createSqliteStore, type RunningCollector, startCollector } from '../src/index.js';
import { newEventId } from './digest-fixtures.js';

/** RSS the collector may reach while refusing an overload (issue 4 §6: "under a named bound"). */
const OVERLOAD_RSS_BOUND_BYTES = 300 * 1024 * 1024;

function envelope(eventId: string): string {
  const event = {
    event_id: eventId,
    platform: 'node',
    level: 'error',
    exception: { values: [{ type: 'Error', value: `crash test ${eventId}` }] },
  };
  return `${JSON.stringify({ event_id: eventId })}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify(event)}\n`;
}

/** Sends envelopes one after another until `stop()`; returns the ids answered 200. */
function sender(url: string) {
  const acked: string[] = [];
  const statuses = new Map<number, number>();
  const refusedWithoutRetryAfter: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const id = newEventId();
      try {
        const res = await fetch(url, { method: 'POST', body: envelope(id) });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 429 && !(Number(res.headers.get('retry-after')) > 0))
          refusedWithoutRetryAfter.push(res.status);
        if (res.status === 200 && ((await res.json()) as { id: string }).id === id) acked.push(id);
        else await res.arrayBuffer();
      } catch {
        // the collector was killed mid-request: not acknowledged
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  })();
  const stop = () => {
    running = false;
    return done;
  };
  return { acked, statuses, refusedWithoutRetryAfter, stop };
}

test('SIGKILL while clients send: every acknowledged event is in the store after restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-crash-'));
  try {
    const { child, envelopeUrl: url } = await startServeChild(['--data', dir, '--port', '0']);

    const senders = Array.from({ length: 8 }, () => sender(url));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    await once(child, 'exit');
    await Promise.all(senders.map((s) => s.stop()));
    const acked = senders.flatMap((s) => s.acked);
    assert.ok(acked.length > 20, `enough events were acknowledged before the kill (${acked.length})`);

    const store = createSqliteStore({ dataDir: dir });
    await store.migrate();
    const missing: string[] = [];
    for (const id of acked) if (!(await store.getEvent(id))) missing.push(id);
    await store.close();
    assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged events were lost`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('overload: 429 + Retry-After while the queue is full, bounded RSS, nothing acknowledged lost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-overload-'));
  const store = createSqliteStore({ dataDir: dir });
  let collector: RunningCollector | undefined;
  try {
    await store.migrate();
    const { key } = await store.ensureDefaultProject();
    // A small queue so that 32 eager senders outrun fsync-bound commits.
    collector = await startCollector({ store, ingest: { maxQueuedBatches: 4, maxBatchesPerCommit: 2 } });
    const url = `${collector.url}/api/1/envelope/?sentry_key=${key.publicKey}`;
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    const senders = Array.from({ length: 32 }, () => sender(url));
    await new Promise((r) => setTimeout(r, 1500));
    await Promise.all(senders.map((s) => s.stop()));
    clearInterval(sampler);

    const statuses = new Map<number, number>();
    for (const s of senders) for (const [k, v] of s.statuses) statuses.set(k, (statuses.get(k) ?? 0) + v);
    assert.ok(
      (statuses.get(429) ?? 0) > 0,
      `some requests were refused with 429: ${JSON.stringify([...statuses])}`,
    );
    assert.ok((statuses.get(200) ?? 0) > 0, 'some were accepted');
    assert.ok(peakRss < OVERLOAD_RSS_BOUND_BYTES, `RSS peaked at ${Math.round(peakRss / 2 ** 20)} MiB`);

    assert.deepEqual(
      senders.flatMap((s) => s.refusedWithoutRetryAfter),
      [],
      'every 429 carries Retry-After',
    );

    const acked = senders.flatMap((s) => s.acked);
    for (const id of acked) assert.ok(await store.getEvent(id), `acknowledged event ${id} is stored`);
  } finally {
    await collector?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
