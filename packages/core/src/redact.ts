export interface RedactOptions {
  /** Extra keys (case-insensitive strings or patterns) whose values are replaced. */
  keys?: (string | RegExp)[];
}

export const REDACTED = '[Filtered]';

/** STUB: being implemented. */
export function redact<T>(value: T, _options?: RedactOptions): T {
  return value;
}
