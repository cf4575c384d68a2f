/**
 * The per-attempt timer, which also enforces the overall deadline and the caller's signal
 * for the attempt: it stops the attempt at min(attempt timeout, deadline left) with a
 * TimeoutError or a DeadlineError, whichever bound is nearer, or with an AbortedError when
 * the caller aborts. It covers the headers and the body: buffered calls read the body inside
 * the attempt, and a streamed body keeps the timer armed until it has been read. Timers are
 * slots of a shared wheel (attempt-timer.ts); the stop reaches the transport through an
 * AttemptStop, not an AbortSignal (attempt-stop.ts says why).
 */

import { AbortedError } from './aborted-error.js';
import { AttemptStop } from './attempt-stop.js';
import { joinSlot, leaveSlot, slotSignal } from './attempt-timer.js';
import { releaseWhenRead } from './body-guard.js';
import { ClientError } from './client-error.js';
import { DeadlineError } from './deadline-error.js';
import { linkSignal, NEVER_SIGNAL } from './signals.js';
import { TimeoutError } from './timeout-error.js';
import type { Wrapper } from './types.js';

/**
 * Stops the attempt after `req.timeoutMs`, at the deadline, or when the caller aborts.
 * @example const handler = withTimeout(dispatcherTransport(ctx));
 */
export const withTimeout: Wrapper = (next) => async (req) => {
  const left = req.deadlineAt - performance.now();
  const deadlineBound = left < req.timeoutMs;
  const ownSignal = req.signal !== NEVER_SIGNAL;
  let stop: AttemptStop;
  const expire = () =>
    stop.stop(deadlineBound ? new DeadlineError(req, req.deadlineMs) : new TimeoutError(req, req.timeoutMs));
  const slot = joinSlot(performance.now() + (deadlineBound ? left : req.timeoutMs), expire);
  stop = new AttemptStop(ownSignal ? undefined : () => slotSignal(slot));
  const unlink = ownSignal
    ? linkSignal(req.signal, (reason) =>
        stop.stop(reason instanceof ClientError ? reason : new AbortedError(req, reason)),
      )
    : undefined;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    leaveSlot(slot, expire);
    unlink?.();
    stop.clear();
  };
  const map = (error: unknown) => (stop.stopped ? stop.reason : error);
  let handedOver = false;
  try {
    const reply = await next({ ...req, stop });
    if (reply.stream !== null) {
      handedOver = true;
      return { ...reply, stream: releaseWhenRead(reply.stream, release, map) };
    }
    return reply;
  } catch (error) {
    throw map(error);
  } finally {
    if (!handedOver) release();
  }
};
