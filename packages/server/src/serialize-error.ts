/**
 * The error as a log line wants it: type, message, code, stack and the cause chain,
 * bounded, scrubbed and safe against hostile throwables (pino's own serializer reads
 * properties directly and would throw on a Proxy or a throwing getter).
 *
 * Only the strings that can carry secrets are scrubbed: messages, and the header of each
 * stack (which repeats the message). The frame lines below it are the same for every
 * throw from one place, so their scrubbed form is cached: a 500 storm from one bug pays
 * for the stack scan once. Road not taken: running the deep redactor over the whole log
 * entry cost ~55 µs per error, more than the rest of the error path together.
 */

import { causeChain, errorMessage, errorTypeName, MAX_STACK_LENGTH, safeGet, safeString } from '@faultline/core';
import { MAX_CACHED_STACKS } from './limits.js';

export interface SerializedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  causes?: SerializedError[];
}

export type ErrorSerializer = (error: unknown, withStack: boolean) => SerializedError;

const FRAMES_START = '\n    at ';

export function createErrorSerializer(scrub: (s: string) => string): ErrorSerializer {
  const frameCache = new Map<string, string>();

  const scrubFrames = (frames: string): string => {
    let clean = frameCache.get(frames);
    if (clean === undefined) {
      clean = scrub(frames);
      if (frameCache.size >= MAX_CACHED_STACKS) frameCache.delete(frameCache.keys().next().value as string);
      frameCache.set(frames, clean);
    }
    return clean;
  };

  const scrubStack = (stack: string): string => {
    const at = stack.indexOf(FRAMES_START);
    return at === -1 ? scrub(stack) : scrub(stack.slice(0, at)) + scrubFrames(stack.slice(at));
  };

  const one = (error: unknown, withStack: boolean): SerializedError => {
    const out: SerializedError = { type: errorTypeName(error), message: scrub(errorMessage(error)) };
    const code = safeGet(error, 'code');
    if (typeof code === 'string' || typeof code === 'number') out.code = String(code).slice(0, 64);
    if (withStack) {
      const stack = safeString(error, 'stack', MAX_STACK_LENGTH);
      if (stack) out.stack = scrubStack(stack);
    }
    return out;
  };

  /** The thrown error with its causes (outermost first). Stacks only when asked (5xx). */
  return (error, withStack) => {
    const [head, ...causes] = causeChain(error);
    const out = one(head, withStack);
    if (causes.length > 0) out.causes = causes.map((c) => one(c, withStack));
    return out;
  };
}
