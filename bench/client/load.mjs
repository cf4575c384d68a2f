// The open-loop load generator: logical requests arrive as a Poisson process at a fixed
// rate whatever the server answers (a closed-loop tool slows down with the server and hides
// the storm; anchors §4.3). 70 % GET, 30 % POST, spread round-robin over N client instances.

const TICK_MS = 2;
export const DEADLINE_MS = 5000;
const DRAIN_CAP_MS = DEADLINE_MS + 2000;

/** A small seeded PRNG (mulberry32) so every contender sees the same arrival pattern. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs the open loop for `durationMs`; `phases` are [atMs, fn] called on schedule.
 * Returns the per-logical records and the attempt timestamps (ms since start).
 */
export async function openLoop({ rate, durationMs, senders, seed, phases, keys }) {
  const random = prng(seed);
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
