// Open loop at a fixed arrival rate: requests leave on an even schedule whatever the server
// answers (autocannon is closed loop: each connection waits for its answer, so an overloaded
// server is offered less and queues stay short; its `overallRate` only paces those same
// connections). A send never waits for an answer, so a server that falls behind cannot slow
// the load down; latency counts from the moment the request was handed to its socket, and a
// request unanswered after `timeoutMs` is a timeout. On a 2-core machine shared with other
// work the generator itself is sometimes not scheduled: its sends that left more than 2 ms
// behind the schedule are counted (`lateSends`) instead of being charged to the server.
import http from 'node:http';

const LATE_MS = 2;

/** @returns {{ at: number, ms: number, status: number }[]} status 0 = timeout, -1 = socket error */
export function openLoop({ url, rate, durationMs, timeoutMs, maxSockets = 4096 }) {
  const { hostname, port, pathname } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const interval = 1000 / rate;
  const results = [];
  let sent = 0;
  let done = 0;
  const t0 = performance.now();

  return new Promise((resolve) => {
    const record = (scheduled, sentAt, status) => {
      results.push({ at: scheduled - t0, ms: performance.now() - sentAt, status });
      if (++done === total) {
        agent.destroy();
        resolve({ results, lateSends: late, total });
      }
    };
    let late = 0;
    const send = (scheduled) => {
      const sentAt = performance.now();
      if (sentAt - scheduled > LATE_MS) late++;
      let answered = false;
      let timer;
      const answer = (status) => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        record(scheduled, sentAt, status);
      };
      const req = http.request({ agent, hostname, port, path: pathname, method: 'GET' }, (res) => {
        res.resume();
        res.on('end', () => answer(res.statusCode));
        res.on('error', () => answer(-1));
      });
      // From the send, not socket idleness: a request still waiting for a socket counts too.
      timer = setTimeout(() => {
        answer(0);
        req.destroy();
      }, timeoutMs);
      req.on('error', () => answer(-1));
      req.end();
    };
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - t0) / interval) + 1);
      while (sent < due) send(t0 + sent++ * interval);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}
