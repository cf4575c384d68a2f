/**
 * Shed requests are counted in the rates, through every adapter: refused before any route
 * ran, each still reaches the collector as a request, a 5xx and a shed one, in the per-release
 * totals (the route template is known only where the framework routes before the first hook:
 * node:http through its `route` option and Fastify).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestCollector } from '@faultline/test-support';
import { createFaultline } from '../src/index.js';
import { exampleStarter } from './adapter-suite.js';
import { captureLogger } from './helpers.js';

const real = useTestCollector({ adminToken: 'shed-rates-test-admin-token' });

const SHED = 4;
const EXEMPT = 3;

for (const framework of ['node', 'express', 'fastify', 'hono', 'koa']) {
  test(`${framework}: shed requests are counted as requests, 5xx and shed`, async (t) => {
    const release = `shed-${framework}@1.0.0`;
    const logger = captureLogger();
    const faultline = createFaultline({
      dsn: real.dsn,
      release,
      logger,
      rates: { intervalMs: 60_000 },
      // Past the heap threshold from the start: everything but /ok is refused.
      shed: { maxHeapUsedBytes: 1, exemptPaths: ['/ok'] },
    });
    const app = await (await exampleStarter(framework))(faultline);
    t.after(() => app.close());
    for (let i = 0; i < SHED; i++) {
      const res = await fetch(`${app.url}/boom`);
      await res.arrayBuffer();
      assert.equal(res.status, 503);
    }
    for (let i = 0; i < EXEMPT; i++) {
      const res = await fetch(`${app.url}/ok`);
      await res.arrayBuffer();
      assert.equal(res.status, 200);
    }
    // The last response's 'close' event may still be pending on the server side.
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(faultline.shedder?.stats().shed, SHED);
    assert.equal(await faultline.flush(5000), true);

    const byRelease = await real.api(
      `/api/v1/rates?by=release&since=1h&release=${encodeURIComponent(release)}`,
    );
    assert.equal(byRelease.series.length, 1);
    const [series] = byRelease.series;
    assert.equal(series.requests, SHED + EXEMPT);
    assert.equal(series.errors5xx, SHED);
    assert.equal(series.shed, SHED);
    assert.equal(series.errors4xx, 0);

    const byRoute = await real.api(`/api/v1/rates?by=route&since=1h&release=${encodeURIComponent(release)}`);
    const ok = byRoute.series.find((s: any) => s.key === 'GET /ok');
    assert.deepEqual([ok?.requests, ok?.shed], [EXEMPT, 0]);
    const refused = byRoute.series.filter((s: any) => s.shed > 0);
    assert.equal(
      refused.reduce((n: number, s: any) => n + s.shed, 0),
      SHED,
    );
    if (framework === 'node' || framework === 'fastify')
      assert.deepEqual(
        refused.map((s: any) => s.key),
        ['GET /boom'],
      );
    // No event: a refusal is not an error of the application.
    assert.equal(logger.records.length, 0);
    await faultline.close(2000);
  });
}
