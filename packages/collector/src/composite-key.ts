/**
 * Map keys made of several values (counters in digest, caches, per-release rows). Joining the
 * parts with a separator such as `\u0000` is ambiguous once a part may contain it: event data
 * can, so the tag `a\u0000b` = `c` and the tag `a` = `b\u0000c` were counted as one. JSON of
 * the list is unambiguous (strings are quoted and escaped, numbers are not) and still cheap: about
 * half a microsecond more than `join` per key.
 */

/**
 * One string per distinct list of parts: equal lists give equal keys, different lists (in
 * content, order, length or type of a part) give different keys.
 * @example compositeKey(7, 'release', 'api@1.2') // '[7,"release","api@1.2"]'
 */
export function compositeKey(...parts: readonly (string | number)[]): string {
  return JSON.stringify(parts);
}
