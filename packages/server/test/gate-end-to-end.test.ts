/**
 * The canary gate end to end (issue 15 §3): two releases of one app behind the real middleware
 * (node:http and Express), serving requests with seeded 5xx probabilities per route, report
 * their per-route counts to a real collector; GET /api/v1/gate, as Argo Rollouts' web provider
 * polls it, gives the verdict.
 */

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { type Random, seededRandom } from '@faultline/core';
import { useTestCollector } from '@faultline/test-support';
import express from 'express';
import { faultlineErrorHandler, faultlineMiddleware } from '../src/adapters/express.js';
import { faultlineHandler } from '../src/adapters/node.js';
import { createFaultline } from '../src/index.js';
import { captureLogger } from './helpers.js';

const real = useTestCollector({ adminToken: 'gate-e2e-admin-token' });

/** Route → chance that a request to it fails with a 500. */
type FailureOdds = Record<string, number>;

/** What a failing request throws: a bug of the app, or a database that refused the connection. */
type Failure = 'bug' | 'dependency';

function failure(kind: Failure): Error {
  if (kind === 'bug') return new Error('the cart service broke');
  return Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' });
}

interface Arm {
  url: string;
  close(): Promise<void>;
}

/** One release of the app: `/r<k>` routes that throw with their odds, drawn from `random`. */
async function startRelease(
  framework: 'node' | 'express',
  release: string,
  odds: FailureOdds,
  seed: number,
  kind: Failure = 'bug',
  ratesIntervalMs = 60_000,
): Promise<Arm> {
  const faultline = createFaultline({
    dsn: real.dsn,
    release,
    service: 'shop',
    environment: 'production',
    logger: captureLogger(),
    rates: { intervalMs: ratesIntervalMs },
  });
  // One seeded stream per route: its requests draw the same numbers in whatever order they
  // arrive, so each route's 5xx count is the same on every run.
  const streams = new Map<string, Random>();
  const fails = (route: string) => {
    const random =
      streams.get(route) ??
      seededRandom(seed * 1000 + route.length * 31 + (route.at(-1)?.charCodeAt(0) ?? 0));
    streams.set(route, random);
    return random() < (odds[route] ?? 0);
  };
  let server: http.Server;
  if (framework === 'node') {
    const route = (req: http.IncomingMessage) => (req.url ?? '/').split('?')[0];
    server = http.createServer(
      faultlineHandler(
        faultline,
        (req, res) => {
          if (fails(route(req) as string)) throw failure(kind);
          res.end('ok');
        },
        { route },
      ),
    );
  } else {
    const app = express();
    app.use(faultlineMiddleware(faultline));
    app.get('/:name', (req, res) => {
      if (fails(`/${req.params.name}`)) throw failure(kind);
      res.send('ok');
    });
    app.use(faultlineErrorHandler(faultline));
    server = http.createServer(app);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      assert.equal(await faultline.flush(5000), true, 'the counts reached the collector');
      await new Promise((resolve) => server.close(resolve));
      await faultline.close(1000);
    },
  };
}

/** `n` requests spread over `routes`, `parallel` at a time. */
async function serve(arm: Arm, routes: readonly string[], n: number, parallel = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const res = await fetch(`${arm.url}${routes[i % routes.length]}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  // The last responses' 'close' events may still be pending on the server side.
  await new Promise((r) => setTimeout(r, 50));
}

/** Runs both releases (`canary` gets `share` of the traffic) and returns the gate's answer. */
async function canaryRun(
  framework: 'node' | 'express',
  name: string,
  o: {
    requests: number;
    share: number;
    routes: string[];
    base: FailureOdds;
    canary: FailureOdds;
    seed: number;
    /** What the canary's failures are (the baseline's are bugs). */
    canaryFailure?: Failure;
  },
) {
  const baseline = await startRelease(framework, `${name}-v1`, o.base, o.seed);
  const canary = await startRelease(framework, `${name}-v2`, o.canary, o.seed + 1, o.canaryFailure);
  await Promise.all([
    serve(baseline, o.routes, Math.round(o.requests * (1 - o.share))),
    serve(canary, o.routes, Math.round(o.requests * o.share)),
  ]);
  await Promise.all([baseline.close(), canary.close()]);
  return real.api(`/api/v1/gate?project=1&canary=${name}-v2&baseline=${name}-v1&environment=production`);
}

const one = ['/checkout'];
const ten = Array.from({ length: 10 }, (_, i) => `/r${i}`);
const everywhere = (odds: number, routes: string[]) => Object.fromEntries(routes.map((r) => [r, odds]));

for (const framework of ['node', 'express'] as const) {
  test(`${framework}: a canary failing 5× as often as the baseline fails`, async () => {
    const v = await canaryRun(framework, `${framework}-5x`, {
      requests: 2400,
      share: 0.5,
      routes: one,
      base: everywhere(0.02, one),
      canary: everywhere(0.1, one),
      seed: 1,
    });
    assert.equal(v.verdict, 'fail', v.reason);
    assert.equal(v.canary.requests + v.baseline.requests, 2400);
    assert.ok(v.canary.rate > 3 * v.baseline.rate, `${v.canary.rate} against ${v.baseline.rate}`);
  });

  test(`${framework}: an equal canary passes once both arms have 500 requests`, async () => {
    const v = await canaryRun(framework, `${framework}-aa`, {
      requests: 1400,
      share: 0.5,
      routes: one,
      base: everywhere(0.02, one),
      canary: everywhere(0.02, one),
      seed: 2,
    });
    assert.equal(v.verdict, 'pass', v.reason);
    assert.ok(v.canary.requests >= 500 && v.baseline.requests >= 500);
  });
}

test('30 requests give inconclusive, whatever they show', async () => {
  const v = await canaryRun('node', 'tiny', {
    requests: 60,
    share: 0.5,
    routes: one,
    base: everywhere(0.02, one),
    canary: everywhere(0.02, one),
    seed: 3,
  });
  assert.equal(v.verdict, 'inconclusive');
  assert.equal(v.canary.requests, 30);
  assert.match(v.reason, /the canary has 30 of the 500 requests needed/);
});

test('one route among ten that breaks fails the canary with that route named', async () => {
  const canary = { ...everywhere(0.005, ten), '/r7': 0.2 };
  // node:http, whose router gives each route its own template (Express's here is one, /:name).
  const v = await canaryRun('node', 'oneroute', {
    requests: 6000,
    share: 0.5,
    routes: ten,
    base: everywhere(0.005, ten),
    canary,
    seed: 4,
  });
  assert.equal(v.verdict, 'fail', v.reason);
  assert.match(v.reason, /GET \/r7: /);
  assert.deepEqual(
    v.routes.filter((r: { regressed: boolean }) => r.regressed).map((r: { route: string }) => r.route),
    ['GET /r7'],
  );
});

test('a canary whose extra 5xx all come from a dependency passes, and says why', async () => {
  const v = await canaryRun('express', 'downstream', {
    requests: 2400,
    share: 0.5,
    routes: one,
    base: everywhere(0.02, one),
    canary: everywhere(0.1, one),
    seed: 5,
    canaryFailure: 'dependency',
  });
  assert.equal(v.verdict, 'pass', v.reason);
  assert.ok(v.canary.dependency5xx > 50, `${v.canary.dependency5xx} dependency 5xx`);
  assert.equal(v.canary.errors, 0);
  assert.match(v.reason, /dependency and 0 overload 5xx of the canary are not counted/);
});

/** Argo Rollouts' web metric asks at its `interval`; 10 s is a short one. */
const ARGO_INTERVAL_MS = 10_000;

test('polled every 10 s during a live run, as Argo does: 200 every time, inconclusive until the counts arrive, then fail', async () => {
  const odds = { base: everywhere(0.02, one), canary: everywhere(0.1, one) };
  // The middleware sends its counts every second here (10 s by default).
  const baseline = await startRelease('node', 'live-v1', odds.base, 7, 'bug', 1000);
  const canary = await startRelease('node', 'live-v2', odds.canary, 8, 'bug', 1000);
  let running = true;
  const traffic = Promise.all([
    (async () => {
      while (running) await serve(baseline, one, 40, 4);
    })(),
    (async () => {
      while (running) await serve(canary, one, 40, 4);
    })(),
  ]);
  const verdicts: string[] = [];
  try {
    for (let look = 0; look < 3; look++) {
      if (look > 0) await new Promise((r) => setTimeout(r, ARGO_INTERVAL_MS));
      const res = await fetch(`${real.url}/api/v1/gate?project=1&canary=live-v2&baseline=live-v1`, {
        headers: { authorization: `Bearer ${real.adminToken}` },
      });
      assert.equal(res.status, 200, 'the web provider reads any other status as an error');
      verdicts.push(((await res.json()) as { verdict: string }).verdict);
    }
  } finally {
    running = false;
    await traffic;
    await Promise.all([baseline.close(), canary.close()]);
  }
  assert.equal(verdicts[0], 'inconclusive', verdicts.join(' → '));
  assert.equal(verdicts.at(-1), 'fail', verdicts.join(' → '));
});
