/**
 * The rate admission lets requests in at while the event loop falls behind: a limit in requests
 * per second that the policy moves (additive increase, multiplicative decrease, as TCP congestion
 * control and Netflix's concurrency-limits do), turned into the share of arriving requests to
 * admit, limit ÷ the arrival rate of the last read. A share, not a token bucket: requests arrive
 * in bursts (one socket read brings many, one group commit answers many and brings them back),
 * and a bucket refuses a burst's tail whole, while SDKs each stop sending for the Retry-After,
 * so a few refusals at the right rate matter more than which ones. Pure: the policy supplies the
 * random draws and the reads' lengths (house style 3).
 */

/** A read's arrivals and admissions, per second. */
export interface RateRead {
  arrivedPerS: number;
  admittedPerS: number;
}

/**
 * @example
 * const rate = new AdmittedRate();
 * rate.limit(1000); rate.endRead(100); // with 200 requests checked in those 100 ms (2,000/s)
 * rate.share // → 0.5
 * if (!rate.take(Math.random())) refuse();
 */
export class AdmittedRate {
  #perS = Number.POSITIVE_INFINITY;
  #share = 1;
  #arrivedPerS = 0;
  #checked = 0;
  #passed = 0;

  /** The limit, requests per second; Infinity when there is none. */
  get perS(): number {
    return this.#perS;
  }

  get limited(): boolean {
    return this.#perS !== Number.POSITIVE_INFINITY;
  }

  /** The share of arriving requests admitted now, 0–1. */
  get share(): number {
    return this.#share;
  }

  /** Arrivals per second in the last read. */
  get arrivedPerS(): number {
    return this.#arrivedPerS;
  }

  /** Requests checked since the last read ended (admitted or not). */
  get arrivedSinceRead(): number {
    return this.#checked;
  }

  /** Sets the limit (Infinity releases it). */
  limit(perS: number): void {
    this.#perS = perS;
    this.#updateShare();
  }

  /** One request refused before the rate was asked: it arrived all the same. */
  arrived(): void {
    this.#checked++;
  }

  /** One request, `u` uniform in [0, 1): true when it is admitted. */
  take(u: number): boolean {
    this.#checked++;
    if (u >= this.#share) return false;
    this.#passed++;
    return true;
  }

  /** Ends a read of `ms`: its rates, and the share for the next one from its arrivals. */
  endRead(ms: number): RateRead {
    const read = { arrivedPerS: (this.#checked * 1000) / ms, admittedPerS: (this.#passed * 1000) / ms };
    this.#checked = 0;
    this.#passed = 0;
    this.#arrivedPerS = read.arrivedPerS;
    this.#updateShare();
    return read;
  }

  #updateShare(): void {
    this.#share = this.#arrivedPerS > this.#perS ? this.#perS / this.#arrivedPerS : 1;
  }
}
