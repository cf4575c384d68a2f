import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from './prng.js';
import { CYCLE_MS, conditionsAt, DEPLOY_AT_MS, INCIDENTS, SURGE_REQUESTS_PER_S } from './schedule.js';
import { shopperRequest } from './shoppers.js';

test('every incident starts and ends where the table says, and again each cycle', () => {
  for (const incident of INCIDENTS) {
    const on = (c: ReturnType<typeof conditionsAt>) =>
      incident.kind === 'database-down' ? c.databaseDown : c.surgePerSecond === SURGE_REQUESTS_PER_S;
    for (const cycle of [0, CYCLE_MS, 5 * CYCLE_MS]) {
      assert.equal(on(conditionsAt(cycle + incident.atMs - 1)), false, `${incident.kind} before`);
      assert.equal(on(conditionsAt(cycle + incident.atMs)), true, `${incident.kind} at start`);
      assert.equal(on(conditionsAt(cycle + incident.atMs + incident.durationMs - 1)), true);
      assert.equal(
        on(conditionsAt(cycle + incident.atMs + incident.durationMs)),
        false,
        `${incident.kind} after`,
      );
    }
  }
  // The deploy comes after the first cycle's incidents, so orders@1.0.0 has seen each of them.
  for (const incident of INCIDENTS) assert.ok(incident.atMs + incident.durationMs <= DEPLOY_AT_MS);
  assert.ok(DEPLOY_AT_MS < CYCLE_MS);
});

test('the same seed sends the same requests, and the mix reaches every route and failure', () => {
  const draw = (seed: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: 400 }, () => shopperRequest(random));
  };
  const first = draw(1);
  assert.deepEqual(draw(1), first);
  assert.notDeepEqual(draw(2), first);
  for (const wanted of [
    /^\/checkout\/\d+$/,
    /coupon=SPRING23/,
    /coupon=WELCOME/,
    /region=islands/,
    /q=50%\+off/,
  ])
    assert.ok(
      first.some((path) => wanted.test(path)),
      `no request matched ${wanted}`,
    );
});
