/**
 * Express adapter (Express 5 and 4): a request middleware that assigns the request id, an
 * error middleware that answers problem+json, and a not-found handler. Express 5 forwards
 * rejected promises by itself; on Express 4 wrap async handlers with `wrapAsync`.
 */

import { toError } from '@faultline/core';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Faultline } from '../create-faultline.js';
import type { ErrorContext } from '../handle-error.js';
import { failNodeResponse, nodeHeaders, writeErrorResponse } from '../node-response.js';

// Express restores req.baseUrl when a request leaves a nested router, so a template read
// after the response (for the rates) lacks the router's mount path; inside the error
// handler it is complete.
function routeOf(req: Request): string | undefined {
  const routePath = (req.route as { path?: unknown } | undefined)?.path;
  return typeof routePath === 'string' ? `${req.baseUrl ?? ''}${routePath}` : undefined;
}

function context(faultline: Faultline, req: Request): ErrorContext {
  const scope = faultline.scope(req, nodeHeaders(req));
  const route = routeOf(req);
  scope.route ??= route;
  return {
    scope,
    method: req.method,
    url: req.originalUrl ?? req.url,
    route,
    framework: 'express',
  };
}

/** First middleware: assigns the request id, echoes it in X-Request-Id, and sheds load (`shed`). */
export function faultlineMiddleware(faultline: Faultline): RequestHandler {
  return (req, res, next) => {
    const scope = faultline.scope(req, nodeHeaders(req));
    res.setHeader('x-request-id', scope.requestId);
    if (faultline.counting) {
      res.once('close', () =>
        faultline.finish(scope, req.method, scope.route ?? routeOf(req), res.statusCode),
      );
    }
    const shed = faultline.admit(scope, req.originalUrl ?? req.url);
    if (shed !== undefined) {
      writeErrorResponse(res, shed);
      return;
    }
    next();
  };
}

/** Last middleware: every error becomes a safe problem response. */
export function faultlineErrorHandler(faultline: Faultline): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    failNodeResponse(faultline, res, error, context(faultline, req));
  };
}

/** After your routes: unmatched requests get a problem+json 404 instead of Express's HTML page. */
export function faultlineNotFound(faultline: Faultline): RequestHandler {
  return (req, res) => {
    writeErrorResponse(res, faultline.notFound(context(faultline, req)));
  };
}

// Express reads next(), next(null), next(undefined), next('route') and next('router') as
// "no error" or "skip", so a handler that rejects with one of those would fall through to
// the next route (often a 404) instead of failing.
function asError(error: unknown): unknown {
  return error === undefined ||
    error === null ||
    error === false ||
    error === 0 ||
    error === '' ||
    error === 'route' ||
    error === 'router'
    ? toError(error)
    : error;
}

/**
 * Forwards a rejected promise from an async handler to the error middleware. Needed on
 * Express 4; on Express 5 it also keeps a rejection with `null`/`undefined`/'route' an error.
 */
export function wrapAsync<R extends Request = Request>(
  handler: (req: R, res: Response, next: NextFunction) => unknown,
): RequestHandler {
  return (req, res, next) => {
    try {
      Promise.resolve(handler(req as R, res, next)).then(undefined, (error) => next(asError(error)));
    } catch (error) {
      next(asError(error));
    }
  };
}
