/**
 * Sampled occurrences waiting to be sent as one `faultline_sampled` item (issue 18 §1): a
 * bounded list handed over when it is full, on a timer (unref'd: it never keeps a process
 * alive) and on flush or close, so a caller's request id resolves within seconds.
 */

import { SAMPLED_ITEM_TYPE, type SampledItem, type SampledOccurrence } from '@faultline/core';
import { REPORTER_MAX_SAMPLED_PENDING, REPORTER_SAMPLED_FLUSH_MS } from '../limits.js';
import type { BuiltEnvelope } from './envelope-job.js';
import { SDK_INFO } from './sdk-info.js';

/**
 * @example
 * const pending = new SampledPending((list) => reporter.enqueue('error', () => sampledEnvelope(list)));
 * pending.add(occurrence);
 */
export class SampledPending {
  #list: SampledOccurrence[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (list: SampledOccurrence[]) => void,
    private readonly max = REPORTER_MAX_SAMPLED_PENDING,
    private readonly flushMs = REPORTER_SAMPLED_FLUSH_MS,
  ) {}

  add(occurrence: SampledOccurrence): void {
    this.#list.push(occurrence);
    if (this.#list.length >= this.max) this.flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.flush();
      }, this.flushMs).unref();
    }
  }

  /** Hands the pending list over now (nothing when it is empty). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#list.length === 0) return;
    const list = this.#list;
    this.#list = [];
    this.send(list);
  }

  get size(): number {
    return this.#list.length;
  }
}

/**
 * One `faultline_sampled` item in an envelope of its own.
 * @example sampledEnvelope([{ requestId: 'r1', method: 'GET', route: '/a', status: 500, timestamp: 1.7e9, like: 'a'.repeat(32) }])
 */
export function sampledEnvelope(occurrences: SampledOccurrence[]): BuiltEnvelope {
  const payload: SampledItem = { occurrences };
  return {
    header: { sdk: { ...SDK_INFO } },
    items: [{ category: 'error', type: SAMPLED_ITEM_TYPE, payload }],
  };
}
