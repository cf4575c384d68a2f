// One server for the shedding bench: `node bench/shed/server.mjs <framework> <guard> <json>`.
// framework: node | express | fastify | hono | koa. guard: none (Faultline without `shed`),
// faultline (Faultline with `shed`), under-pressure (Fastify + @fastify/under-pressure, no
// Faultline). json: { cpuMs, ioMs, block, shed, underPressure }. GET /work burns `cpuMs` of CPU, then
// waits `ioMs` (a database call), then answers; GET /health answers at once. Prints {"port":N}.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';

const [framework, guard, json] = process.argv.slice(2);
const config = JSON.parse(json);
const faultline =
  guard === 'under-pressure'
    ? undefined
    : (await import('@faultline/server')).createFaultline({
        service: 'bench-shed',
        logger: pino(pino.destination({ dest: '/dev/null', sync: false })),
        ...(guard === 'faultline' ? { shed: config.shed ?? true } : {}),
      });

const blocker = new Int32Array(new SharedArrayBuffer(4));
// `burn` spins the CPU, as real work does; `sleep` blocks the thread as long without using the
// CPU (Atomics.wait), so that on a machine shared with other work the route's cost does not
// depend on what the neighbours run: same event-loop behaviour, less noise.
function burn(ms) {
  if (config.block === 'sleep') {
    Atomics.wait(blocker, 0, 0, ms);
    return;
  }
  const until = performance.now() + ms;
  while (performance.now() < until);
}

async function work() {
  burn(config.cpuMs);
  if (config.ioMs > 0) await sleep(config.ioMs);
  return '{"done":true}';
}

async function nodeServer() {
  const { faultlineHandler } = await import('@faultline/server/node');
  return http.createServer(
    faultlineHandler(faultline, async (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/health' ? '{"ok":true}' : await work());
    }),
  );
}

async function expressServer() {
  const { default: express } = await import('express');
  const fl = await import('@faultline/server/express');
  const app = express();
  app.use(fl.faultlineMiddleware(faultline));
  app.get('/health', (_req, res) => res.type('json').send('{"ok":true}'));
  app.get('/work', async (_req, res) => res.type('json').send(await work()));
  app.use(fl.faultlineErrorHandler(faultline));
  return http.createServer(app);
}

async function fastifyServer() {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  if (faultline) {
    const { faultlineFastify } = await import('@faultline/server/fastify');
    await app.register(faultlineFastify(faultline));
  } else {
    const { default: underPressure } = await import('@fastify/under-pressure');
    await app.register(underPressure, config.underPressure);
  }
  app.get('/health', async (_req, reply) => reply.type('application/json').send('{"ok":true}'));
  app.get('/work', async (_req, reply) => reply.type('application/json').send(await work()));
  await app.ready();
  return app.server;
}

async function honoServer() {
  const { Hono } = await import('hono');
  const { createAdaptorServer } = await import('@hono/node-server');
  const fl = await import('@faultline/server/hono');
  const app = new Hono();
  app.use(fl.faultlineHono(faultline));
  app.onError(fl.faultlineOnError(faultline));
  app.get('/health', (c) => c.json({ ok: true }));
  app.get('/work', async (c) => c.body(await work(), 200, { 'content-type': 'application/json' }));
  return createAdaptorServer({ fetch: app.fetch });
}

async function koaServer() {
  const { default: Koa } = await import('koa');
  const { faultlineKoa } = await import('@faultline/server/koa');
  const app = new Koa();
  app.use(faultlineKoa(faultline));
  app.use(async (ctx) => {
    ctx.type = 'application/json';
    ctx.body = ctx.path === '/health' ? '{"ok":true}' : await work();
  });
  return http.createServer(app.callback());
}

const servers = {
  node: nodeServer,
  express: expressServer,
  fastify: fastifyServer,
  hono: honoServer,
  koa: koaServer,
};
const server = await servers[framework]();
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('message', (m) => {
  if (m === 'stats') process.send({ shed: faultline?.shedder?.stats() });
});
process.on('disconnect', () => process.exit(0));
