/**
 * The gate's HTTP interfaces over a real collector and store (SQLite, and PostgreSQL when
 * FAULTLINE_TEST_PG_URL is set): the verdicts from stored per-minute route counts, Argo's
 * always-200 answer, Flagger's 200/409/412, and precise 400s.
 */

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { MINUTE_MS, type RouteRatesItem } from '@faultline/core';
import { forEachEngine, useTestCollector } from '@faultline/test-support';
import { digestBatches } from '../src/digest/digest.js';
import { batch, minuteOf } from './digest-fixtures.js';

/** One release's counts over `minutes` minutes ending now: per route, requests, 5xx and (of
 * those) 5xx a dependency caused, a minute. */
function series(
  release: string,
  minutes: number,
  routes: Record<string, [number, number] | [number, number, number]>,
): RouteRatesItem {
  const now = minuteOf(Date.now());
  return {
    release,
    environment: 'production',
    buckets: Array.from({ length: minutes }, (_, i) => ({
      minute: new Date(now - (minutes - 1 - i) * MINUTE_MS).toISOString(),
      routes: Object.entries(routes).map(([route, [requests, errors5xx, dependency5xx = 0]]) => ({
        method: 'GET',
        route,
        requests,
        errors4xx: 0,
        errors5xx,
        shed: 0,
        dependency5xx,
        overload5xx: 0,
      })),
    })),
  };
}

forEachEngine((engine) => {
  describe(`the gate API (${engine.name})`, () => {
    const c = useTestCollector({ engine });
    const gate = (query: string) => c.api(`/api/v1/gate?project=1&${query}`);
    const post = (path: string, body: unknown) =>
      fetch(`${c.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    before(async () => {
      const quiet: Record<string, [number, number]> = {};
      for (let r = 0; r < 9; r++) quiet[`/r${r}`] = [40, 0];
      await c.store.write((tx) =>
        digestBatches(tx, [
          batch(1, [], {
            routeRates: [
              // 20 minutes: the baseline fails 1 in 200; "bad" fails 1 in 20 (10×); "same" as the
              // baseline; "route" as the baseline except /r3, which fails 1 in 8.
              series('base', 20, { '/a': [200, 1], ...quiet }),
              series('bad', 20, { '/a': [200, 10], ...quiet }),
              series('same', 20, { '/a': [200, 1], ...quiet }),
              series('route', 20, { '/a': [200, 1], ...quiet, '/r3': [40, 5] }),
              series('tiny', 1, { '/a': [30, 0] }),
              // As the baseline, and 9 more 5xx a minute that a dependency caused.
              series('downstream', 20, { '/a': [200, 10, 9], ...quiet }),
            ],
          }),
        ]),
      );
    });

    it('a canary at 10× the baseline fails, with the numbers and the method', async () => {
      const v = await gate('canary=bad&baseline=base');
      assert.equal(v.verdict, 'fail', v.reason);
      assert.equal(v.canary.release, 'bad');
      assert.equal(v.canary.requests, 20 * (200 + 9 * 40));
      assert.equal(v.canary.errors, 200);
      assert.equal(v.baseline.errors, 20);
      assert.ok(v.eValue >= 20, `e-value ${v.eValue}`);
      assert.match(v.method, /e-process/);
      assert.equal(v.environment, null);
    });

    it('an equal canary passes once both arms have minRequests', async () => {
      const v = await gate('canary=same&baseline=base&minRequests=500');
      assert.equal(v.verdict, 'pass', v.reason);
      assert.match(v.reason, /^no regression/);
      const high = await gate('canary=same&baseline=base&minRequests=100000');
      assert.equal(high.verdict, 'inconclusive', high.reason);
    });

    it('30 requests are inconclusive, and a release never seen says so', async () => {
      const tiny = await gate('canary=tiny&baseline=base');
      assert.equal(tiny.verdict, 'inconclusive');
      assert.match(tiny.reason, /30 of the 500 requests/);
      const none = await gate('canary=nobody&baseline=base');
      assert.equal(none.verdict, 'inconclusive');
      assert.match(none.reason, /nobody has served no request/);
    });

    it('one route among ten that breaks fails the canary, named, though the overall rate hides it', async () => {
      const v = await gate('canary=route&baseline=base');
      assert.equal(v.verdict, 'fail', v.reason);
      assert.deepEqual(
        v.routes.filter((r: { regressed: boolean }) => r.regressed).map((r: { route: string }) => r.route),
        ['GET /r3'],
      );
    });

    it('5xx a dependency caused are left out unless asked for, and the reason says so', async () => {
      const v = await gate('canary=downstream&baseline=base');
      assert.equal(v.verdict, 'pass', v.reason);
      assert.equal(v.canary.errors, 20);
      assert.equal(v.canary.dependency5xx, 180);
      assert.match(v.reason, /180 dependency and 0 overload 5xx of the canary are not counted/);
      const counted = await gate('canary=downstream&baseline=base&includeDependency=1');
      assert.equal(counted.verdict, 'fail', counted.reason);
      assert.equal(counted.canary.errors, 200);
    });

    it('environment and margin filter and loosen; other environments hold nothing', async () => {
      const other = await gate('canary=bad&baseline=base&environment=staging');
      assert.equal(other.verdict, 'inconclusive');
      const loose = await gate('canary=bad&baseline=base&margin=10');
      assert.equal(loose.verdict, 'pass', loose.reason);
    });

    it('Flagger: 200 pass, 409 inconclusive, 412 fail, the reason in the body', async () => {
      const flagger = (canary: string) =>
        post('/api/v1/gate/flagger', {
          name: 'podinfo',
          namespace: 'test',
          phase: 'Progressing',
          metadata: { project: '1', canary, baseline: 'base' },
        });
      const pass = await flagger('same');
      assert.equal(pass.status, 200);
      assert.equal(((await pass.json()) as { verdict: string }).verdict, 'pass');
      const wait = await flagger('tiny');
      assert.equal(wait.status, 409);
      const fail = await flagger('bad');
      assert.equal(fail.status, 412);
      assert.match(((await fail.json()) as { reason: string }).reason, /above the baseline/);
    });

    it('every verdict asked for is stored with its answer, and listed per release, newest first', async () => {
      const asked = await gate('canary=bad&baseline=base&margin=0.5');
      const { items } = await c.api('/api/v1/gate/verdicts?project=1&release=bad');
      assert.ok(items.length >= 2, `${items.length} verdicts of bad`);
      const newest = items[0];
      assert.equal(newest.canary, 'bad');
      assert.equal(newest.baseline, 'base');
      assert.equal(newest.verdict, asked.verdict);
      assert.equal(newest.answer.margin, 0.5);
      assert.deepEqual(newest.answer.canary, asked.canary);
      assert.ok(items.every((v: { canary: string }) => v.canary === 'bad'));
      const times = items.map((v: { at: string }) => Date.parse(v.at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      // As the baseline too: every verdict compared something with it.
      const base = await c.api('/api/v1/gate/verdicts?project=1&release=base&limit=200');
      assert.ok(base.items.length > items.length);
      assert.ok(base.items.some((v: { canary: string }) => v.canary === 'bad'));
      const one = await c.api('/api/v1/gate/verdicts?project=1&limit=1');
      assert.equal(one.items.length, 1);
    });

    it('bad input: a 400 naming the field', async () => {
      const cases: [string, RegExp][] = [
        ['canary=a', /baseline is required/],
        ['canary=a&baseline=a', /must be different/],
        ['canary=a&baseline=b&alpha=0.9', /alpha must be a number from/],
        ['canary=a&baseline=b&alpha=abc', /alpha must be a number/],
        ['canary=a&baseline=b&minRequests=0', /minRequests must be a positive integer/],
        ['canary=a&baseline=b&margin=-1', /margin must be a number/],
        ['canary=a&baseline=b&since=30d', /at most 7 days/],
        ['canary=a&baseline=b&since=yesterday', /since must be/],
        ['canary=a&baseline=b&includeDependency=yes', /includeDependency must be/],
      ];
      for (const [query, message] of cases) {
        const res = await fetch(`${c.url}/api/v1/gate?project=1&${query}`, {
          headers: { authorization: `Bearer ${c.adminToken}` },
        });
        assert.equal(res.status, 400, query);
        assert.match(((await res.json()) as { detail: string }).detail, message, query);
      }
      const noMeta = await post('/api/v1/gate/flagger', { name: 'podinfo' });
      assert.equal(noMeta.status, 400);
      const noAuth = await fetch(`${c.url}/api/v1/gate?project=1&canary=a&baseline=b`);
      assert.equal(noAuth.status, 401);
    });
  });
});
