/**
 * How long the event loop has been taking in requests in this turn. Requests read together
 * (one epoll wake-up hands the server every socket that has data) are admitted back to back
 * before any timer runs, so a sampler, however often it samples, cannot stop a turn that has
 * already taken in too much work: at twice capacity that turn, and the next, grow until the
 * samples catch up. The guard reads the clock once per request while it is armed and
 * refuses once the turn has run `limitMs`; a setImmediate (the check phase, right after the
 * poll phase) ends the turn. Pure: the clock and the end of the turn are parameters.
 */

/**
 * @example
 * const guard = new TurnGuard(10, () => performance.now(), (fn) => setImmediate(fn));
 * if (guard.over()) refuse(); // this turn has already spent 10 ms taking in requests
 */
export class TurnGuard {
  readonly #limitMs: number;
  readonly #now: () => number;
  readonly #defer: (fn: () => void) => void;
  #start = -1;
  readonly #end = () => {
    this.#start = -1;
  };

  constructor(limitMs: number, now: () => number, defer: (fn: () => void) => void) {
    this.#limitMs = limitMs;
    this.#now = now;
    this.#defer = defer;
  }

  /** True when this turn has already run `limitMs` since its first request. */
  over(): boolean {
    const now = this.#now();
    if (this.#start < 0) {
      this.#start = now;
      this.#defer(this.#end);
      return false;
    }
    return now - this.#start >= this.#limitMs;
  }
}
