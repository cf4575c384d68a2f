// One sender of the load generators, as an SDK is one: its own keep-alive connection (an undici
// Client, one request at a time), and, unless `abusive`, the SDK's rate-limit rule: after a 429 or
// 503 it sends nothing until X-Sentry-Rate-Limits (or else Retry-After) says so, dropping the
// events it would have sent meanwhile (what @sentry/core's transport does: `isRateLimited` drops
// them and counts a `ratelimit_backoff` client report). Our admission refuses every category
// (`<s>::organization:backpressure`), so one deadline stands for all of them.
import { parseRateLimits, parseRetryAfter } from '@faultline/core';
import { Client } from 'undici';
import { INGEST_HEADERS, ingestPath } from './envelopes.mjs';

/** What an answer tells the sender to wait, ms (0: nothing). */
function backoffMs(status, headers, now) {
  if (status !== 429 && status !== 503) return 0;
  const limits = headers['x-sentry-rate-limits'];
  if (typeof limits === 'string') {
    const quotas = parseRateLimits(limits);
    if (quotas.length > 0) return Math.max(...quotas.map((q) => q.retryAfterS)) * 1000;
  }
  return parseRetryAfter(headers['retry-after'], now) ?? 60_000; // Sentry's default
}

/**
 * @example const s = new Sender(url, dsn); await s.connect(); const r = await s.send(body); s.close();
 */
export class Sender {
  #client;
  #path;
  #abusive;
  /** performance.now() until which an SDK would send nothing. */
  until = 0;

  constructor(url, dsn, { abusive = false } = {}) {
    this.#client = new Client(url, { pipelining: 1, keepAliveTimeout: 60_000 });
    this.#path = ingestPath(dsn);
    this.#abusive = abusive;
  }

  /** Opens the connection before the clock starts (one GET /health), as SDKs keep theirs alive. */
  async connect() {
    const res = await this.#client.request({ path: '/health', method: 'GET' });
    await res.body.dump();
  }

  /** Whether an SDK would hold this event back now (it is rate limited). */
  holding(now = performance.now()) {
    return !this.#abusive && now < this.until;
  }

  /** Posts one envelope: `{ status, ms }`, status 0 for a socket error. */
  async send(body) {
    const t0 = performance.now();
    try {
      const res = await this.#client.request({
        path: this.#path,
        method: 'POST',
        headers: { ...INGEST_HEADERS, 'content-length': String(body.length) },
        body,
      });
      await res.body.dump();
      const now = performance.now();
      const wait = backoffMs(res.statusCode, res.headers, Date.now());
      if (wait > 0) this.until = Math.max(this.until, now + wait);
      return { status: res.statusCode, ms: now - t0 };
    } catch {
      return { status: 0, ms: performance.now() - t0 };
    }
  }

  close() {
    return this.#client.destroy();
  }
}
