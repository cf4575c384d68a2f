// Child of run.mjs: times every case of cases.mjs for one checkout and prints
// {"case": ns per operation | null} as one JSON line. A fresh process per checkout and round,
// so that one checkout's JIT state never helps the other's.
import { loadCases } from './cases.mjs';

const [root, budgetMs] = [process.argv[2], Number(process.argv[3] ?? 300)];
let sink;

/** Runs `op` in batches until `budgetMs` has passed (after a warm-up); the best batch's ns/op. */
function time(op) {
  let n = 1;
  for (let t = 0; t < 20 && n < 1e6; ) {
    const start = performance.now();
    for (let i = 0; i < n; i++) sink = op();
    const ms = performance.now() - start;
    if (ms > 5) break;
    n *= 2;
    t++;
  }
  let best = Number.POSITIVE_INFINITY;
  const end = performance.now() + budgetMs;
  while (performance.now() < end) {
    const start = performance.now();
    for (let i = 0; i < n; i++) sink = op();
    best = Math.min(best, ((performance.now() - start) * 1e6) / n);
  }
  return best;
}

const out = {};
for (const [name, op] of Object.entries(await loadCases(root))) out[name] = op ? time(op) : null;
if (sink === Symbol.for('never')) console.error('unreachable');
process.stdout.write(`${JSON.stringify(out)}\n`);
