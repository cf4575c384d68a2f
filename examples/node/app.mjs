// node:http with Faultline: a tiny hand-made router over the shared failures.

import http from 'node:http';
import { pipeline } from 'node:stream';
import { faultlineHandler } from '@faultline/server/node';
import { fail, failingStream } from '../shared/failures.mjs';
import { listen } from '../shared/listen.mjs';

function route(req) {
  const path = (req.url ?? '/').split('?')[0];
  if (path.startsWith('/fail/')) return '/fail/:kind';
  if (/^\/items\/[^/]+\/fail$/.test(path)) return '/items/:id/fail';
  return ['/ok', '/boom', '/late', '/stream-fail'].includes(path) ? path : undefined;
}

async function handler(req, res) {
  const path = (req.url ?? '/').split('?')[0];
  switch (route(req)) {
    case '/ok':
      res.setHeader('content-type', 'application/json');
      return res.end('{"ok":true}');
    case '/boom':
    case '/items/:id/fail':
      return fail('boom');
    case '/fail/:kind':
      return fail(decodeURIComponent(path.slice('/fail/'.length)));
    case '/late':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial body ');
      await new Promise((r) => setTimeout(r, 10));
      throw new Error('failed after headers');
    case '/stream-fail':
      res.setHeader('content-type', 'text/plain');
      return new Promise((resolve, reject) =>
        pipeline(failingStream(), res, (err) => (err ? reject(err) : resolve())),
      );
    default: {
      const { HttpError } = await import('@faultline/core');
      throw new HttpError(404, `No route for ${req.method} ${path}`);
    }
  }
}

export function createServer(faultline) {
  return http.createServer(faultlineHandler(faultline, handler, { route }));
}

export function start(faultline, options) {
  return listen(createServer(faultline), options);
}
