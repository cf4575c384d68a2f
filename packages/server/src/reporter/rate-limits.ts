/**
 * Server-imposed backoff, per data category
 * (https://develop.sentry.dev/sdk/expected-features/rate-limiting/ ; sentry-protocol.md §6.3-6.4).
 *
 * 1. On every response (200 included) `X-Sentry-Rate-Limits` wins when present:
 *    `retry_after:categories:scope[:reason[:namespaces]]`, comma-separated; empty categories
 *    mean all of them.
 * 2. Else a 429's `Retry-After` (seconds or an HTTP date) limits every category.
 * 3. Else a 429 means 60 s for every category.
 * A category keeps the latest deadline it was given. Data of a limited category is dropped,
 * not queued, and counted as `ratelimit_backoff`. Client reports (`internal`) are never limited.
 *
 * Pure: time is a parameter and the state is an immutable map (house style 3).
 */

import { parseRateLimits, parseRetryAfter } from '@faultline/core';
import { DEFAULT_RATE_LIMIT_MS } from '../limits.js';

/** Category → deadline (epoch ms). The empty string is "all categories". */
export type RateLimits = ReadonlyMap<string, number>;

/** The empty state. */
export const NO_RATE_LIMITS: RateLimits = new Map();

const ALL = '';

/** What `updateRateLimits` reads from a response. */
export interface RateLimitResponse {
  status: number;
  /** `X-Sentry-Rate-Limits`, if sent. */
  rateLimits: string | null;
  /** `Retry-After`, if sent. */
  retryAfter: string | null;
}

function extend(limits: Map<string, number>, category: string, until: number): void {
  if (until > (limits.get(category) ?? 0)) limits.set(category, until);
}

/**
 * The limits after one response. Returns the same object when nothing changed.
 * @example
 * const next = updateRateLimits(NO_RATE_LIMITS, { status: 429, rateLimits: '60:error;default:key', retryAfter: null }, now);
 * isRateLimited(next, 'error', now + 1000); // true
 */
export function updateRateLimits(limits: RateLimits, response: RateLimitResponse, now: number): RateLimits {
  if (response.rateLimits !== null) {
    const next = new Map(limits);
    for (const quota of parseRateLimits(response.rateLimits)) {
      const until = now + quota.retryAfterS * 1000;
      if (quota.categories.length === 0) extend(next, ALL, until);
      else for (const category of quota.categories) extend(next, category, until);
    }
    return next;
  }
  if (response.status === 429) {
    const next = new Map(limits);
    extend(next, ALL, now + (parseRetryAfter(response.retryAfter, now) ?? DEFAULT_RATE_LIMIT_MS));
    return next;
  }
  return limits;
}

/**
 * The deadline for a category (0 when it is not limited).
 * @example limitedUntil(limits, 'error', Date.now())
 */
export function limitedUntil(limits: RateLimits, category: string, now: number): number {
  if (category === 'internal') return 0;
  const until = Math.max(limits.get(category) ?? 0, limits.get(ALL) ?? 0);
  return until > now ? until : 0;
}

/**
 * True while data of `category` must not be sent.
 * @example isRateLimited(limits, 'error', Date.now())
 */
export function isRateLimited(limits: RateLimits, category: string, now: number): boolean {
  return limitedUntil(limits, category, now) !== 0;
}
