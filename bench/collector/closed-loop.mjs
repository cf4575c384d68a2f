// Maximum rate, closed loop: `connections` senders (sender.mjs), each posting its next envelope
// as soon as the previous one is answered, every request a distinct gzipped envelope from the
// pool. A sender that is refused waits as an SDK does (Retry-After) before it sends again, so a
// refusal takes its load away for that long, as it would in production; `abusive: true` resends
// at once instead (what autocannon, used here before, does): the collector must stay up and fair
// under that, not fast.
import { Sender } from './sender.mjs';

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : Number.NaN;

/** Jain's fairness index of what each sender got accepted: 1 when equal, 1/n when one got all. */
export function jain(counts) {
  const sum = counts.reduce((a, b) => a + b, 0);
  const squares = counts.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? Number.NaN : (sum * sum) / (counts.length * squares);
}

/**
 * @example const r = await closedLoop({ url, dsn, pool, connections: 64, duration: 6 });
 * r.rate // 2xx answers per second; r.fairness // Jain's index over the senders' accepted counts
 */
export async function closedLoop({ url, dsn, pool, connections, duration, abusive = false }) {
  const senders = Array.from({ length: connections }, () => new Sender(url, dsn, { abusive }));
  await Promise.all(senders.map((s) => s.connect().catch(() => {})));
  const ok = [];
  const statuses = {};
  const accepted = senders.map(() => 0);
  let errors = 0;
  const started = performance.now();
  const end = started + duration * 1000;
  await Promise.all(
    senders.map(async (sender, i) => {
      while (performance.now() < end) {
        if (sender.holding()) {
          await new Promise((r) => setTimeout(r, Math.min(sender.until, end) - performance.now()));
          continue;
        }
        const { status, ms } = await sender.send(pool.next());
        if (status === 0) {
          errors++;
          continue;
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 200) {
          ok.push(ms);
          accepted[i]++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(senders.map((s) => s.close()));
  ok.sort((a, b) => a - b);
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    rate: ok.length / seconds,
    ok: ok.length,
    non2xx: answered - ok.length,
    statuses,
    errors,
    share429: (statuses[429] ?? 0) / Math.max(1, answered),
    p50: percentile(ok, 0.5),
    p99: percentile(ok, 0.99),
    fairness: jain(accepted),
    minAccepted: Math.min(...accepted),
    maxAccepted: Math.max(...accepted),
    /** Each accepted request's time (ms), sorted: runs over several collectors merge these. */
    latencies: ok,
  };
}
