/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. One reader for every
 * Faultline component, so the reporter and the client never disagree on what a server meant.
 * Delay-seconds are `1*DIGIT`; a decimal such as "1.5" is read as seconds too, because a
 * server that writes it clearly means a delay and waiting is the safe reading. Negative
 * numbers and garbage are not a delay.
 */

const SECONDS = /^\d{1,10}(\.\d{1,6})?$/;

/**
 * Milliseconds to wait, or undefined when the value is absent or malformed. Pure: a date is
 * measured against `now`, and a date in the past means 0.
 * @example
 * parseRetryAfter('2', 0); // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT')); // 30000
 * parseRetryAfter('soon', 0); // undefined
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (SECONDS.test(v)) return Math.round(Number(v) * 1000);
  // Only the date form is left, and every HTTP-date has a weekday or month name.
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The header value: delay-seconds (rounded up, never negative) or an HTTP-date.
 * @example formatRetryAfter(1.5) // '2'
 */
export function formatRetryAfter(value: number | Date): string {
  return value instanceof Date ? value.toUTCString() : String(Math.max(0, Math.ceil(value)));
}
