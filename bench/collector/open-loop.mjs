// Fixed rate, open loop: requests are scheduled evenly whatever the answers, round-robin over
// `senders` senders (sender.mjs: one keep-alive connection each, as one SDK), and each latency is
// counted from the request's scheduled time, so a server that falls behind cannot hide it (no
// coordinated omission). Used for p99 at half the maximum rate and for 2× overload. autocannon's
// `overallRate` is not suitable: each connection sends its quota of the second back to back, then
// waits for the next second.
//
// A refused sender holds its events back as an SDK does (Retry-After: they are dropped, counted
// in `held`), so at 2× the collector sees what SDKs would send it; `abusive: true` sends them
// anyway (senders that ignore Retry-After).
//
// The connections are opened before the clock starts (one GET /health each), as SDKs keep
// theirs alive. Opened during the run, at 2× overload, they measured the listen backlog instead:
// a saturated node:http server accepts one connection per event-loop turn (strace: one accept4
// per ~25 ms turn, never EAGAIN), so the last of 256 new connections waited 2-5 s before its
// first byte was read, with the old code and the new alike, and made the p99.
import { Sender } from './sender.mjs';

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : Number.NaN;

/**
 * @example const r = await openLoop({ url, dsn, pool, rate: 1000, duration: 6 });
 * r.p99 // ms, 2xx answers; r.share429; r.held (events senders kept back, as SDKs do)
 * `timeline`, an array, receives [ms from the start it was scheduled at, latency ms] per 2xx.
 */
export async function openLoop({
  url,
  dsn,
  pool,
  rate,
  duration,
  senders = 256,
  abusive = false,
  timeline = undefined,
}) {
  const all = Array.from({ length: senders }, () => new Sender(url, dsn, { abusive }));
  await Promise.all(all.map((s) => s.connect().catch(() => {})));
  const total = Math.max(1, Math.round(rate * duration));
  const interval = 1000 / rate;
  const ok = [];
  const statuses = {};
  let errors = 0;
  let held = 0;
  let sent = 0;
  let done = 0;
  let sendSeconds = duration;
  const t0 = performance.now();
  const result = await new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      errors += total - done; // never answered
      const seconds = (performance.now() - t0) / 1000;
      ok.sort((a, b) => a - b);
      resolve({
        // What the generator really scheduled per second (below `rate` if it could not keep up).
        offered: total / sendSeconds,
        rate: ok.length / seconds,
        ok: ok.length,
        statuses,
        errors,
        held,
        share429: (statuses[429] ?? 0) / total,
        shareHeld: held / total,
        p50: percentile(ok, 0.5),
        p99: percentile(ok, 0.99),
      });
    };
    const settle = () => {
      if (++done === total) finish();
    };
    const send = (i, scheduled) => {
      const sender = all[i % senders];
      if (sender.holding()) {
        held++;
        settle();
        return;
      }
      sender.send(pool.next()).then(({ status }) => {
        if (status === 0) errors++;
        else {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 200) {
            ok.push(performance.now() - scheduled);
            timeline?.push([scheduled - t0, performance.now() - scheduled]);
          }
        }
        settle();
      });
    };
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - t0) / interval) + 1);
      while (sent < due) {
        send(sent, t0 + sent * interval);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
      else sendSeconds = Math.max(duration, (performance.now() - t0) / 1000);
    };
    // Answers still missing this long after the last send count as errors.
    const deadline = setTimeout(finish, (duration + 30) * 1000);
    tick();
  });
  await Promise.all(all.map((s) => s.close()));
  return result;
}
