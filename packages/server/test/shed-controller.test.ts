/**
 * The shedder driven by hand: a scripted load source, a scripted random number, and
 * `sample(now)` in place of the timer. Smoothing, state messages, counters, exemption, and
 * the one response every adapter sends for a refused request.
 */

import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { test } from 'node:test';
import { createFaultline, RequestScope, type ShedStateMessage } from '../src/index.js';
import { SHED_SETTLE_MS } from '../src/limits.js';
import type { LoadSource } from '../src/shed/load-sampler.js';
import type { LoadSignals } from '../src/shed/pressure.js';
import { resolveShedOptions } from '../src/shed/shed-options.js';
import { Shedder } from '../src/shed/shedder.js';

const GiB = 1024 ** 3;

function scripted(heapUsedBytes = 100e6) {
  const next: LoadSignals = { eventLoopDelayMs: 0, eventLoopUtilization: 0.1, heapUsedBytes };
  let closed = false;
  const source: LoadSource = {
    read: () => ({ ...next }),
    heapUsedBytes: () => next.heapUsedBytes,
    close: () => {
      closed = true;
    },
  };
  return { source, next, closed: () => closed };
}

/** A clock the turn guard reads, and the end of the loop turn run by hand. */
function turns() {
  const t = { now: 0, reads: 0, deferred: [] as (() => void)[] };
  return {
    t,
    deps: {
      now: () => {
        t.reads++;
        return t.now;
      },
      defer: (fn: () => void) => t.deferred.push(fn),
    },
    endTurn: () => {
      for (const fn of t.deferred.splice(0)) fn();
    },
  };
}

function shedder(options: Parameters<typeof resolveShedOptions>[0], load = scripted(), random = () => 0.5) {
  let r = random;
  const turn = turns();
  const s = new Shedder(resolveShedOptions(options, 2 * GiB), {
    source: load.source,
    timer: false,
    random: () => r(),
    ...turn.deps,
  });
  s.sample(0); // the first sample only sets the baselines
  const setRandom = (f: () => number) => {
    r = f;
  };
  return { s, load, turn, setRandom };
}

function listen(): { messages: ShedStateMessage[]; stop: () => void } {
  const messages: ShedStateMessage[] = [];
  const onMessage = (m: unknown) => messages.push(m as ShedStateMessage);
  diagnostics.subscribe('faultline:shed:state', onMessage);
  return { messages, stop: () => diagnostics.unsubscribe('faultline:shed:state', onMessage) };
}

test('a calm process admits every request without drawing a random number or reading the clock', () => {
  let draws = 0;
  const { s, turn } = shedder(true, scripted(), () => {
    draws++;
    return 0;
  });
  for (let t = 0; t < 10; t++) s.sample(t * 20);
  turn.t.now = 1e6; // a turn that has run for ages: the guard is not even asked
  for (let i = 0; i < 1000; i++) assert.equal(s.decide('/orders'), undefined);
  assert.equal(draws, 0);
  assert.equal(turn.t.reads, 0);
  assert.equal(s.stats().state, 'ok');
  assert.equal(s.stats().shed, 0);
});

test('one stall moves the smoothed delay a third of the way; sustained delay sheds in proportion', () => {
  const { s, load } = shedder({ maxEventLoopDelayMs: 20 });
  load.next.eventLoopDelayMs = 90;
  s.sample(20);
  assert.ok(Math.abs(s.stats().eventLoopDelayMs - 30) < 1e-9);
  assert.ok(Math.abs(s.probability - 0.5) < 1e-9, '30 ms against 20 → half');
  s.sample(40);
  assert.equal(s.probability, 1, '50 ms smoothed → everything');
  load.next.eventLoopDelayMs = 0;
  for (let t = 60; t < 400; t += 20) s.sample(t);
  assert.equal(s.probability, 0, 'the delay decays back below the threshold');
});

test('the share refused matches the probability; Retry-After stays within its bounds and varies', () => {
  const { s, load, setRandom } = shedder({
    maxEventLoopDelayMs: 20,
    retryAfterMinSeconds: 3,
    retryAfterMaxSeconds: 9,
  });
  load.next.eventLoopDelayMs = 25 * 3; // smoothed to 25 → p = 0.25
  s.sample(20);
  assert.ok(Math.abs(s.probability - 0.25) < 1e-9);
  setRandom(Math.random);
  const seen = new Set<number>();
  let refused = 0;
  const n = 40_000;
  for (let i = 0; i < n; i++) {
    const retryAfter = s.decide('/orders?id=1');
    if (retryAfter === undefined) continue;
    refused++;
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 3 && retryAfter <= 9);
    seen.add(retryAfter);
  }
  assert.ok(Math.abs(refused / n - 0.25) < 0.02, `refused ${refused / n}`);
  assert.equal(seen.size, 7, 'all of 3..9 are used');
  assert.equal(s.stats().shed, refused);
});

test('health paths are never refused, and counted apart', () => {
  const { s, load } = shedder({ maxEventLoopDelayMs: 20 });
  load.next.eventLoopDelayMs = 300;
  s.sample(20);
  assert.equal(s.probability, 1);
  assert.notEqual(s.decide('/orders'), undefined);
  for (const path of ['/health', '/healthz?x=1', '/ready', '/readyz', '/live', '/livez']) {
    assert.equal(s.decide(path), undefined, path);
  }
  assert.equal(s.stats().exempted, 6);
  assert.equal(s.stats().shed, 1);
});

test("the first sample (the rest of the app's start-up) sets baselines and sheds nothing", () => {
  const load = scripted();
  load.next.eventLoopDelayMs = 500;
  const s = new Shedder(resolveShedOptions({ maxEventLoopDelayMs: 20 }, 2 * GiB), {
    source: load.source,
    timer: false,
  });
  s.sample(20);
  assert.equal(s.probability, 0);
  assert.equal(s.stats().state, 'ok');
  s.sample(40);
  assert.ok(s.probability > 0, 'from the second sample on the delay counts');
});

test('a busy loop turns the guard on: a turn that has run the delay threshold refuses the rest', () => {
  const { s, load, turn } = shedder({ maxEventLoopDelayMs: 10 });
  load.next.eventLoopUtilization = 0.9; // busy, but no delay yet: probability 0
  s.sample(20);
  assert.equal(s.probability, 0);
  turn.t.now = 100;
  assert.equal(s.decide('/orders'), undefined, 'the first request of a turn starts it');
  turn.t.now = 109;
  assert.equal(s.decide('/orders'), undefined, '9 ms into the turn');
  turn.t.now = 110;
  const retryAfter = s.decide('/orders');
  assert.ok(retryAfter !== undefined && retryAfter >= 2 && retryAfter <= 8, '10 ms into the turn: refused');
  assert.equal(s.decide('/healthz'), undefined, 'health paths still pass');
  assert.equal(s.stats().shed, 1);
  assert.equal(s.stats().state, 'shedding');
  assert.equal(s.stats().signal, 'eventLoopDelayMs');
  turn.endTurn();
  turn.t.now = 200;
  assert.equal(s.decide('/orders'), undefined, 'a new turn admits again');
  // A calm window disarms it.
  load.next.eventLoopUtilization = 0.1;
  s.sample(40);
  const reads = turn.t.reads;
  turn.t.now = 1e6;
  assert.equal(s.decide('/orders'), undefined);
  assert.equal(turn.t.reads, reads);
});

test('without the delay signal there is no turn guard', () => {
  const { s, load, turn } = shedder({ maxEventLoopDelayMs: false, maxHeapUsedBytes: 1e12 });
  load.next.eventLoopUtilization = 1;
  s.sample(20);
  turn.t.now = 1e6;
  assert.equal(s.decide('/orders'), undefined);
  assert.equal(turn.t.reads, 0);
});

test('the heap needs no window: a process past its heap threshold sheds from the start', () => {
  const { s } = shedder({ maxHeapUsedBytes: 50e6 }, scripted(100e6));
  assert.equal(s.probability, 1);
  assert.equal(s.stats().signal, 'heapUsedBytes');
  const calm = shedder({ maxHeapUsedBytes: 500e6 }, scripted(100e6)).s;
  assert.equal(calm.probability, 0);
});

test('one message when shedding starts and one when it has stopped for SHED_SETTLE_MS', () => {
  const channel = listen();
  try {
    const { s, load } = shedder({ maxEventLoopDelayMs: 20 });
    load.next.eventLoopDelayMs = 120;
    s.sample(20);
    assert.equal(channel.messages.length, 1);
    const [start] = channel.messages;
    assert.equal(start?.state, 'shedding');
    assert.equal(start?.signal, 'eventLoopDelayMs');
    assert.ok((start?.probability ?? 0) > 0);
    for (let i = 0; i < 5; i++) s.decide('/x');
    // Hovering around the threshold for a while is one episode, not one message per sample.
    let t = 20;
    for (let i = 0; i < 20; i++) {
      load.next.eventLoopDelayMs = i % 2 === 0 ? 0 : 60;
      t += 20;
      s.sample(t);
    }
    assert.equal(channel.messages.length, 1);
    load.next.eventLoopDelayMs = 0;
    while (s.probability > 0) {
      t += 20;
      s.sample(t);
    }
    const lastPressure = t - 20; // the last sample that still shed
    s.sample(lastPressure + SHED_SETTLE_MS - 20);
    assert.equal(channel.messages.length, 1, 'not yet settled');
    s.sample(lastPressure + SHED_SETTLE_MS);
    assert.equal(channel.messages.length, 2);
    const end = channel.messages[1];
    assert.equal(end?.state, 'ok');
    assert.equal(end?.probability, 0);
    assert.ok((end?.shed ?? 0) >= 1, 'the episode counts what it refused');
    assert.ok((end?.durationMs ?? 0) >= SHED_SETTLE_MS);
    assert.equal(s.stats().state, 'ok');
  } finally {
    channel.stop();
  }
});

test('close() stops sampling and admits everything', () => {
  const load = scripted();
  const { s } = shedder({ maxEventLoopDelayMs: 20 }, load);
  load.next.eventLoopDelayMs = 500;
  s.sample(20);
  assert.equal(s.probability, 1);
  s.close();
  assert.ok(load.closed());
  assert.equal(s.decide('/orders'), undefined);
});

test('faultline.admit: a refused request gets a 503 overload problem and its scope is marked shed', async () => {
  const faultline = createFaultline({
    shed: { maxHeapUsedBytes: 1, retryAfterMinSeconds: 4, retryAfterMaxSeconds: 6 },
  });
  try {
    const scope = new RequestScope((name) => (name === 'x-request-id' ? 'req-shed-1' : undefined));
    const r = faultline.admit(scope, '/orders');
    assert.ok(r, 'refused');
    assert.equal(scope.shed, true);
    assert.equal(r.status, 503);
    assert.equal(r.headers['content-type'], 'application/problem+json');
    assert.equal(r.headers['x-request-id'], 'req-shed-1');
    assert.equal(r.headers['cache-control'], 'no-store');
    const retryAfter = Number(r.headers['retry-after']);
    assert.ok(retryAfter >= 4 && retryAfter <= 6);
    const body = JSON.parse(r.body);
    assert.deepEqual(Object.keys(body).sort(), [
      'instance',
      'requestId',
      'retryAfter',
      'retryable',
      'status',
      'title',
      'traceId',
      'type',
    ]);
    assert.equal(body.type, 'about:blank');
    assert.equal(body.title, 'Service Unavailable');
    assert.equal(body.status, 503);
    assert.equal(body.instance, 'req-shed-1');
    assert.equal(body.retryAfter, retryAfter);
    assert.equal(body.retryable, false, 'overload: only the caller directly above may come back');
    assert.equal(body.detail, undefined);

    const health = new RequestScope(() => undefined);
    assert.equal(faultline.admit(health, '/healthz'), undefined);
    assert.equal(health.shed, false);
    assert.equal(faultline.shedder?.stats().shed, 1);
    assert.equal(faultline.shedder?.stats().exempted, 1);
  } finally {
    await faultline.close();
  }
  const off = createFaultline();
  assert.equal(off.shedder, undefined);
  assert.equal(off.admit(new RequestScope(() => undefined), '/orders'), undefined);
});

test('a bad shed option fails createFaultline with a ConfigError', () => {
  assert.throws(() => createFaultline({ shed: { maxEventLoopDelayMs: -1 } }), /shed.maxEventLoopDelayMs/);
});
