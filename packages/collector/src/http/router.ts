/**
 * A small router for the collector's own routes: method + path pattern (`:name` segments)
 * → handler. The collector serves a handful of routes; a framework would cost more in
 * start-up and ingest latency than it gives here.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';

export type Params = Record<string, string>;
export type Handler = (req: IncomingMessage, res: ServerResponse, params: Params, url: URL) => unknown;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export class Router {
  readonly #routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.#routes.push({ method, segments: split(pattern), handler });
    return this;
  }

  /** The handler and params for a request, or 'method' when only the method is wrong. */
  match(method: string, pathname: string): { handler: Handler; params: Params } | 'method' | undefined {
    const parts = split(pathname);
    let pathMatched = false;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET'))
        return { handler: route.handler, params };
      pathMatched = true;
    }
    return pathMatched ? 'method' : undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Params | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(v);
      } catch {
        return undefined;
      }
    } else if (p !== v) return undefined;
  }
  return params;
}
