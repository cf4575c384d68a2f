// Hono on @hono/node-server with Faultline.
import {
  faultlineHono,
  faultlineNotFound,
  faultlineOnError,
  faultlineStreamError,
} from '@faultline/server/hono';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { fail } from '../shared/failures.mjs';
import { listen } from '../shared/listen.mjs';

export function createApp(faultline) {
  const app = new Hono();
  app.use(faultlineHono(faultline));
  app.onError(faultlineOnError(faultline));
  app.notFound(faultlineNotFound(faultline));
  app.get('/ok', (c) => c.json({ ok: true }));
  app.get('/boom', () => fail('boom'));
  app.get('/fail/:kind', (c) => fail(c.req.param('kind')));
  app.get('/items/:id/fail', () => fail('boom'));
  const failingBody = (c) =>
    stream(
      c,
      async (s) => {
        await s.write('partial body ');
        await new Promise((r) => setTimeout(r, 10));
        throw new Error('failed after headers');
      },
      faultlineStreamError(faultline, c),
    );
  app.get('/late', failingBody);
  app.get('/stream-fail', failingBody);
  return app;
}

export function start(faultline, options) {
  return listen(createAdaptorServer({ fetch: createApp(faultline).fetch }), options);
}
