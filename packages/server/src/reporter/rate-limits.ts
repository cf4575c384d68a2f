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

/**
 * `Retry-After` as a delay in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3); the
 * 60 s default when it is absent or unreadable.
 * @example parseRetryAfter('120', Date.now()) // 120000
 */
export function parseRetryAfter(header: string | null, now: number): number {
  if (header === null) return DEFAULT_RATE_LIMIT_MS;
  const trimmed = header.trim();
  if (/^\d{1,10}(\.\d{1,6})?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? DEFAULT_RATE_LIMIT_MS : Math.max(0, date - now);
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
    for (const quota of response.rateLimits.split(',')) {
      const [seconds, categories] = quota.trim().split(':');
      const delay = Number(seconds);
      if (!seconds || !Number.isFinite(delay) || delay < 0) continue;
      const until = now + delay * 1000;
      if (!categories) extend(next, ALL, until);
      else for (const category of categories.split(';')) if (category) extend(next, category, until);
    }
    return next;
  }
  if (response.status === 429) {
    const next = new Map(limits);
    extend(next, ALL, now + parseRetryAfter(response.retryAfter, now));
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
