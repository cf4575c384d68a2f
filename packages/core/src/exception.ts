import type { ExceptionValue, Mechanism } from './event.js';

export interface ExceptionOptions {
  mechanism?: Partial<Mechanism>;
  root?: string;
  maxFrames?: number;
}

/** STUB: being implemented. */
export function toExceptionValues(_error: unknown, _options?: ExceptionOptions): ExceptionValue[] {
  return [];
}
