/** Contract part: per-route request counts (summed across transactions, bucketed, filtered)
 * and release health (requests, 5xx, new and regressed issues). */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteRateBucket, RouteRatesItem } from '@faultline/core';
import { digestBatches } from '../src/digest/digest.js';
import type { ProjectId } from '../src/store/ids.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent } from './digest-fixtures.js';

const MINUTE = 60_000;
/** A fixed hour, so buckets are predictable. */
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

function counts(
  minute: number,
  routes: [string, string | null, number, number, number, number][],
): RouteRateBucket {
  return {
    minute: new Date(minute).toISOString(),
    routes: routes.map(([method, route, requests, errors4xx, errors5xx, shed]) => ({
      method,
      route,
      requests,
      errors4xx,
      errors5xx,
      shed,
    })),
  };
}

function rates(projectId: ProjectId, item: RouteRatesItem) {
  return batch(projectId, [], { routeRates: [item] });
}

/**
 * Registers the rate tests inside the contract's describe block.
 * @example contractRates(() => store, project)
 */
export function contractRates(getStore: () => Store, project: () => Promise<ProjectId>): void {
  describe('route rates and release health', () => {
    it('adds counts across transactions and sums them per route, per bucket', async () => {
      const store = getStore();
      const p = await project();
      const item: RouteRatesItem = {
        release: 'api@1',
        environment: 'production',
        service: 'api',
        buckets: [
          counts(T0, [
            ['GET', '/users/:id', 10, 1, 2, 0],
            ['GET', null, 3, 3, 0, 0],
          ]),
          counts(T0 + MINUTE, [['POST', '/orders', 4, 0, 4, 1]]),
        ],
      };
      await store.write((tx) => digestBatches(tx, [rates(p, item)]));
      await store.write((tx) => digestBatches(tx, [rates(p, item)])); // the same again: added, not replaced

      const perMinute = await store.routeRates({
        projectId: p,
        by: 'route',
        from: T0,
        to: T0 + 10 * MINUTE,
        bucketMs: MINUTE,
      });
      assert.deepEqual(
        perMinute.map((r) => [r.key, r.bucket - T0, r.requests, r.errors4xx, r.errors5xx, r.shed]),
        [
          ['GET', 0, 6, 6, 0, 0],
          ['GET /users/:id', 0, 20, 2, 4, 0],
          ['POST /orders', MINUTE, 8, 0, 8, 2],
        ],
      );
      const fiveMinutes = await store.routeRates({
        projectId: p,
        by: 'release',
        from: T0,
        to: T0 + 10 * MINUTE,
        bucketMs: 5 * MINUTE,
      });
      assert.deepEqual(
        fiveMinutes.map((r) => [r.key, r.bucket - T0, r.requests, r.errors5xx]),
        [['api@1', 0, 34, 12]],
      );
      const staging = await store.routeRates({
        projectId: p,
        by: 'route',
        from: T0,
        to: T0 + 10 * MINUTE,
        bucketMs: MINUTE,
        environment: 'staging',
      });
      assert.deepEqual(staging, []);
      const other = await project();
      assert.deepEqual(
        await store.routeRates({
          projectId: other,
          by: 'route',
          from: T0,
          to: T0 + 10 * MINUTE,
          bucketMs: MINUTE,
        }),
        [],
      );
    });

    it('release health: requests and 5xx from the counts, new and regressed issues from events', async () => {
      const store = getStore();
      const p = await project();
      const now = Date.now();
      const at = (minutesAgo: number) => now - minutesAgo * MINUTE;
      await store.write((tx) =>
        digestBatches(tx, [
          rates(p, {
            release: 'shop@1',
            environment: 'production',
            buckets: [counts(at(30), [['GET', '/a', 100, 5, 10, 0]])],
          }),
          rates(p, {
            release: 'shop@2',
            environment: 'production',
            buckets: [counts(at(5), [['GET', '/a', 50, 0, 1, 0]])],
          }),
          batch(p, [bugEvent({ fn: 'one' }, { release: 'shop@1', timestamp: at(29) / 1000 })]),
          batch(p, [bugEvent({ fn: 'two' }, { release: 'shop@1', timestamp: at(28) / 1000 })]),
        ]),
      );
      const issues = await store.listIssues({ projectId: p, sort: 'firstSeen', limit: 10 });
      assert.equal(issues.items.length, 2);
      for (const i of issues.items) assert.equal(await store.updateIssueStatus(i.id, 'resolved'), true);
      // A later release meets the first bug again: a regression in shop@2.
      await store.write((tx) =>
        digestBatches(tx, [
          batch(p, [bugEvent({ fn: 'one' }, { release: 'shop@2', timestamp: at(4) / 1000 })], {
            receivedAt: now + 1000,
          }),
        ]),
      );
      const health = await store.releaseHealth(p);
      assert.deepEqual(
        health.map((r) => [r.version, r.requests, r.errors5xx, r.newIssues, r.regressedIssues]),
        [
          ['shop@2', 50, 1, 0, 1],
          ['shop@1', 100, 10, 2, 0],
        ],
      );
      assert.equal(health[1]?.eventCount, 2);
      const everyProject = await store.releaseHealth();
      assert.ok(everyProject.filter((r) => r.projectId === p).length === 2);
    });
  });
}
