/**
 * How the wrappers stop one attempt in flight. The timeout wrapper (its timer, the overall
 * deadline, the caller's signal) calls `stop(error)`; the transport registers how to cancel
 * its request with `onStop`. Not an AbortSignal: on Node 20 every `addEventListener` on one
 * costs ~6 µs and undici's fetch adds a WeakRef and a finalizer per signal it is given, so the
 * default transport (undici's dispatcher, which takes a plain `abort` function) uses none.
 * `signal()` makes one only for a transport that needs it (fetch).
 */

/** The stop of one attempt; `reason` is the error the attempt fails with. */
export class AttemptStop {
  stopped = false;
  reason: unknown = undefined;
  #cancel: ((reason: unknown) => void) | undefined = undefined;
  #controller: AbortController | undefined = undefined;
  readonly #shared: (() => AbortSignal) | undefined;

  /** `shared`: the timer slot's signal, which fires when this attempt's timer does; pass it
   * only when nothing but the timer can stop the attempt (the caller gave no signal). */
  constructor(shared?: () => AbortSignal) {
    this.#shared = shared;
  }

  /** Stops the attempt with `reason` (the first call wins). */
  stop(reason: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.reason = reason;
    const cancel = this.#cancel;
    this.#cancel = undefined;
    cancel?.(reason);
  }

  /** Registers the transport's cancel function (one per attempt); called at once if the
   * attempt already stopped. */
  onStop(cancel: (reason: unknown) => void): void {
    if (this.stopped) cancel(this.reason);
    else this.#cancel = cancel;
  }

  /** Drops the cancel function once the transport has nothing left to cancel. */
  clear(): void {
    this.#cancel = undefined;
  }

  /**
   * An AbortSignal that fires when the attempt stops (its reason is not the attempt's error:
   * read `reason`). The timer slot's shared signal when the attempt can only time out,
   * otherwise a controller of its own (this uses the `onStop` slot).
   */
  signal(): AbortSignal {
    if (this.#shared !== undefined) return this.#shared();
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      this.onStop((reason) => controller.abort(reason));
    }
    return this.#controller.signal;
  }
}

/** The stop of a request outside any attempt: it never stops and keeps no cancel function. */
class NoStop extends AttemptStop {
  override stop(): void {}
  override onStop(): void {}
}

/** Placeholder for `ClientRequest.stop` before the timeout wrapper sets the attempt's own. */
export const NO_STOP: AttemptStop = new NoStop();
