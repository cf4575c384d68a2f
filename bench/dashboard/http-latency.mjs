// Sequential GETs over one keep-alive socket, timed from the call to the last body byte
// (what the page waits for), with nearest-rank percentiles.

import http from 'node:http';

/**
 * @example const get = httpClient('http://127.0.0.1:8000', { cookie }); const { ms, status, body } = await get('/health')
 */
export function httpClient(baseUrl, headers = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(baseUrl);
  const get = (path) =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.get({ host: base.hostname, port: base.port, path, agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ ms: performance.now() - t0, status: res.statusCode, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  get.close = () => agent.destroy();
  return get;
}

/** Nearest-rank percentile of an unsorted list. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export const summary = (values) => ({
  n: values.length,
  p50: percentile(values, 0.5),
  p95: percentile(values, 0.95),
  p99: percentile(values, 0.99),
  max: Math.max(...values),
});
