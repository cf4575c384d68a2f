/**
 * Rates right to the request: a known mix of 2xx, 4xx, 5xx and unmatched requests goes
 * through every adapter with a DSN; after a flush, the collector's read API reports exactly
 * those counts per route template and per release, and release health counts them as sessions.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestCollector } from '@faultline/test-support';
import { createFaultline } from '../src/index.js';
import { exampleStarter } from './adapter-suite.js';
import { captureLogger } from './helpers.js';

const real = useTestCollector({ adminToken: 'rates-test-admin-token' });

/** Path → how many times; the expected counts per route key follow from it. */
const MIX: [string, number][] = [
  ['/ok', 5],
  ['/fail/http-errors', 2], // 409
  ['/fail/boom4xx', 1], // 400
  ['/boom', 3], // 500
  ['/fail/dependency', 2], // 503
  ['/items/7/fail', 1], // 500
  ['/no/such/route', 2], // 404, no template
];

const EXPECTED: Record<string, { requests: number; errors4xx: number; errors5xx: number }> = {
  'GET /ok': { requests: 5, errors4xx: 0, errors5xx: 0 },
  'GET /fail/:kind': { requests: 5, errors4xx: 3, errors5xx: 2 },
  'GET /boom': { requests: 3, errors4xx: 0, errors5xx: 3 },
  'GET /items/:id/fail': { requests: 1, errors4xx: 0, errors5xx: 1 },
  GET: { requests: 2, errors4xx: 2, errors5xx: 0 },
};

for (const framework of ['node', 'express', 'fastify', 'hono', 'koa']) {
  test(`${framework}: rates per route and release match the requests exactly`, async (t) => {
    const release = `rates-${framework}@1.0.0`;
    const faultline = createFaultline({
      dsn: real.dsn,
      release,
      service: `svc-${framework}`,
      environment: 'rates-test',
      logger: captureLogger(),
      rates: { intervalMs: 60_000 },
    });
    const app = await (await exampleStarter(framework))(faultline);
    t.after(() => app.close());
    for (const [path, times] of MIX) {
      for (let i = 0; i < times; i++) {
        const res = await fetch(`${app.url}${path}`);
        await res.arrayBuffer();
      }
    }
    // The last response's 'close' event may still be pending on the server side.
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await faultline.flush(5000), true);

    const rates = await real.api(`/api/v1/rates?by=route&since=1h&release=${encodeURIComponent(release)}`);
    const got = Object.fromEntries(
      rates.series.map((s: any) => [
        s.key,
        { requests: s.requests, errors4xx: s.errors4xx, errors5xx: s.errors5xx },
      ]),
    );
    assert.deepEqual(got, EXPECTED);
    // Worst first: /boom and /items/:id/fail fail every time.
    assert.equal(rates.series[0].rate5xx, 1);
    const ok = rates.series.find((s: any) => s.key === 'GET /ok');
    assert.equal(
      ok.points.reduce((n: number, p: any) => n + p.requests, 0),
      5,
    );

    const byRelease = await real.api(
      `/api/v1/rates?by=release&since=1h&release=${encodeURIComponent(release)}`,
    );
    assert.equal(byRelease.series.length, 1);
    assert.equal(byRelease.series[0].key, release);
    assert.equal(byRelease.series[0].requests, 16);
    assert.equal(byRelease.series[0].errors5xx, 6);

    const releases = await real.api('/api/v1/releases');
    const health = releases.items.find((r: any) => r.version === release);
    assert.ok(health, 'the release is listed');
    assert.equal(health.requests, 16);
    assert.equal(health.errors5xx, 6);
    assert.equal(health.rate5xx, 6 / 16);
    // The apps share their failing code, so the first release seen brings the issues and later
    // ones mostly meet them again.
    if (framework === 'node') assert.ok(health.newIssues >= 1, 'the first release brought issues');
    else assert.equal(typeof health.newIssues, 'number');

    const sessions = await real.store.sessionCounts({
      projectId: 1 as never,
      release,
      from: Date.now() - 3_600_000,
      to: Date.now() + 60_000,
    });
    const sum = (k: 'started' | 'errored') => sessions.reduce((n, s) => n + s[k], 0);
    assert.equal(sum('started'), 16);
    assert.equal(sum('errored'), 6);
    await faultline.close(2000);
  });
}
