// Express with Faultline: the routes every example shares (see ../shared/failures.mjs).
import http from 'node:http';
import { pipeline } from 'node:stream';
import {
  faultlineErrorHandler,
  faultlineMiddleware,
  faultlineNotFound,
  wrapAsync,
} from '@faultline/server/express';
import express from 'express';
import { fail, failingStream } from '../shared/failures.mjs';
import { listen } from '../shared/listen.mjs';

export function createApp(faultline, { expressModule = express } = {}) {
  const app = expressModule();
  app.disable('x-powered-by');
  app.use(faultlineMiddleware(faultline));
  app.get('/ok', (_req, res) => res.json({ ok: true }));
  app.get(
    '/fail/:kind',
    wrapAsync((req) => fail(req.params.kind)),
  );
  app.get(
    '/boom',
    wrapAsync(() => fail('boom')),
  );
  app.get(
    '/items/:id/fail',
    wrapAsync(() => fail('boom')),
  );
  app.get('/late', (_req, res, next) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial body ');
    setTimeout(() => next(new Error('failed after headers')), 10);
  });
  app.get('/stream-fail', (_req, res, next) => {
    res.type('text/plain');
    pipeline(failingStream(), res, (err) => err && next(err));
  });
  app.use(faultlineNotFound(faultline));
  app.use(faultlineErrorHandler(faultline));
  return app;
}

export function start(faultline, { expressModule, ...options } = {}) {
  return listen(http.createServer(createApp(faultline, { expressModule })), options);
}
