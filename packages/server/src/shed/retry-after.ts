/**
 * A jittered Retry-After. A fixed value (under-pressure sends everyone 10 s) brings every
 * refused client back in the same second, and the overload with them; drawn uniformly from
 * [min, max] they come back spread over the range.
 */

/**
 * @param u uniform in [0, 1)
 * @example retryAfterSeconds(0.5, 2, 8) // → 5
 */
export function retryAfterSeconds(u: number, min: number, max: number): number {
  // The header takes whole seconds (RFC 9110 §10.2.3): max − min + 1 equally likely values.
  return Math.min(max, min + Math.floor(u * (max - min + 1)));
}
