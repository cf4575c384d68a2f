/**
 * Admission's memory of the event loop: the reads of the last ADMISSION_WINDOW_MS, whether the
 * loop was saturated over them (their mean utilization), and its capacity: the requests per
 * second it completes when full. Saturated, that is what it completed; below saturation, it is
 * what it completed per second of busy loop, so the capacity is known before the first overload
 * (a fresh collector had none until a window of saturation, and met the onset unbounded).
 */

/** One read of the loop: its length, utilization, the requests completed during it, and whether
 * admission refused any for want of loop time (then the loop also spent itself on refusals). */
export interface LoopRead {
  ms: number;
  utilization: number;
  completed: number;
  refused: boolean;
}

export interface LoopReadsOptions {
  /** How much history the mean covers, ms. */
  windowMs: number;
  /** A mean utilization at or above this over a whole window is a saturated loop. */
  busyUtilization: number;
  /** A window that completed fewer requests than this does not measure the capacity. */
  minMeasuredRequests: number;
}

/**
 * @example
 * const reads = new LoopReads({ windowMs: 300, busyUtilization: 0.9, minMeasuredRequests: 30 });
 * reads.add({ ms: 100, utilization: 0.97, completed: 40, refused: false }); // ×3
 * reads.saturated // → true; reads.capacityPerS // → 400
 * reads.add({ ms: 100, utilization: 0.5, completed: 20, refused: false }); // ×3
 * reads.saturated // → false; reads.capacityPerS // → 400 (20 per 50 ms of busy loop)
 */
export class LoopReads {
  readonly #o: LoopReadsOptions;
  /** Oldest first. */
  #window: LoopRead[] = [];
  #utilization = 0;
  #saturated = false;
  #capacityPerS = 0;

  constructor(options: LoopReadsOptions) {
    this.#o = options;
  }

  /** Mean utilization over the window, 0–1. */
  get utilization(): number {
    return this.#utilization;
  }

  get saturated(): boolean {
    return this.#saturated;
  }

  /** Requests per second the loop completes when full (0: not measured yet). */
  get capacityPerS(): number {
    return this.#capacityPerS;
  }

  add(read: LoopRead): void {
    this.#window.push(read);
    while (this.#window.length > 1 && this.#span() - (this.#window[0] as LoopRead).ms >= this.#o.windowMs)
      this.#window.shift();
    const span = this.#span();
    let completed = 0;
    let refused = false;
    let busyMs = 0;
    this.#utilization = 0;
    for (const r of this.#window) {
      this.#utilization += (r.ms * r.utilization) / span;
      completed += r.completed;
      refused ||= r.refused;
      // A busy read's few idle percent are the sampler's slack, not room.
      busyMs += r.utilization >= this.#o.busyUtilization ? r.ms : r.ms * r.utilization;
    }
    this.#saturated = span >= this.#o.windowMs && this.#utilization >= this.#o.busyUtilization;
    if (span < this.#o.windowMs || completed < this.#o.minMeasuredRequests) return;
    // The capacity is what the loop completes when its accepted work alone fills it: what each
    // busy second of it completes, at any load. Once admission refuses for want of loop time,
    // the loop also spends itself on refusals and takes fewer requests than it could, and a
    // group commit's answers land in another read than its work: only a saturated window may
    // then raise the estimate (a cold start's is low), never lower it, or the estimate would
    // shrink on every read, or ratchet up on the reads a commit's answers landed in.
    const measured = (completed * 1000) / busyMs;
    if (!refused) this.#capacityPerS = measured;
    else if (this.#saturated) this.#capacityPerS = Math.max(this.#capacityPerS, measured);
  }

  #span(): number {
    let span = 0;
    for (const r of this.#window) span += r.ms;
    return span;
  }
}
