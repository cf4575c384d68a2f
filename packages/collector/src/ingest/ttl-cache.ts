/**
 * A small bounded cache with per-entry expiry, for key and project lookups. Concurrent misses
 * for the same key share one lookup, so a burst of requests with a new key costs the store one
 * query. Insertion order is the eviction order (a Map iterates oldest first).
 */

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
}

export class TtlCache<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(maxEntries: number, now: () => number) {
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  /**
   * The cached value for `key`, else `load(key)`, kept for `ttlFor(value)` ms. A failed load
   * is not cached.
   * @example await cache.get('abc', (k) => deps.findKey(k), (v) => (v ? 10_000 : 2_000))
   */
  get(key: K, load: (key: K) => Promise<V>, ttlFor: (value: V) => number): Promise<V> {
    const now = this.#now();
    const hit = this.#entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    if (hit) this.#entries.delete(key);
    const value = load(key);
    const entry: Entry<V> = { value, expiresAt: Number.POSITIVE_INFINITY };
    this.#set(key, entry);
    value.then(
      (v) => {
        entry.expiresAt = this.#now() + ttlFor(v);
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return value;
  }

  /**
   * Forgets every entry (what they cache changed in the store); loads in flight settle for their
   * callers but are not kept.
   * @example cache.clear()
   */
  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #set(key: K, entry: Entry<V>): void {
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, entry);
  }
}
