/** Health routes are never shed: an orchestrator that cannot reach them restarts a busy process. */

/**
 * The path of a request URL (origin-form, or absolute as Hono's `c.req.url`), without query.
 * @example pathOf('/healthz?full=1') // → '/healthz'
 */
export function pathOf(url: string): string {
  let start = 0;
  if (url.charCodeAt(0) !== 47 /* '/' */) {
    const scheme = url.indexOf('://');
    start = scheme === -1 ? 0 : url.indexOf('/', scheme + 3);
    if (start === -1) return '/';
  }
  const q = url.indexOf('?', start);
  return q === -1 ? url.slice(start) : url.slice(start, q);
}

export function isExempt(url: string, paths: ReadonlySet<string>): boolean {
  return paths.size > 0 && paths.has(pathOf(url));
}
