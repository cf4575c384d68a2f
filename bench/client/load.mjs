// The open-loop load generator: logical requests arrive as a Poisson process at a fixed
// rate whatever the server answers (a closed-loop tool slows down with the server and hides
// the storm; anchors §4.3). 70 % GET, 30 % POST, spread round-robin over N client instances.

import { rng } from '../shared/rng.mjs';

const TICK_MS = 2;
export const DEADLINE_MS = 5000;
const DRAIN_CAP_MS = DEADLINE_MS + 2000;

/**
 * Runs the open loop for `durationMs`; `phases` are [atMs, fn] called on schedule.
 * Returns the per-logical records and the attempt timestamps (ms since start).
 */
export async function openLoop({ rate, durationMs, senders, seed, phases, keys }) {
  const random = rng(seed); // seeded: every contender sees the same arrival pattern
  const records = [];
  const attempts = [];
  const pending = new Set();
  const start = performance.now();
  const counters = senders.map(() => () => attempts.push(performance.now() - start));
  const calls = senders.map((make, i) => make(counters[i]));
  let next = -Math.log(1 - random()) * (1000 / rate);
  let id = 0;
  const todo = [...phases].sort((a, b) => a[0] - b[0]);
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now() - start;
      while (todo.length > 0 && todo[0][0] <= now) todo.shift()[1]();
      while (next <= now && next < durationMs) {
        issue(next);
        next += -Math.log(1 - random()) * (1000 / rate);
      }
      if (next >= durationMs && todo.length === 0) resolve();
      else setTimeout(tick, TICK_MS);
    };
    tick();
  });

  function issue(at) {
    const n = id++;
    const post = random() < 0.3;
    const call = post
      ? {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-bench-id': String(n),
            ...(keys === 'all' ? { 'idempotency-key': `"bench-${seed}-${n}"` } : {}),
          },
          body: `{"n":${n}}`,
        }
      : { method: 'GET', headers: { 'x-bench-id': String(n) } };
    const record = { at, end: undefined, ok: false };
    records.push(record);
    const deadline = AbortSignal.timeout(DEADLINE_MS);
    const p = Promise.resolve()
      .then(() => calls[n % calls.length](call, deadline))
      .then(
        () => {
          record.ok = true;
        },
        () => {},
      )
      .finally(() => {
        record.end = performance.now() - start;
        pending.delete(p);
      });
    pending.add(p);
  }

  // Drain: every call is bounded by its 5 s deadline; a library that ignores the signal is
  // cut off after DRAIN_CAP_MS and its unfinished calls count as failures.
  await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, DRAIN_CAP_MS))]);
  const unfinished = pending.size;
  for (const c of calls) c.close?.();
  return { records, attempts, unfinished };
}
