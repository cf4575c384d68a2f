/**
 * The per-attempt timer, which also enforces the overall deadline and the caller's signal
 * for the attempt: it fires at min(attempt timeout, deadline left) with a TimeoutError or a
 * DeadlineError, whichever bound is nearer. It covers the headers and the body: buffered
 * calls read the body inside the attempt, and a streamed body keeps the timer armed until
 * it has been read. Calls without a signal of their own share slot timers
 * (attempt-timer.ts); calls with one get their own controller linked to it.
 */

import { AbortedError } from './aborted-error.js';
import { joinSlot, leaveSlot, SLOT_EXPIRED } from './attempt-timer.js';
import { releaseWhenRead } from './body-guard.js';
import { ClientError } from './client-error.js';
import { DeadlineError } from './deadline-error.js';
import { linkSignal, NEVER_SIGNAL, startTimer } from './signals.js';
import { TimeoutError } from './timeout-error.js';
import type { ClientRequest, Wrapper } from './types.js';

/** The error of an attempt whose timer fired: the nearer of the two bounds. */
function expired(req: ClientRequest, deadlineBound: boolean): ClientError {
  return deadlineBound ? new DeadlineError(req, req.deadlineMs) : new TimeoutError(req, req.timeoutMs);
}

/** A signal for this attempt and the function that releases it. */
function arm(
  req: ClientRequest,
  deadlineBound: boolean,
  ms: number,
): { signal: AbortSignal; done: () => void } {
  if (req.signal === NEVER_SIGNAL) {
    const slot = joinSlot(performance.now() + ms);
    let left = false;
    const done = () => {
      if (!left) {
        left = true;
        leaveSlot(slot);
      }
    };
    return { signal: slot.controller.signal, done };
  }
  const controller = new AbortController();
  const unlink = linkSignal(req.signal, controller, (reason) =>
    reason instanceof ClientError ? reason : new AbortedError(req, reason),
  );
  const timer = startTimer(ms, () => controller.abort(expired(req, deadlineBound)));
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      unlink();
    },
  };
}

/**
 * Aborts the attempt after `req.timeoutMs`, at the deadline, or when the caller aborts.
 * @example const handler = withTimeout(fetchTransport(ctx));
 */
export const withTimeout: Wrapper = (next) => async (req) => {
  const left = req.deadlineAt - performance.now();
  const deadlineBound = left < req.timeoutMs;
  const { signal, done } = arm(req, deadlineBound, deadlineBound ? left : req.timeoutMs);
  const map = (error: unknown) => (error === SLOT_EXPIRED ? expired(req, deadlineBound) : error);
  let handedOver = false;
  try {
    const res = await next({ ...req, signal });
    if (req.stream && res.body !== null) {
      handedOver = true;
      return releaseWhenRead(res, done, map);
    }
    return res;
  } catch (error) {
    throw map(error);
  } finally {
    if (!handedOver) done();
  }
};
