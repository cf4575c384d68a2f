/**
 * One budget for the body bytes all in-flight requests hold (MAX_INFLIGHT_BODY_BYTES). Each
 * request takes a lease, charges every chunk it keeps to it, and releases it when answered. A
 * chunk that does not fit is refused with 429: the sender retries later, and memory stays
 * bounded whatever the arrival rate (ARCHITECTURE.md, "Durability promise").
 */

import { overloaded } from './rate-limit.js';

/** Retry-After for a full memory budget: bodies drain within a second or two. */
const MEMORY_RETRY_AFTER_S = 1;

export class MemoryBudget {
  #used = 0;
  readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  get used(): number {
    return this.#used;
  }

  /**
   * A lease for one request.
   * @example const lease = budget.lease(); try { lease.take(chunk.length) } finally { lease.release() }
   */
  lease(): MemoryLease {
    let held = 0;
    return {
      take: (bytes: number) => {
        if (this.#used + bytes > this.max)
          throw overloaded(MEMORY_RETRY_AFTER_S, 'too many request bytes in flight');
        this.#used += bytes;
        held += bytes;
      },
      release: () => {
        this.#used -= held;
        held = 0;
      },
    };
  }
}

export interface MemoryLease {
  /** Charges `bytes`; throws a 429 IngestRejection when the budget is full. */
  take(bytes: number): void;
  /** Gives back everything taken (idempotent). */
  release(): void;
}
