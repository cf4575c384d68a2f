/**
 * AbortSignal plumbing without `AbortSignal.any` (which kept every combined signal alive
 * while its long-lived parent lived on Node 20) or `AbortSignal.timeout` (not cancellable).
 * Listeners are costly on Node 20, so a call without a signal of its own adds none.
 */

import { MAX_TIMER_MS } from './limits.js';

/** The signal of calls made without one: it never aborts, so nothing listens to it (an
 * `addEventListener` on an AbortSignal costs ~6 µs on Node 20). */
export const NEVER_SIGNAL: AbortSignal = new AbortController().signal;

/**
 * Calls `onAbort(reason)` when `parent` aborts (at once if it already has). Returns the
 * function that unlinks them; call it when the work it guards is done.
 * @example
 * const unlink = linkSignal(req.signal, (reason) => stop.stop(reason));
 * try { await work() } finally { unlink() }
 */
export function linkSignal(parent: AbortSignal, onAbort: (reason: unknown) => void): () => void {
  if (parent === NEVER_SIGNAL) return noop;
  if (parent.aborted) {
    onAbort(parent.reason);
    return noop;
  }
  const listener = () => onAbort(parent.reason);
  parent.addEventListener('abort', listener, { once: true });
  return () => parent.removeEventListener('abort', listener);
}

function noop(): void {}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts: every wait
 * is cancellable (anchors §2.3, issue 6 target C5).
 * @example await sleep(250, req.signal);
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const never = signal === NEVER_SIGNAL;
    const timer = setTimeout(
      () => {
        if (!never) signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    if (!never) signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A timer for `ms` (clamped to what setTimeout can hold). */
export function startTimer(ms: number, fire: () => void): ReturnType<typeof setTimeout> {
  return setTimeout(fire, Math.min(Math.max(0, ms), MAX_TIMER_MS));
}
