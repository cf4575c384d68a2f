/**
 * Koa adapter: one middleware, registered first. It assigns the request id, turns errors
 * thrown downstream into problem+json, answers unmatched requests with a problem 404, and
 * logs a body stream that fails after the response started.
 */

import type { Context, Middleware } from 'koa';
import type { Faultline } from '../create-faultline.js';
import type { ErrorContext, ErrorResponse } from '../handle-error.js';
import { nodeHeaders } from '../node-response.js';
import { STALE_ON_ERROR } from '../response-headers.js';

function routeOf(ctx: Context): string | undefined {
  // @koa/router sets routerPath / _matchedRoute to the template that matched.
  const state = ctx as unknown as { routerPath?: unknown; _matchedRoute?: unknown };
  const route = state.routerPath ?? state._matchedRoute;
  return typeof route === 'string' ? route : undefined;
}

function context(faultline: Faultline, ctx: Context): ErrorContext {
  return {
    scope: faultline.scope(ctx.req, nodeHeaders(ctx.req)),
    method: ctx.method,
    url: ctx.originalUrl,
    route: routeOf(ctx),
    framework: 'koa',
  };
}

function isStream(body: unknown): body is NodeJS.ReadableStream {
  return body !== null && typeof body === 'object' && typeof (body as { pipe?: unknown }).pipe === 'function';
}

/**
 * @example
 * import Koa from 'koa';
 * import { createFaultline } from '@faultline/server';
 * import { faultlineKoa } from '@faultline/server/koa';
 * const app = new Koa();
 * app.use(faultlineKoa(createFaultline({ service: 'api' })));
 */
export function faultlineKoa(faultline: Faultline): Middleware {
  return async (ctx, next) => {
    const scope = faultline.scope(ctx.req, nodeHeaders(ctx.req));
    ctx.set('x-request-id', scope.requestId);
    if (faultline.counting) {
      ctx.res.once('close', () => faultline.finish(scope, ctx.method, routeOf(ctx), ctx.res.statusCode));
    }
    const shed = faultline.admit(scope, ctx.originalUrl);
    if (shed !== undefined) return answer(ctx, shed);
    let response: ErrorResponse;
    try {
      await next();
      if (isStream(ctx.body)) {
        ctx.body.once('error', (error: unknown) => {
          faultline.handleLateError(error, context(faultline, ctx));
          ctx.res.destroy();
        });
      }
      if (ctx.status !== 404 || ctx.body !== undefined) return;
      response = faultline.notFound(context(faultline, ctx));
    } catch (error) {
      if (ctx.headerSent || !ctx.writable) {
        faultline.handleLateError(error, context(faultline, ctx));
        ctx.res.destroy();
        return;
      }
      response = faultline.handleError(error, context(faultline, ctx));
    }
    answer(ctx, response);
  };
}

function answer(ctx: Context, response: ErrorResponse): void {
  for (const name of STALE_ON_ERROR) if (ctx.res.hasHeader(name)) ctx.remove(name);
  ctx.status = response.status;
  ctx.set(response.headers);
  ctx.body = response.body;
}
