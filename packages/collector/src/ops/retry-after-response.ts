/**
 * Every 429 and 503 the collector sends carries Retry-After (RFC 9110 §10.2.3): SDKs and
 * @faultline/client wait that long instead of retrying at once or guessing. Each path sets its
 * own value (the commit latency, the store's estimate, a login delay's end); this response
 * class, given to http.createServer, adds DEFAULT_STORE_RETRY_AFTER_S to any 429 or 503 that
 * was written without one, so a path added later cannot forget it.
 */

import { type OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { DEFAULT_STORE_RETRY_AFTER_S } from '../limits.js';

function names(headers: unknown): string[] {
  if (headers === null || typeof headers !== 'object') return [];
  // writeHead also takes a flat [name, value, …] array.
  if (Array.isArray(headers)) return headers.filter((_, i) => i % 2 === 0).map((h) => String(h));
  return Object.keys(headers as OutgoingHttpHeaders);
}

/**
 * @example http.createServer({ ServerResponse: RetryAfterResponse }, handler)
 */
export class RetryAfterResponse extends ServerResponse {
  // res.end() without writeHead goes through writeHead too (_implicitHeader), so this sees all.
  override writeHead(statusCode: number, ...rest: unknown[]): this {
    if ((statusCode === 429 || statusCode === 503) && !this.hasHeader('retry-after')) {
      const given = rest.find((r) => typeof r === 'object' && r !== null);
      const has = names(given).some((n) => n.toLowerCase() === 'retry-after');
      if (!has) {
        if (Array.isArray(given)) given.push('retry-after', String(DEFAULT_STORE_RETRY_AFTER_S));
        else this.setHeader('retry-after', String(DEFAULT_STORE_RETRY_AFTER_S));
      }
    }
    return (super.writeHead as (status: number, ...args: unknown[]) => this)(statusCode, ...rest);
  }
}
