/**
 * Counts responses per (minute, method, route template) by outcome, for 5xx rates per route
 * and per release. The request path pays one clock read, one map lookup and a few
 * increments; memory is bounded by RATES_MAX_ROUTES per minute and RATES_MAX_PENDING_MINUTES.
 */

import type { ErrorCategory, RouteRateBucket, RouteRateCount } from '@faultline/core';
import { RATES_MAX_PENDING_MINUTES, RATES_MAX_ROUTE_LENGTH, RATES_MAX_ROUTES } from '../limits.js';

const MINUTE_MS = 60_000;
/** The route that counts every pair past RATES_MAX_ROUTES in a minute. */
export const OTHER_ROUTE = '(other)';

export class RouteCounter {
  /** Minute start (ms) → key → counts. Insertion order is time order. */
  readonly #minutes = new Map<number, Map<string, RouteRateCount>>();
  #current: Map<string, RouteRateCount> | undefined;
  #currentEnd = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /**
   * @param category the cause of the error the request answered, when one was handled
   * @example counter.record('GET', '/users/:id', 503, false, 'dependency')
   */
  record(
    method: string,
    route: string | undefined,
    status: number,
    shed: boolean,
    category?: ErrorCategory,
  ): void {
    const now = this.#now();
    if (now >= this.#currentEnd || this.#current === undefined) this.#enter(now);
    const minute = this.#current as Map<string, RouteRateCount>;
    const template = route === undefined ? null : route.slice(0, RATES_MAX_ROUTE_LENGTH);
    const key = template === null ? method : `${method} ${template}`;
    let counts = minute.get(key);
    if (counts === undefined) {
      counts = this.#add(minute, key, method, template);
    }
    counts.requests++;
    if (status >= 500 || shed) {
      counts.errors5xx++;
      if (category === 'dependency') counts.dependency5xx = (counts.dependency5xx as number) + 1;
      else if (shed || category === 'overload') counts.overload5xx = (counts.overload5xx as number) + 1;
    } else if (status >= 400) counts.errors4xx++;
    if (shed) counts.shed++;
  }

  /** Takes every counted minute out of the counter, oldest first. */
  drain(): RouteRateBucket[] {
    const buckets: RouteRateBucket[] = [];
    for (const [start, routes] of this.#minutes) {
      if (routes.size > 0)
        buckets.push({ minute: new Date(start).toISOString(), routes: [...routes.values()] });
    }
    this.#minutes.clear();
    this.#current = undefined;
    this.#currentEnd = 0;
    return buckets;
  }

  get pendingMinutes(): number {
    return this.#minutes.size;
  }

  #enter(now: number): void {
    const start = now - (now % MINUTE_MS);
    let minute = this.#minutes.get(start);
    if (minute === undefined) {
      minute = new Map();
      this.#minutes.set(start, minute);
      // Nothing could be sent for a while: keep the newest minutes, the bound is the bound.
      while (this.#minutes.size > RATES_MAX_PENDING_MINUTES) {
        const oldest = this.#minutes.keys().next().value as number;
        this.#minutes.delete(oldest);
      }
    }
    this.#current = minute;
    this.#currentEnd = start + MINUTE_MS;
  }

  #add(
    minute: Map<string, RouteRateCount>,
    key: string,
    method: string,
    route: string | null,
  ): RouteRateCount {
    if (minute.size >= RATES_MAX_ROUTES) {
      const otherKey = `${method} ${OTHER_ROUTE}`;
      const other = minute.get(otherKey);
      if (other !== undefined) return other;
      route = OTHER_ROUTE;
      key = otherKey;
    }
    const counts: RouteRateCount = {
      method,
      route,
      requests: 0,
      errors4xx: 0,
      errors5xx: 0,
      shed: 0,
      dependency5xx: 0,
      overload5xx: 0,
    };
    minute.set(key, counts);
    return counts;
  }
}
