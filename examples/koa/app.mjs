// Koa with Faultline, routed by hand to stay dependency-free (use @koa/router in real apps).
import http from 'node:http';
import { faultlineKoa } from '@faultline/server/koa';
import Koa from 'koa';
import { fail, failingStream } from '../shared/failures.mjs';
import { listen } from '../shared/listen.mjs';

function templateOf(path) {
  if (path.startsWith('/fail/')) return '/fail/:kind';
  if (/^\/items\/[^/]+\/fail$/.test(path)) return '/items/:id/fail';
  return ['/ok', '/boom', '/late', '/stream-fail'].includes(path) ? path : undefined;
}

export function createApp(faultline) {
  const app = new Koa();
  app.silent = true; // Faultline logs; Koa's own stderr printer would repeat it
  app.use(faultlineKoa(faultline));
  app.use(async (ctx) => {
    const path = ctx.path;
    // What @koa/router does: the matched template, for Faultline's logs and rates.
    ctx.routerPath = templateOf(path);
    if (path === '/ok') ctx.body = { ok: true };
    else if (path === '/boom') await fail('boom');
    else if (path.startsWith('/fail/')) await fail(decodeURIComponent(path.slice('/fail/'.length)));
    else if (/^\/items\/[^/]+\/fail$/.test(path)) {
      await fail('boom');
    } else if (path === '/late') {
      ctx.respond = false;
      ctx.res.writeHead(200, { 'content-type': 'text/plain' });
      ctx.res.write('partial body ');
      await new Promise((r) => setTimeout(r, 10));
      throw new Error('failed after headers');
    } else if (path === '/stream-fail') {
      ctx.type = 'text/plain';
      ctx.body = failingStream();
    }
  });
  return app;
}

export function start(faultline, options) {
  return listen(http.createServer(createApp(faultline).callback()), options);
}
