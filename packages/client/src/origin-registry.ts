/**
 * One budget and one breaker per origin, created on first use. The map is bounded by
 * MAX_TRACKED_ORIGINS: past it the least recently created origin is forgotten, so a client
 * called with many absolute URLs cannot grow without bound (house style 4).
 */

import { MAX_TRACKED_ORIGINS } from './limits.js';

/**
 * A bounded per-origin map with a factory.
 * @example
 * const breakers = new OriginRegistry((origin) => new CircuitBreaker());
 * breakers.get('https://api.example.com').admit(Date.now());
 */
export class OriginRegistry<T> {
  readonly #items = new Map<string, T>();
  readonly #create: (origin: string) => T;
  readonly #max: number;

  constructor(create: (origin: string) => T, max = MAX_TRACKED_ORIGINS) {
    this.#create = create;
    this.#max = max;
  }

  /** The item for `origin`, created if needed. */
  get(origin: string): T {
    let item = this.#items.get(origin);
    if (item === undefined) {
      if (this.#items.size >= this.#max) {
        const oldest = this.#items.keys().next().value;
        if (oldest !== undefined) this.#items.delete(oldest);
      }
      item = this.#create(origin);
      this.#items.set(origin, item);
    }
    return item;
  }

  /** The item for `origin` if one exists. */
  peek(origin: string): T | undefined {
    return this.#items.get(origin);
  }

  get size(): number {
    return this.#items.size;
  }
}
