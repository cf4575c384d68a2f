// Hono on @hono/node-server with Faultline.
import { once } from 'node:events';
import {
  faultlineHono,
  faultlineNotFound,
  faultlineOnError,
  faultlineStreamError,
} from '@faultline/server/hono';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { fail } from '../shared/failures.mjs';

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

export async function start(faultline, { port = 0, host = '127.0.0.1' } = {}) {
  const server = serve({ fetch: createApp(faultline).fetch, port, hostname: host });
  if (!server.listening) await once(server, 'listening');
  return {
    url: `http://${host}:${server.address().port}`,
    server,
    close: () => new Promise((r) => server.close(r)),
  };
}
