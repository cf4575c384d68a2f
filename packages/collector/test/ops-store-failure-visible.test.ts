/**
 * A store failure is visible to the operator (hardening issue §5: PostgreSQL down produced
 * thousands of 503s and no log line). With a real PostgreSQL of the test's own stopped under a
 * running collector, and a real SQLite store closed under one: exactly one log line per
 * episode and lane (reads, writes) naming the kind and the cause, however many calls fail; a
 * count of every failure on /metrics; /health degraded with the reason; and, once PostgreSQL is
 * back, one recovery line per lane and /health ok again, without a restart.
 */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPostgresStore, type RunningCollector, startCollector } from '../src/index.js';
import { tempStore } from './digest-sqlite.js';
import { envelopeUrl, eventEnvelope, request } from './ingest-helpers.js';
import { type PgInstance, startPgInstance } from './pg-instance.js';
import { type Family, parsePrometheusText, sampleSum, sampleValue } from './prometheus-text.js';

const ADMIN = 'admin-token-for-store-failure-tests';
const METRICS = 'metrics-token-for-store-failure-tests';
/** /health's answer bound with a hung store: HEALTH_PROBE_TIMEOUT_MS (500 ms) plus a wide margin for
 * a loaded 2-core machine. */
const HEALTH_BOUND_MS = 3_000;
const KINDS = /\((connection|timeout|locked|disk|closed|unknown)\)/;

interface Seen {
  lines: string[];
  failing(lane: 'reads' | 'writes'): string[];
  recovered(lane: 'reads' | 'writes'): string[];
}

function logCapture(): Seen & { log: (message: string) => void } {
  const lines: string[] = [];
  return {
    lines,
    log: (message) => lines.push(message),
    failing: (lane) => lines.filter((l) => l.startsWith(`store ${lane} failing`)),
    recovered: (lane) => lines.filter((l) => l.startsWith(`store ${lane} recovered`)),
  };
}

async function scrape(c: RunningCollector): Promise<Map<string, Family>> {
  const res = await fetch(`${c.url}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } });
  assert.equal(res.status, 200);
  return parsePrometheusText(await res.text());
}

async function health(c: RunningCollector) {
  const res = await fetch(`${c.url}/health`);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

const api = (c: RunningCollector, path: string) =>
  fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });

describe('PostgreSQL stopped, then started again', () => {
  let pg: PgInstance | undefined;
  let c: RunningCollector | undefined;
  let publicKey: string;
  const seen = logCapture();

  before(async () => {
    pg = await startPgInstance();
    const store = createPostgresStore({ connectionString: pg.url });
    await store.migrate();
    ({
      key: { publicKey },
    } = await store.ensureDefaultProject());
    c = await startCollector({
      store,
      adminToken: ADMIN,
      dashboardDir: '/nonexistent',
      log: seen.log,
      metrics: { token: METRICS },
    });
  });

  after(async () => {
    try {
      await c?.close();
    } finally {
      await pg?.dispose();
    }
  });

  const ingest = () => request(envelopeUrl(c!.url, 1, publicKey), { body: eventEnvelope() });

  test('while it runs: 200s, /health ok, no store line', async () => {
    assert.equal((await ingest()).status, 200); // also puts the key in ingest's cache
    assert.equal((await api(c!, '/api/v1/projects')).status, 200);
    assert.deepEqual((await health(c!)).body, { status: 'ok' });
    assert.deepEqual(seen.lines, []);
  });

  test('stopped: every failure answered 503 and counted, one line per lane, /health degraded', async () => {
    // The key is now in ingest's cache for KEY_CACHE_TTL_MS (10 s), so the ingests below reach
    // the commit (a write) rather than the key lookup (a read).
    assert.equal((await ingest()).status, 200);
    const before = await scrape(c!);
    await pg!.halt();
    const FAILED_CALLS = 12;
    for (let i = 0; i < FAILED_CALLS; i++) {
      const r = await ingest();
      assert.equal(r.status, 503, r.text);
      assert.ok(r.headers['retry-after']);
      const read = await api(c!, '/api/v1/projects/1/issues');
      assert.equal(read.status, 503);
      assert.ok(read.headers.get('retry-after'));
    }
    assert.equal(seen.failing('writes').length, 1, seen.lines.join('\n'));
    assert.equal(seen.failing('reads').length, 1, seen.lines.join('\n'));
    for (const line of [...seen.failing('writes'), ...seen.failing('reads')]) {
      assert.match(line, KINDS);
      assert.match(line, /ECONNREFUSED|terminat|Connection|connect/i, 'the line names the cause');
    }
    assert.deepEqual(seen.recovered('writes'), []);

    const h = await health(c!);
    assert.equal(h.status, 503);
    assert.ok(h.retryAfter);
    assert.equal(h.body.status, 'degraded');
    const checks = (h.body.reasons as { check: string; kind: string; failures: number; since: string }[]).map(
      (r) => r.check,
    );
    assert.deepEqual(checks.sort(), ['store-read', 'store-write']);
    for (const r of h.body.reasons) {
      assert.match(`(${r.kind})`, KINDS);
      assert.ok(r.failures >= FAILED_CALLS, JSON.stringify(r));
      assert.ok(!Number.isNaN(Date.parse(r.since)));
    }
    assert.doesNotMatch(
      JSON.stringify(h.body),
      /ECONNREFUSED|127\.0\.0\.1/,
      '/health shows no internal detail',
    );

    const during = await scrape(c!);
    const errors = (f: Map<string, Family>, lane: string) =>
      sampleSum(f, 'faultline_store_errors_total', { lane });
    // Each failed request failed one store call at least (a commit, a read, or a key lookup if
    // a very slow machine let the cache expire).
    const failed = (f: Map<string, Family>) => errors(f, 'write') + errors(f, 'read');
    assert.ok(failed(during) - failed(before) >= 2 * FAILED_CALLS);
    assert.ok(errors(during, 'write') - errors(before, 'write') >= 1);
    assert.equal(sampleValue(during, 'faultline_store_up', { lane: 'write' }), 0);
    assert.equal(sampleValue(during, 'faultline_store_up', { lane: 'read' }), 0);
    const refused = (f: Map<string, Family>) =>
      sampleSum(f, 'faultline_ingest_requests_total', { status: '503', reason: 'store_unavailable' });
    assert.equal(refused(during) - refused(before), FAILED_CALLS);
    assert.ok(sampleSum(during, 'faultline_commit_duration_seconds_count', { outcome: 'error' }) >= 1);
  });

  test('started again: /health sees it by itself, then served without a restart, one recovery line per lane', async () => {
    await pg!.resume();
    // No request but /health: an idle collector (say, one a balancer took out of rotation for
    // being degraded) must notice the recovery by itself, writes included.
    const deadline = Date.now() + 40_000;
    let h = await health(c!);
    while (h.status !== 200 && Date.now() < deadline) {
      await sleep(500);
      h = await health(c!);
    }
    assert.deepEqual(h.body, { status: 'ok' });
    assert.equal(seen.recovered('writes').length, 1, seen.lines.join('\n'));
    assert.equal(seen.recovered('reads').length, 1, seen.lines.join('\n'));
    assert.match(
      seen.recovered('writes')[0]!,
      /^store writes recovered after \d+\.\d s: \d+ failed calls \(/,
    );

    assert.equal((await ingest()).status, 200);
    assert.equal((await api(c!, '/api/v1/projects/1/issues')).status, 200);
    assert.equal(seen.recovered('writes').length, 1);
    assert.equal(seen.failing('writes').length, 1);
    assert.equal(seen.failing('reads').length, 1);
    const now = await scrape(c!);
    assert.equal(sampleValue(now, 'faultline_store_up', { lane: 'write' }), 1);
    assert.equal(sampleValue(now, 'faultline_store_up', { lane: 'read' }), 1);
  });
});

describe('a SQLite store closed under the collector', () => {
  test('reads, commits and the retention job fail into one episode per lane, each logged once', async () => {
    const { store, dispose } = await tempStore();
    const { key } = await store.ensureDefaultProject();
    const seen = logCapture();
    const c = await startCollector({
      store,
      adminToken: ADMIN,
      dashboardDir: '/nonexistent',
      log: seen.log,
      metrics: { token: METRICS },
      retention: { intervalMs: 50 },
    });
    try {
      assert.equal(
        (await request(envelopeUrl(c.url, 1, key.publicKey), { body: eventEnvelope() })).status,
        200,
      );
      await sleep(200); // retention ran, and succeeded
      assert.deepEqual(seen.lines, []);
      await store.close();
      await sleep(300); // retention runs ~6 times and fails each time
      for (let i = 0; i < 5; i++) {
        assert.equal(
          (await request(envelopeUrl(c.url, 1, key.publicKey), { body: eventEnvelope() })).status,
          503,
        );
        assert.equal((await api(c, '/api/v1/projects')).status, 503);
      }
      assert.equal(seen.failing('writes').length, 1, seen.lines.join('\n'));
      assert.match(seen.failing('writes')[0]!, /from deleteEvents/, 'the retention job failed first');
      assert.equal(seen.failing('reads').length, 1, seen.lines.join('\n'));
      const f = await scrape(c);
      assert.ok(sampleSum(f, 'faultline_store_errors_total', { lane: 'write' }) >= 5 + 3);
      const h = await health(c);
      assert.equal(h.status, 503);
      assert.deepEqual(h.body.reasons.map((r: { check: string }) => r.check).sort(), [
        'store-read',
        'store-write',
      ]);
    } finally {
      await c.close().catch(() => {});
      await dispose();
    }
  });
});

describe('a store that hangs', () => {
  test('/health answers in bounded time, degraded (timeout), logged once', async () => {
    // A "database" that accepts connections and never says a word: the pg driver waits forever.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket)).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as net.AddressInfo;
    const seen = logCapture();
    const store = createPostgresStore({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    const c = await startCollector({ store, dashboardDir: '/nonexistent', log: seen.log });
    try {
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const h = await health(c);
        const ms = performance.now() - started;
        assert.equal(h.status, 503);
        assert.ok(h.retryAfter);
        assert.deepEqual(
          h.body.reasons.map((r: { check: string; kind: string }) => [r.check, r.kind]),
          [['store-read', 'timeout']],
        );
        assert.ok(ms < HEALTH_BOUND_MS, `/health took ${Math.round(ms)} ms`);
      }
      assert.equal(seen.failing('reads').length, 1, seen.lines.join('\n'));
      assert.match(seen.failing('reads')[0]!, /\(timeout\) from the \/health probe/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      await c.close().catch(() => {});
    }
  });
});
