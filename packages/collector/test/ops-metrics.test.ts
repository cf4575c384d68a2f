/**
 * GET /metrics: Prometheus text 0.0.4 that a strict reader accepts (names, one TYPE per family,
 * label values escaped, histograms consistent); counters that move with real ingest over a real
 * SQLite store; closed by default, a bearer token on the main port, or a separate listener.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isFaultlineError } from '@faultline/core';
import { type RunningCollector, type Store, startCollector } from '../src/index.js';
import { tempStore } from './digest-sqlite.js';
import { envelopeUrl, eventEnvelope, request } from './ingest-helpers.js';
import { type Family, parsePrometheusText, sampleSum, sampleValue } from './prometheus-text.js';

const TOKEN = 'metrics-token-0123456789';

let store: Store;
let dispose: () => Promise<void>;
let publicKey: string;
const running: RunningCollector[] = [];

before(async () => {
  ({ store, dispose } = await tempStore());
  ({
    key: { publicKey },
  } = await store.ensureDefaultProject());
});

after(async () => {
  for (const c of running.splice(0)) await c.close();
  await dispose();
});

/** A collector over the shared store; closing it must not close the store the others use. */
async function start(metrics?: { token?: string; host?: string; port?: number }) {
  const shared: Store = { ...store, close: async () => {} };
  const collector = await startCollector({
    store: shared,
    dashboardDir: '/nonexistent',
    log: () => {},
    ...(metrics ? { metrics } : {}),
  });
  running.push(collector);
  return collector;
}

async function scrape(url: string, token: string | undefined = TOKEN): Promise<Map<string, Family>> {
  const res = await fetch(`${url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(await res.text());
}

describe('access', () => {
  test('closed by default: /metrics is 404 on the main port', async () => {
    const c = await start();
    const res = await fetch(`${c.url}/metrics`);
    assert.equal(res.status, 404);
    assert.equal(
      (await fetch(`${c.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
      404,
    );
    assert.equal(c.metricsUrl, undefined);
  });

  test('with a token, the main port serves /metrics to that bearer only', async () => {
    const c = await start({ token: TOKEN });
    const none = await fetch(`${c.url}/metrics`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    const wrong = await fetch(`${c.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    assert.equal(wrong.status, 401);
    assert.ok((await scrape(c.url)).has('faultline_ingest_requests_total'));
    const head = await fetch(`${c.url}/metrics`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(head.status, 200);
  });

  test('a separate port serves /metrics and /health without a token, and nothing else', async () => {
    const c = await start({ port: 0 });
    assert.ok(c.metricsUrl?.startsWith('http://127.0.0.1:'));
    assert.notEqual(c.metricsUrl, c.url);
    assert.ok((await scrape(c.metricsUrl!, undefined)).has('process_resident_memory_bytes'));
    assert.equal((await fetch(`${c.metricsUrl}/health`)).status, 200);
    assert.equal((await fetch(`${c.metricsUrl}/api/v1/projects`)).status, 404);
    assert.equal(
      (await fetch(`${c.metricsUrl}${envelopeUrl('', 1, publicKey)}`, { method: 'POST' })).status,
      404,
    );
    // The main port stays closed: only the separate address was opened.
    assert.equal((await fetch(`${c.url}/metrics`)).status, 404);
  });

  test('options that would not do what they say are refused at start', async () => {
    for (const metrics of [
      { token: 'short' },
      { token: 'has space in it, sixteen+' },
      { host: '0.0.0.0' },
      { port: -1 },
    ]) {
      await assert.rejects(start(metrics), (e: unknown) => isFaultlineError(e) && e.code === 'FL_CONFIG');
    }
  });
});

describe('content', () => {
  let c: RunningCollector;
  before(async () => {
    c = await start({ token: TOKEN });
  });

  test('every family the issue asks for is there, typed', async () => {
    const families = await scrape(c.url);
    const expected: Record<string, string> = {
      faultline_ingest_requests_total: 'counter',
      faultline_commit_duration_seconds: 'histogram',
      faultline_write_queue_batches: 'gauge',
      faultline_write_queue_bytes: 'gauge',
      faultline_store_errors_total: 'counter',
      faultline_store_up: 'gauge',
      faultline_event_loop_delay_seconds: 'gauge',
      faultline_event_loop_utilization: 'gauge',
      faultline_ingest_inflight_requests: 'gauge',
      faultline_admission_refused_share: 'gauge',
      process_resident_memory_bytes: 'gauge',
    };
    for (const [name, type] of Object.entries(expected)) {
      assert.equal(families.get(name)?.type, type, name);
      assert.ok(families.get(name)?.help, `${name} has HELP`);
    }
    assert.ok(sampleValue(families, 'process_resident_memory_bytes')! > 1_000_000);
    for (const kind of ['connection', 'timeout', 'locked', 'disk', 'closed', 'unknown'])
      assert.equal(sampleValue(families, 'faultline_store_errors_total', { kind, lane: 'write' }), 0);
    assert.equal(sampleValue(families, 'faultline_store_up', { lane: 'write' }), 1);
  });

  test('ingest counters and the commit histogram move with real ingest', async () => {
    const before = await scrape(c.url);
    const accepted = (f: Map<string, Family>) =>
      sampleSum(f, 'faultline_ingest_requests_total', { outcome: 'accepted', status: '200' });
    const refused = (f: Map<string, Family>, status: string, reason: string) =>
      sampleSum(f, 'faultline_ingest_requests_total', { outcome: 'refused', status, reason });
    const commits = (f: Map<string, Family>) =>
      sampleSum(f, 'faultline_commit_duration_seconds_count', { outcome: 'ok' });

    for (let i = 0; i < 3; i++) {
      const r = await request(envelopeUrl(c.url, 1, publicKey), { body: eventEnvelope() });
      assert.equal(r.status, 200, r.text);
    }
    const unknownKey = await request(envelopeUrl(c.url, 1, 'f'.repeat(32)), { body: eventEnvelope() });
    assert.equal(unknownKey.status, 403);
    // Sender-controlled text in the refusal (quotes, backslash, newline-like bytes) must not
    // reach a label: the reason is from a fixed set.
    const hostile = await request(envelopeUrl(c.url, 1, publicKey), {
      headers: { 'content-encoding': 'x"y\\z{}' },
      body: eventEnvelope(),
    });
    assert.equal(hostile.status, 415);

    const after = await scrape(c.url);
    assert.equal(accepted(after) - accepted(before), 3);
    assert.equal(refused(after, '403', 'forbidden') - refused(before, '403', 'forbidden'), 1);
    assert.equal(refused(after, '415', 'encoding') - refused(before, '415', 'encoding'), 1);
    assert.ok(commits(after) - commits(before) >= 1, 'each accepted request went through a timed commit');
    assert.ok(sampleSum(after, 'faultline_commit_duration_seconds_sum') > 0);
    for (const s of after.get('faultline_ingest_requests_total')!.samples) {
      assert.match(s.labels.reason!, /^[a-z_]+$/);
      assert.match(s.labels.status!, /^\d{3}$/);
    }
  });
});
