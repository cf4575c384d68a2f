/**
 * Which errors of a storm the reporter sends in full (issue 18 §1): a token bucket per error
 * site (error-site.ts), `burst` tokens, refilled at `perS` a second. An error that gets a token
 * is built and sent as an event and becomes its site's representative; one that does not is
 * only counted and named as "like" that representative, which saves its stack parse, source
 * context and serialization. The map of sites is bounded; the least recently failing site is
 * forgotten first (its next error starts with a full bucket).
 */

import {
  REPORTER_BURST_EVENTS,
  REPORTER_MAX_SAMPLED_SITES,
  REPORTER_SAMPLED_EVENTS_PER_S,
} from '../limits.js';

interface Bucket {
  tokens: number;
  at: number;
  /** The event id of the site's last full event. */
  representative: string | undefined;
}

export interface StormSamplerOptions {
  burst?: number;
  perS?: number;
  maxSites?: number;
}

/** What `take` decided: send in full, or count as like `like` (undefined: no full event known). */
export type SampleDecision = { full: true } | { full: false; like: string | undefined };

/**
 * @example
 * const sampler = new StormSampler();
 * const d = sampler.take(errorSiteKey(report), Date.now());
 * if (d.full) sampler.represent(key, eventId);
 */
export class StormSampler {
  readonly #sites = new Map<string, Bucket>();
  readonly #burst: number;
  readonly #perMs: number;
  readonly #maxSites: number;

  constructor(options: StormSamplerOptions = {}) {
    this.#burst = options.burst ?? REPORTER_BURST_EVENTS;
    this.#perMs = (options.perS ?? REPORTER_SAMPLED_EVENTS_PER_S) / 1000;
    this.#maxSites = options.maxSites ?? REPORTER_MAX_SAMPLED_SITES;
  }

  /** Spends a token of `site` when it has one. */
  take(site: string, now: number): SampleDecision {
    let bucket = this.#sites.get(site);
    if (bucket === undefined) {
      if (this.#sites.size >= this.#maxSites) this.#sites.delete(this.#sites.keys().next().value as string);
      bucket = { tokens: this.#burst, at: now, representative: undefined };
    } else {
      // Re-inserted so the map's order is least recently failing first.
      this.#sites.delete(site);
      bucket.tokens = Math.min(this.#burst, bucket.tokens + Math.max(0, now - bucket.at) * this.#perMs);
      bucket.at = now;
    }
    this.#sites.set(site, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { full: true };
    }
    return { full: false, like: bucket.representative };
  }

  /** Gives a token back (the full event could not be queued) so the next error may go in full. */
  refund(site: string): void {
    const bucket = this.#sites.get(site);
    if (bucket !== undefined) bucket.tokens = Math.min(this.#burst, bucket.tokens + 1);
  }

  /** Names the event later occurrences of `site` are like. */
  represent(site: string, eventId: string): void {
    const bucket = this.#sites.get(site);
    if (bucket !== undefined) bucket.representative = eventId;
  }

  get sites(): number {
    return this.#sites.size;
  }
}
