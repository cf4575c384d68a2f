/**
 * A small router for the collector's own routes: method + path pattern (`:name` segments)
 * → handler. The collector serves a handful of routes; a framework would cost more in
 * start-up and ingest latency than it gives here.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';

export type Params = Record<string, string>;
export type Handler = (req: IncomingMessage, res: ServerResponse, params: Params, url: URL) => unknown;

interface Route<Scope> {
  method: string;
  pattern: string;
  segments: string[];
  /** What a caller needs to be let in (the API's scopes); checked by whoever mounts the router. */
  scope: Scope;
  handler: Handler;
}

/** A route as the router describes it (the scope matrix test walks these). */
export interface RouteInfo<Scope> {
  method: string;
  pattern: string;
  scope: Scope;
}

export class Router<Scope = undefined> {
  readonly #routes: Route<Scope>[] = [];

  /** Every route declares the scope it needs, so none can be added without deciding who may call it. */
  on(method: string, pattern: string, scope: Scope, handler: Handler): this {
    this.#routes.push({ method, pattern, segments: split(pattern), scope, handler });
    return this;
  }

  /** The handler, params and scope for a request, or 'method' when only the method is wrong. */
  match(
    method: string,
    pathname: string,
  ): { handler: Handler; params: Params; scope: Scope; pattern: string } | 'method' | undefined {
    const parts = split(pathname);
    let pathMatched = false;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET'))
        return { handler: route.handler, params, scope: route.scope, pattern: route.pattern };
      pathMatched = true;
    }
    return pathMatched ? 'method' : undefined;
  }

  /** Every route, in the order they were added. */
  routes(): RouteInfo<Scope>[] {
    return this.#routes.map(({ method, pattern, scope }) => ({ method, pattern, scope }));
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
