// Fastify with Faultline: the shared routes, plus a schema-validated route.

import { faultlineFastify } from '@faultline/server/fastify';
import Fastify from 'fastify';
import { fail, failingStream } from '../shared/failures.mjs';

export async function createApp(faultline) {
  const app = Fastify({ logger: false });
  await app.register(faultlineFastify(faultline));
  app.get('/ok', async () => ({ ok: true }));
  app.get('/boom', async () => fail('boom'));
  app.get('/fail/:kind', async (req) => fail(req.params.kind));
  app.get('/items/:id/fail', async () => fail('boom'));
  app.get('/late', async (_req, reply) => {
    reply.raw.writeHead(200, { 'content-type': 'text/plain' });
    reply.raw.write('partial body ');
    await new Promise((r) => setTimeout(r, 10));
    throw new Error('failed after headers');
  });
  app.get('/stream-fail', async (_req, reply) => reply.type('text/plain').send(failingStream()));
  app.post(
    '/validated',
    { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
    async (req) => ({ hello: req.body.name }),
  );
  return app;
}

export async function start(faultline, { port = 0, host = '127.0.0.1' } = {}) {
  const app = await createApp(faultline);
  await app.listen({ port, host });
  return { url: `http://${host}:${app.server.address().port}`, server: app.server, close: () => app.close() };
}
