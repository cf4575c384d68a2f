/**
 * 429 answers and the per-project events-per-minute limit. SDKs read `X-Sentry-Rate-Limits`
 * first and fall back to `Retry-After` (sentry-protocol.md §6.3), then drop (not queue) data of
 * the limited categories until the deadline, so the header names the categories precisely:
 * error events for the project limit, everything (empty category list) for overload.
 */

import { formatRateLimits, formatRetryAfter } from '@faultline/core';
import { IngestRejection } from './http-errors.js';

/** Data categories of error events (§6.4): the SDK maps `event` items to these. */
export const EVENT_CATEGORIES = ['default', 'error', 'security'] as const;

/**
 * `Retry-After` and `X-Sentry-Rate-Limits` (`retry_after:categories:scope:reason_code`, §6.4) for
 * one limit. An empty category list means all categories.
 * @example rateLimitHeaders(60, ['error'], 'project', 'rate_limited') // { 'retry-after': '60', 'x-sentry-rate-limits': '60:error:project:rate_limited' }
 */
export function rateLimitHeaders(
  seconds: number,
  categories: readonly string[],
  scope: 'organization' | 'project' | 'key',
  reason: string,
): Record<string, string> {
  // At least 1 s: a 0 would invite the SDK to resend at once.
  const retryAfterS = Math.max(1, Math.ceil(seconds));
  return {
    'retry-after': formatRetryAfter(retryAfterS),
    'x-sentry-rate-limits': formatRateLimits([
      { retryAfterS, categories: [...categories], scope, reasonCode: reason },
    ]),
  };
}

/**
 * A 429 for an overloaded collector (all categories).
 * @example throw overloaded(2, 'write queue full')
 */
export function overloaded(seconds: number, why: string): IngestRejection {
  return new IngestRejection(
    429,
    `collector overloaded: ${why}`,
    rateLimitHeaders(seconds, [], 'organization', 'backpressure'),
  );
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per project: `perMinute` tokens, refilled continuously, so a burst of a minute's
 * budget passes and the long-run rate is `perMinute`. Time is a parameter (house style 3). At
 * most `maxProjects` buckets are kept; the least recently used is forgotten (it restarts full).
 */
export class ProjectRateLimiter {
  readonly #buckets = new Map<number, Bucket>();
  readonly #maxProjects: number;

  constructor(maxProjects: number) {
    this.#maxProjects = maxProjects;
  }

  /**
   * Takes `count` events from the project's budget. Returns 0 when allowed, else the seconds
   * until `count` events would fit (nothing is taken then).
   * @example limiter.take(1, 60, 3, Date.now()) // 0
   */
  take(projectId: number, perMinute: number | null, count: number, now: number): number {
    if (perMinute === null || count === 0) return 0;
    if (perMinute <= 0) return 60;
    const perMs = perMinute / 60_000;
    let bucket = this.#buckets.get(projectId);
    if (bucket) this.#buckets.delete(projectId);
    else {
      if (this.#buckets.size >= this.#maxProjects) {
        const oldest = this.#buckets.keys().next();
        if (!oldest.done) this.#buckets.delete(oldest.value);
      }
      bucket = { tokens: perMinute, updatedAt: now };
    }
    this.#buckets.set(projectId, bucket); // re-insert: most recently used last
    bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    const need = Math.min(count, perMinute);
    if (bucket.tokens >= need) {
      bucket.tokens -= need;
      return 0;
    }
    return Math.min(60, (need - bucket.tokens) / perMs / 1000);
  }
}
