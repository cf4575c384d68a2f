/**
 * Reads `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date. Pure: the
 * date form is measured against the `now` passed in. Garbage, negative numbers and
 * fractional seconds are not delay-seconds (`1*DIGIT`), so they give undefined.
 */

const DELAY_SECONDS = /^\d{1,10}$/;

/**
 * Milliseconds to wait, or undefined when the header is absent or malformed.
 * @example
 * parseRetryAfter('2', 0); // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT')); // 30000
 * parseRetryAfter('soon', 0); // undefined
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (DELAY_SECONDS.test(v)) return Number(v) * 1000;
  if (!/[a-z]/i.test(v)) return undefined; // "1.5", "-3": neither form
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
