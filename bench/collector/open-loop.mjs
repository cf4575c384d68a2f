// Fixed rate, open loop: requests are sent on a schedule (evenly spaced) whatever the answers,
// over up to `maxSockets` keep-alive connections, and each latency is counted from the request's
// scheduled time, so a server that falls behind cannot hide it (no coordinated omission).
// Used for p99 at half the maximum rate and for 2× overload. autocannon's `overallRate` is not:
// each connection sends its quota of the second back to back, then waits for the next second.
//
// The connections are opened before the clock starts (one GET /health each), as SDKs keep
// theirs alive. Opened during the run, at 2× overload, they measured the listen backlog instead:
// a saturated node:http server accepts one connection per event-loop turn (strace: one accept4
// per ~25 ms turn, never EAGAIN), so the last of 256 new connections waited 2-5 s before its
// first byte was read, with the old code and the new alike, and made the p99.
import http from 'node:http';
import { INGEST_HEADERS, ingestPath } from './envelopes.mjs';

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;

/**
 * @example const r = await openLoop({ url, dsn, pool, rate: 1000, duration: 6 });
 * r.p99 // ms, 2xx answers; r.share429
 */
export function openLoop({ url, dsn, pool, rate, duration, maxSockets = 256 }) {
  const { hostname, port } = new URL(url);
  const path = ingestPath(dsn);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const total = Math.max(1, Math.round(rate * duration));
  const interval = 1000 / rate;
  const ok = [];
  const statuses = {};
  let errors = 0;
  let sent = 0;
  let done = 0;
  let sendSeconds = duration;
  let t0 = performance.now();

  return preconnect(agent, hostname, port, maxSockets).then(
    () =>
      new Promise((resolve) => {
        t0 = performance.now();
        let finished = false;
        const finish = () => {
          if (finished) return;
          finished = true;
          clearTimeout(deadline);
          errors += total - done; // never answered
          const seconds = (performance.now() - t0) / 1000;
          agent.destroy();
          ok.sort((a, b) => a - b);
          resolve({
            // What the generator really sent per second (below `rate` if it could not keep up).
            offered: total / sendSeconds,
            rate: ok.length / seconds,
            ok: ok.length,
            statuses,
            errors,
            share429: (statuses[429] ?? 0) / total,
            p50: percentile(ok, 0.5),
            p99: percentile(ok, 0.99),
          });
        };
        const send = (scheduled) => {
          const body = pool.next();
          const req = http.request(
            {
              agent,
              hostname,
              port,
              path,
              method: 'POST',
              headers: { ...INGEST_HEADERS, 'content-length': body.length },
            },
            (res) => {
              res.resume();
              res.on('end', () => {
                statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
                if (res.statusCode === 200) ok.push(performance.now() - scheduled);
                if (++done === total) finish();
              });
            },
          );
          req.on('error', () => {
            errors++;
            if (++done === total) finish();
          });
          req.end(body);
        };
        const tick = () => {
          const due = Math.min(total, Math.floor((performance.now() - t0) / interval) + 1);
          while (sent < due) send(t0 + sent++ * interval);
          if (sent < total) setTimeout(tick, 1);
          else sendSeconds = Math.max(duration, (performance.now() - t0) / 1000);
        };
        // Answers still missing this long after the last send count as errors.
        const deadline = setTimeout(finish, (duration + 30) * 1000);
        tick();
      }),
  );
}

/** Opens `n` keep-alive connections (one GET /health each) and leaves them free in `agent`. */
function preconnect(agent, hostname, port, n) {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise((resolve) => {
          const req = http.request({ agent, hostname, port, path: '/health', method: 'GET' }, (res) => {
            res.resume();
            res.on('end', resolve);
          });
          req.on('error', resolve);
          req.end();
        }),
    ),
  );
}
