/**
 * The error as a log line wants it: type, message, code, stack and the cause chain,
 * bounded, scrubbed and safe against hostile throwables (pino's own serializer reads
 * properties directly and would throw on a Proxy or a throwing getter).
 *
 * Only the strings that can carry secrets are scrubbed: messages and stacks. A 500 storm
 * repeats the same few messages and stacks, so scrubbed strings are kept in a small
 * bounded cache: one bug pays for the regex scan once. Road not taken: running the deep
 * redactor over the whole log entry cost ~55 µs per error, more than the rest of the
 * error path together.
 */

import {
  causeChain,
  errorMessage,
  errorTypeName,
  MAX_STACK_LENGTH,
  safeGet,
  safeString,
} from '@faultline/core';
import { MAX_SCRUB_CACHE_ENTRIES, MAX_SCRUB_CACHE_KEY_LENGTH } from './limits.js';

export interface SerializedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  causes?: SerializedError[];
}

export type ErrorSerializer = (error: unknown, withStack: boolean) => SerializedError;

/** `scrub` with a bounded cache (oldest entry evicted first). */
function cached(scrub: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    if (s.length > MAX_SCRUB_CACHE_KEY_LENGTH) return scrub(s);
    let clean = cache.get(s);
    if (clean === undefined) {
      clean = scrub(s);
      if (cache.size >= MAX_SCRUB_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
      cache.set(s, clean);
    }
    return clean;
  };
}

export function createErrorSerializer(scrubString: (s: string) => string): ErrorSerializer {
  const scrub = cached(scrubString);

  const one = (error: unknown, withStack: boolean): SerializedError => {
    const out: SerializedError = { type: errorTypeName(error), message: scrub(errorMessage(error)) };
    const code = safeGet(error, 'code');
    if (typeof code === 'string' || typeof code === 'number') out.code = String(code).slice(0, 64);
    if (withStack) {
      const stack = safeString(error, 'stack', MAX_STACK_LENGTH);
      if (stack) out.stack = scrub(stack);
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
