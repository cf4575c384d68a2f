/**
 * The body bytes in-flight requests hold, bounded three ways so that no sender can spend the
 * memory of the others: all requests together (MAX_INFLIGHT_BODY_BYTES), one DSN key
 * (MAX_INFLIGHT_BODY_BYTES_PER_KEY), and requests whose key is not known yet (keyless envelopes
 * before their `dsn` is read: MAX_UNAUTHENTICATED_INFLIGHT_BYTES, and a share of that per remote
 * address). Each request takes a lease, charges every chunk it keeps to it, and releases it when
 * answered; a chunk that does not fit is refused with 429, so the sender retries later and memory
 * stays bounded whatever the arrival rate (ARCHITECTURE.md, "Durability promise"). A flood of
 * keyless bodies, or a leaked public key, exhausts only its own share.
 */

import { MEMORY_RETRY_AFTER_S } from '../limits.js';
import { overloaded } from './rate-limit.js';

/** The bounds, in bytes (IngestOptions fields, limits.ts defaults). */
export interface MemoryBudgetLimits {
  total: number;
  perKey: number;
  unauthenticated: number;
  perAddress: number;
}

/** Bytes held per owner; an owner with nothing held has no entry, so the map stays small. */
class Tally {
  readonly #held = new Map<string, number>();

  get(owner: string): number {
    return this.#held.get(owner) ?? 0;
  }

  add(owner: string, bytes: number): void {
    const next = this.get(owner) + bytes;
    if (next > 0) this.#held.set(owner, next);
    else this.#held.delete(owner);
  }
}

export class MemoryBudget {
  readonly limits: Readonly<MemoryBudgetLimits>;
  #used = 0;
  #anonymous = 0;
  readonly #keys = new Tally();
  readonly #addresses = new Tally();

  constructor(limits: MemoryBudgetLimits) {
    this.limits = limits;
  }

  /** Bytes held by all requests. */
  get used(): number {
    return this.#used;
  }

  /** Bytes held by requests not authenticated yet. */
  get unauthenticated(): number {
    return this.#anonymous;
  }

  /**
   * A lease for one request: charged to `publicKey` when the key is known before the body is
   * read, else to the remote `address` until `assign` names the key.
   * @example const lease = budget.lease({ address: req.socket.remoteAddress ?? '' }); try { lease.take(chunk.length) } finally { lease.release() }
   */
  lease(owner: { publicKey: string } | { address: string }): MemoryLease {
    let key = 'publicKey' in owner ? owner.publicKey : undefined;
    const address = 'address' in owner ? owner.address : '';
    let held = 0;
    const move = (bytes: number) => {
      this.#used += bytes;
      held += bytes;
      if (key !== undefined) this.#keys.add(key, bytes);
      else {
        this.#anonymous += bytes;
        this.#addresses.add(address, bytes);
      }
    };
    return {
      take: (bytes: number) => {
        this.#check(bytes, key, address);
        move(bytes);
      },
      assign: (publicKey: string) => {
        if (key !== undefined) return;
        const bytes = held;
        this.#checkKey(bytes, publicKey);
        move(-bytes);
        key = publicKey;
        move(bytes);
      },
      release: () => move(-held),
    };
  }

  #check(bytes: number, key: string | undefined, address: string): void {
    const l = this.limits;
    if (this.#used + bytes > l.total)
      throw overloaded(
        MEMORY_RETRY_AFTER_S,
        `too many request bytes in flight (MAX_INFLIGHT_BODY_BYTES, ${l.total} bytes)`,
      );
    if (key !== undefined) this.#checkKey(bytes, key);
    else if (this.#anonymous + bytes > l.unauthenticated)
      throw overloaded(
        MEMORY_RETRY_AFTER_S,
        `too many bytes in flight from requests without a key (MAX_UNAUTHENTICATED_INFLIGHT_BYTES, ${l.unauthenticated} bytes)`,
      );
    else if (this.#addresses.get(address) + bytes > l.perAddress)
      throw overloaded(
        MEMORY_RETRY_AFTER_S,
        `too many bytes in flight from this address without a key (MAX_UNAUTHENTICATED_INFLIGHT_BYTES_PER_ADDRESS, ${l.perAddress} bytes)`,
      );
  }

  #checkKey(bytes: number, key: string): void {
    if (this.#keys.get(key) + bytes > this.limits.perKey)
      throw overloaded(
        MEMORY_RETRY_AFTER_S,
        `too many request bytes in flight for this key (MAX_INFLIGHT_BODY_BYTES_PER_KEY, ${this.limits.perKey} bytes)`,
      );
  }
}

export interface MemoryLease {
  /** Charges `bytes`; throws a 429 IngestRejection when a bound would be passed. */
  take(bytes: number): void;
  /** Moves what an unauthenticated lease holds to `publicKey`'s share (429 if it cannot take it);
   * later bytes are charged there. A lease that already has a key keeps it. */
  assign(publicKey: string): void;
  /** Gives back everything taken (idempotent). */
  release(): void;
}
