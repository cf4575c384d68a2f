// The client's own CPU per call, without the network: a dispatcher that answers every request
// at once (on a microtask) with a small JSON body, called in sequence. Socket writes, the
// kernel and the server stay out, so the difference between a bare dispatch and a client
// get() over the same dispatcher is what the client's JS costs (pipeline, ids, headers,
// budget, breaker, timer slot, handler). Loopback runs on a shared 2-core box vary by tens
// of µs; this varies by tenths.
import { createClient } from '@faultline/client';
import { dispatchJson } from './dispatch-json.mjs';

const BODY = Buffer.from('{"hello":"world"}');
const HEADERS = { 'content-type': 'application/json', 'content-length': String(BODY.length) };

/** Answers every dispatch with 200 and BODY on the next microtask. */
class InstantDispatcher {
  dispatch(_opts, handler) {
    queueMicrotask(() => {
      const controller = {
        aborted: false,
        paused: false,
        reason: null,
        abort() {},
        pause() {},
        resume() {},
      };
      handler.onRequestStart?.(controller, {});
      handler.onResponseStart?.(controller, 200, HEADERS, 'OK');
      handler.onResponseData?.(controller, BODY);
      handler.onResponseEnd?.(controller, {});
    });
    return true;
  }
}

async function cpuPerCall(call, n) {
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) await call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Median over `rounds` of CPU µs per call for a bare dispatch and for client.get(). */
export async function clientCpu(rounds = 5, callsPerRound = 100_000) {
  const dispatcher = new InstantDispatcher();
  const api = createClient({ dispatcher });
  const url = 'http://127.0.0.1:9/hello';
  await cpuPerCall(() => dispatchJson(dispatcher, 'http://127.0.0.1:9'), callsPerRound / 4);
  await cpuPerCall(() => api.get(url), callsPerRound / 4);
  const b = [];
  const c = [];
  for (let i = 0; i < rounds; i++) {
    b.push(await cpuPerCall(() => dispatchJson(dispatcher, 'http://127.0.0.1:9'), callsPerRound));
    c.push(await cpuPerCall(() => api.get(url), callsPerRound));
  }
  return { bareUs: median(b), clientUs: median(c), addedUs: median(c.map((x, i) => x - b[i])) };
}
