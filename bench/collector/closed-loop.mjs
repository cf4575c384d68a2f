// Maximum rate: autocannon, closed loop (each connection sends its next envelope as soon as the
// previous one is answered), every request a distinct gzipped envelope from the pool.
import autocannon from 'autocannon';
import { INGEST_HEADERS, ingestPath } from './envelopes.mjs';

/**
 * @example const r = await closedLoop({ url, dsn, pool, connections: 64, duration: 6 });
 * r.rate // 2xx answers per second
 */
export function closedLoop({ url, dsn, pool, connections, duration }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    autocannon(
      {
        url,
        connections,
        duration,
        requests: [
          {
            method: 'POST',
            path: ingestPath(dsn),
            headers: INGEST_HEADERS,
            setupRequest: (req) => ({ ...req, body: pool.next() }),
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        const seconds = (performance.now() - started) / 1000;
        resolve({
          rate: r['2xx'] / seconds,
          ok: r['2xx'],
          non2xx: r.non2xx,
          statuses: Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])),
          errors: r.errors + r.timeouts,
          p50: r.latency.p50,
          p99: r.latency.p99,
        });
      },
    );
  });
}
