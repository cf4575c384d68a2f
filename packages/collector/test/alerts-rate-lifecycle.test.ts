/**
 * A rate rule's lifecycle decision (issue 14 §1 "Rate rules have a lifecycle"), pure, time a
 * parameter: below minRequests it never fires and says so with the values; over the threshold it
 * fires once; between 0.8 × threshold and the threshold an open incident stays open (hysteresis)
 * and its recovery starts over; it resolves only after one whole window below 0.8 × threshold;
 * the action interval throttles the next incident of the route; slo-burn resolves as soon as no
 * pair burns; and a rate rule with filters of event fields is refused.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideRate } from '../src/alerts/rates/decide-rate.js';
import { measureRouteRate, measureSloBurn } from '../src/alerts/rates/measure-rate.js';
import { AlertRuleError } from '../src/alerts/rules/alert-rule-error.js';
import { parseAlertRule } from '../src/alerts/rules/parse-rule.js';
import type { AlertChannel, RouteRateTrigger } from '../src/alerts/rules/rule-types.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const trigger: RouteRateTrigger = {
  type: 'route-5xx-rate',
  threshold: 0.5,
  windowMinutes: 5,
  minRequests: 10,
};
const channels: AlertChannel[] = [
  { type: 'webhook', url: 'https://hooks.example.com/x', secret: 'whsec_x', id: 'ch_1' },
];
const rule = { trigger, channels, actionIntervalMinutes: 30 };
const counts = (requests: number, errors: number) =>
  measureRouteRate(trigger, { windows: new Map([[5, { requests, errors }]]) });

test('below minRequests it never fires, and says why with the values', () => {
  const d = decideRate(rule, { measure: counts(9, 9), incident: undefined, lastNotifiedAt: null, now: T0 });
  assert.equal(d.action, 'none');
  assert.equal(d.reason, 'below-min-requests');
  assert.equal(
    d.detail(),
    'too few requests to fire: 9 of 9 requests answered 5xx in the last 5 min (100 %; threshold 50 %, at least 10 requests)',
  );
});

test('at the threshold it fires; just below it does not', () => {
  assert.equal(
    decideRate(rule, { measure: counts(10, 5), incident: undefined, lastNotifiedAt: null, now: T0 }).action,
    'fire',
  );
  const below = decideRate(rule, {
    measure: counts(10, 4),
    incident: undefined,
    lastNotifiedAt: null,
    now: T0,
  });
  assert.equal(below.reason, 'below-threshold');
});

test('an open incident resolves after one whole window below 0.8 × threshold, and the band between holds it', () => {
  const open = (belowSince: number | null) => ({ belowSince });
  // 45 %: under the threshold but over 0.8 × 50 % = 40 %: still firing, no recovery started.
  const band = decideRate(rule, {
    measure: counts(100, 45),
    incident: open(null),
    lastNotifiedAt: T0,
    now: T0 + MINUTE,
  });
  assert.deepEqual([band.action, band.reason], ['hold', 'firing']);
  // Exactly 40 % is not below the resolve line.
  const atLine = decideRate(rule, {
    measure: counts(100, 40),
    incident: open(null),
    lastNotifiedAt: T0,
    now: T0 + MINUTE,
  });
  assert.equal(atLine.reason, 'firing');
  // 30 %: recovery starts now.
  const t1 = T0 + 2 * MINUTE;
  const rec = decideRate(rule, {
    measure: counts(100, 30),
    incident: open(null),
    lastNotifiedAt: T0,
    now: t1,
  });
  assert.equal(rec.action, 'hold');
  assert.equal(rec.action === 'hold' && rec.belowSince, t1);
  // Back into the band before a window passed: recovery starts over.
  const back = decideRate(rule, {
    measure: counts(100, 45),
    incident: open(t1),
    lastNotifiedAt: T0,
    now: t1 + MINUTE,
  });
  assert.equal(back.action === 'hold' && back.belowSince, null);
  // Below again from t2: one millisecond short of a window it holds, at a whole window it resolves.
  const t2 = t1 + 2 * MINUTE;
  const short = decideRate(rule, {
    measure: counts(100, 10),
    incident: open(t2),
    lastNotifiedAt: T0,
    now: t2 + 5 * MINUTE - 1,
  });
  assert.deepEqual([short.action, short.reason], ['hold', 'recovering']);
  const done = decideRate(rule, {
    measure: counts(100, 10),
    incident: open(t2),
    lastNotifiedAt: T0,
    now: t2 + 5 * MINUTE,
  });
  assert.deepEqual([done.action, done.reason], ['resolve', 'resolved']);
  // No requests at all is no 5xx: it recovers too.
  const quiet = decideRate(rule, {
    measure: counts(0, 0),
    incident: open(t2),
    lastNotifiedAt: T0,
    now: t2 + 6 * MINUTE,
  });
  assert.equal(quiet.action, 'resolve');
});

test('the action interval holds the next incident of the route; after it, the route fires again', () => {
  const within = decideRate(rule, {
    measure: counts(20, 20),
    incident: undefined,
    lastNotifiedAt: T0,
    now: T0 + 29 * MINUTE,
  });
  assert.equal(within.reason, 'throttled');
  assert.match(within.detail(), /notified 29 min ago, within the action interval of 30 min/);
  const after = decideRate(rule, {
    measure: counts(20, 20),
    incident: undefined,
    lastNotifiedAt: T0,
    now: T0 + 30 * MINUTE,
  });
  assert.equal(after.action, 'fire');
});

test('a rule whose channels are all disabled does not fire, and says so', () => {
  const disabled = { ...rule, channels: [{ ...channels[0]!, disabled: { at: T0, reason: '410' } }] };
  const d = decideRate(disabled, {
    measure: counts(20, 20),
    incident: undefined,
    lastNotifiedAt: null,
    now: T0,
  });
  assert.equal(d.reason, 'no-channel');
});

test('slo-burn resolves as soon as neither window pair burns', () => {
  const slo = { ...rule, trigger: { type: 'slo-burn' as const, objective: 0.999 } };
  const burning = measureSloBurn(slo.trigger, {
    windows: new Map([
      [60, { requests: 1000, errors: 20 }],
      [5, { requests: 100, errors: 2 }],
    ]),
  });
  assert.equal(
    decideRate(slo, { measure: burning, incident: undefined, lastNotifiedAt: null, now: T0 }).action,
    'fire',
  );
  assert.equal(
    decideRate(slo, { measure: burning, incident: { belowSince: null }, lastNotifiedAt: T0, now: T0 }).reason,
    'firing',
  );
  const calm = measureSloBurn(slo.trigger, {
    windows: new Map([
      [60, { requests: 1000, errors: 20 }],
      [5, { requests: 100, errors: 0 }],
    ]),
  });
  assert.equal(
    decideRate(slo, { measure: calm, incident: { belowSince: null }, lastNotifiedAt: T0, now: T0 + MINUTE })
      .action,
    'resolve',
  );
});

test('a rate rule with a filter of event fields is refused, naming the filter', () => {
  assert.throws(
    () =>
      parseAlertRule({
        name: 'rate',
        trigger: { type: 'route-5xx-rate', threshold: 0.1, windowMinutes: 5, minRequests: 20 },
        filters: { level: 'error' },
        channels: [{ type: 'webhook', url: 'https://hooks.example.com/x' }],
      }),
    (e: unknown) =>
      e instanceof AlertRuleError &&
      e.field === 'filters.level' &&
      /does not apply to a route-5xx-rate rule/.test(e.message),
  );
  // environment, release and route are what request counts have.
  const rule = parseAlertRule({
    name: 'rate',
    trigger: { type: 'slo-burn', objective: 0.999 },
    filters: { environment: 'production', release: '1.2.0', route: '/users/:id' },
    channels: [{ type: 'webhook', url: 'https://hooks.example.com/x' }],
  });
  assert.deepEqual(rule.filters, { environment: 'production', release: '1.2.0', route: '/users/:id' });
});
