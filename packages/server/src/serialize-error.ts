/**
 * The error as a log line wants it: type, message, code, stack and the cause chain,
 * bounded and safe against hostile throwables. pino's own serializer reads properties
 * directly and would throw on a Proxy or a throwing getter.
 */

import { causeChain, errorMessage, errorTypeName, MAX_STACK_LENGTH, safeGet, safeString } from '@faultline/core';

export interface SerializedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

function one(error: unknown, withStack: boolean): SerializedError {
  const out: SerializedError = { type: errorTypeName(error), message: errorMessage(error) };
  const code = safeGet(error, 'code');
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code).slice(0, 64);
  if (withStack) {
    const stack = safeString(error, 'stack', MAX_STACK_LENGTH);
    if (stack) out.stack = stack;
  }
  return out;
}

/** The thrown error with its causes (outermost first). Stacks only when asked (5xx). */
export function serializeError(
  error: unknown,
  withStack: boolean,
): SerializedError & { causes?: SerializedError[] } {
  const [head, ...causes] = causeChain(error);
  const out: SerializedError & { causes?: SerializedError[] } = one(head, withStack);
  if (causes.length > 0) out.causes = causes.map((c) => one(c, withStack));
  return out;
}
