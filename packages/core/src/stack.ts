import type { StackFrame } from './event.js';

export interface ParseStackOptions {
  /** Frames kept (the newest ones survive); default MAX_FRAMES. */
  maxFrames?: number;
  /** The application root; stripped from paths to give a stable, relative `filename`. */
  root?: string;
}

/** STUB: being implemented. */
export function parseStack(_stack: string | undefined, _options?: ParseStackOptions): StackFrame[] {
  return [];
}
