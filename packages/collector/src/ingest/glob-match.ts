/**
 * Glob patterns as people write them for inbound filters: `*` stands for any run of characters
 * (none included), everything else is literal, case-insensitive. Matched without regular
 * expressions: a pattern with many stars over a long message cannot backtrack exponentially
 * (the classic two-pointer matcher is at most pattern × text steps).
 */

/**
 * @example globMatches('*connection refused*', 'Error: Connection refused (5432)') // true
 */
export function globMatches(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  // Where the last star was, and the text position it is matching up to now.
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (pi < p.length && p[pi] === t[ti]) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
