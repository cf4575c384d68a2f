// A discrete-event model of one Node event loop in front of the real Shedder (virtual clock,
// no sockets, no noise): why a sampler alone cannot keep admitted requests on time at 2×, and
// what the turn guard changes. `node bench/shed/model.mjs` (after `npm run build`).
//
// Each turn: timers (the 10 ms histogram tick, the 20 ms sampler, I/O continuations that write
// a response), then every request that had arrived when the turn began, admitted (S ms of CPU,
// then an awaited I/O of `io` ms) or refused (`refuseMs`), then the check phase (end of the
// turn).
import { resolveShedOptions } from '../../packages/server/dist/src/shed/shed-options.js';
import { Shedder } from '../../packages/server/dist/src/shed/shedder.js';
import { prng } from '../client/load.mjs';

const RESOLUTION_MS = 10;
const TIMEOUT_MS = 2000;

/**
 * @param mode 'none' | 'sampled' (the graded share only: the guard's clock never moves) |
 *   'shed' (the Shedder as shipped) | 'oracle' (refuse once the turn has run `turnMs`)
 */
export function simulate({
  mode,
  rate,
  seconds = 10,
  S = 4,
  io = 20,
  refuseMs = 0.05,
  writeMs = 0.1,
  poisson = false,
  seed = 1,
  shed = true,
  turnMs = 10,
}) {
  const random = prng(seed);
  let now = 0;
  let active = 0;
  const hist = { last: 0, count: 0, sum: 0, readCount: 0, readSum: 0 };
  let elu = { active: 0, at: 0 };
  const source = {
    read(lateMs) {
      const n = hist.count - hist.readCount;
      const sum = hist.sum - hist.readSum;
      hist.readCount = hist.count;
      hist.readSum = hist.sum;
      const utilization = (active - elu.active) / Math.max(1e-9, now - elu.at);
      elu = { active, at: now };
      return {
        eventLoopDelayMs: Math.max(n > 0 ? sum / n - RESOLUTION_MS : 0, lateMs, 0),
        eventLoopUtilization: Math.min(1, utilization),
        heapUsedBytes: 1e6,
      };
    },
    heapUsedBytes: () => 1e6,
    close() {},
  };
  const deferred = [];
  const usesShedder = mode === 'sampled' || mode === 'shed';
  const shedder = usesShedder
    ? new Shedder(resolveShedOptions(shed, 4e9), {
        source,
        timer: false,
        random,
        now: mode === 'shed' ? () => now : () => 0,
        defer: (fn) => deferred.push(fn),
      })
    : undefined;
  const interval = 20;
  let lastSample = 0;
  shedder?.sample(0);
  const arrivals = [];
  for (
    let t = 100;
    t < seconds * 1000;
    t += poisson ? (-Math.log(1 - random()) * 1000) / rate : 1000 / rate
  ) {
    arrivals.push(t);
  }
  let next = 0;
  const continuations = []; // [due, arrival]; dues only grow
  let head = 0;
  const latencies = [];
  let refused = 0;
  const work = (ms) => {
    now += ms;
    active += ms;
  };
  while (next < arrivals.length || head < continuations.length) {
    if (now >= hist.last + RESOLUTION_MS) {
      if (hist.last > 0) {
        hist.count++;
        hist.sum += now - hist.last;
      }
      hist.last = now;
    }
    if (shedder && now >= lastSample + interval) {
      shedder.sample(now);
      lastSample = now;
    }
    while (head < continuations.length && continuations[head][0] <= now) {
      const arrival = continuations[head++][1];
      work(writeMs);
      latencies.push(now - arrival);
    }
    const turnStart = now;
    let read = 0;
    // One epoll wake-up: the requests that had arrived when the turn began, not those that
    // arrive while it runs.
    let ready = next;
    while (ready < arrivals.length && arrivals[ready] <= turnStart) ready++;
    while (next < ready) {
      const arrival = arrivals[next++];
      read++;
      const refuse =
        mode === 'oracle'
          ? now - turnStart >= turnMs
          : shedder
            ? shedder.decide('/work') !== undefined
            : false;
      if (refuse) {
        refused++;
        work(refuseMs);
      } else {
        work(S);
        continuations.push([now + io, arrival]);
      }
    }
    for (const fn of deferred.splice(0)) fn();
    if (read === 0) {
      const wake = Math.min(
        arrivals[next] ?? Number.POSITIVE_INFINITY,
        head < continuations.length ? continuations[head][0] : Number.POSITIVE_INFINITY,
        hist.last + RESOLUTION_MS,
        shedder ? lastSample + interval : Number.POSITIVE_INFINITY,
      );
      now = Math.max(now, wake);
    }
  }
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return {
    p50: q(0.5),
    p99: q(0.99),
    // As in the bench, an answer after the client's 2 s timeout is not goodput.
    perSecond: latencies.filter((ms) => ms <= TIMEOUT_MS).length / seconds,
    refused: refused / arrivals.length,
  };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const S = 4;
  const capacity = 1000 / (S + 0.1);
  const rows = [
    '| arrivals | check | goodput ÷ capacity | admitted p99 ÷ unloaded p99 | refused |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  for (const poisson of [false, true]) {
    const unloaded = simulate({ mode: 'none', rate: capacity * 0.25, poisson });
    for (const mode of ['none', 'sampled', 'shed', 'oracle']) {
      const r = simulate({ mode, rate: capacity * 2, poisson });
      rows.push(
        `| ${poisson ? 'Poisson' : 'even'} | ${mode} | ${(r.perSecond / capacity).toFixed(2)} | ${(r.p99 / unloaded.p99).toFixed(2)} | ${(100 * r.refused).toFixed(0)} % |`,
      );
    }
  }
  console.log(
    `Model: ${S} ms CPU + 20 ms I/O per request, 2× capacity for 10 s, shed: true.\n\n${rows.join('\n')}`,
  );
}
