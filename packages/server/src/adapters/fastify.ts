/**
 * Fastify adapter: one plugin that assigns request ids (onRequest hook), answers every
 * error and unmatched route with problem+json, and keeps Fastify's own validation 400s
 * (their messages are exposed, as Fastify does; 5xx messages never are).
 */

import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import type { Faultline } from '../create-faultline.js';
import type { ErrorContext, ErrorResponse } from '../handle-error.js';
import { nodeHeaders } from '../node-response.js';
import { STALE_ON_ERROR } from '../response-headers.js';

function context(faultline: Faultline, request: FastifyRequest): ErrorContext {
  return {
    scope: faultline.scope(request.raw, nodeHeaders(request.raw)),
    method: request.method,
    url: request.url,
    route: request.routeOptions?.url,
    framework: 'fastify',
  };
}

function send(reply: FastifyReply, r: ErrorResponse): FastifyReply {
  for (const name of STALE_ON_ERROR) reply.removeHeader(name);
  // A Buffer, because Fastify appends '; charset=utf-8' to the type of a string payload.
  return reply.code(r.status).headers(r.headers).send(Buffer.from(r.body));
}

function isStream(payload: unknown): payload is NodeJS.ReadableStream {
  return (
    payload !== null &&
    typeof payload === 'object' &&
    typeof (payload as { pipe?: unknown }).pipe === 'function'
  );
}

/**
 * @example
 * import Fastify from 'fastify';
 * import { createFaultline } from '@faultline/server';
 * import { faultlineFastify } from '@faultline/server/fastify';
 * const app = Fastify();
 * await app.register(faultlineFastify(createFaultline({ service: 'api' })));
 */
export function faultlineFastify(faultline: Faultline): FastifyPluginCallback {
  const plugin = (instance: FastifyInstance, _opts: unknown, done: (err?: Error) => void) => {
    instance.addHook('onRequest', (request, reply, next) => {
      const scope = faultline.scope(request.raw, nodeHeaders(request.raw));
      reply.header('x-request-id', scope.requestId);
      const shed = faultline.admit(scope, request.url);
      // Replying from a hook without calling next() ends the request there; onResponse still runs.
      if (shed !== undefined) send(reply, shed);
      else next();
    });
    if (faultline.counting) {
      instance.addHook('onResponse', (request, reply, next) => {
        const scope = faultline.scope(request.raw, nodeHeaders(request.raw));
        faultline.finish(scope, request.method, request.routeOptions?.url, reply.statusCode);
        next();
      });
    }
    // Fastify pipes a stream payload itself and only logs when it fails mid-body.
    instance.addHook('onSend', (request, reply, payload, next) => {
      if (isStream(payload)) {
        payload.once('error', (error: unknown) => {
          faultline.handleLateError(error, context(faultline, request));
          reply.raw.destroy();
        });
      }
      next(null, payload);
    });
    instance.setErrorHandler((error, request, reply) => {
      const ctx = context(faultline, request);
      if (reply.raw.headersSent) {
        faultline.handleLateError(error, ctx);
        reply.raw.destroy();
        return;
      }
      return send(reply, faultline.handleError(error, ctx));
    });
    instance.setNotFoundHandler((request, reply) =>
      send(reply, faultline.notFound(context(faultline, request))),
    );
    done();
  };
  // What fastify-plugin does: run in the parent's context so the hooks and handlers apply
  // to every route, not only to routes registered inside this plugin.
  Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'faultline',
  });
  return plugin as FastifyPluginCallback;
}
