// One benchmark server: `node bench/server-app.mjs <framework> <bare|faultline|sentry> <logfile>`.
// Prints {"port":N} when listening. /ok answers {"hello":"world"}; /boom throws the
// anchors' E0 error. "bare" keeps each framework's own error handling, with its own
// logging (stderr, redirected to <logfile> by the runner); "faultline" installs the adapter
// with pino writing to <logfile>. With BENCH_DSN set, the faultline variant also reports
// (events and per-route rates) to that DSN (bench/reporter.mjs). "sentry" (Express and Fastify)
// is "bare" plus what a team would pick instead: `@sentry/node`'s `Sentry.init` (no tracing) and
// its framework error handler, reporting to BENCH_DSN (bench/storm).
import http from 'node:http';
import { pino } from 'pino';

const [framework, variant, logfile] = process.argv.slice(2);
const faultline =
  variant === 'faultline'
    ? (await import('@faultline/server')).createFaultline({
        service: 'bench',
        release: 'bench@1',
        logger: pino(pino.destination({ dest: logfile, sync: false, minLength: 4096 })),
        ...(process.env.BENCH_DSN ? { dsn: process.env.BENCH_DSN } : {}),
      })
    : undefined;
// Initialised before the framework is imported, as Sentry's setup guide asks.
const Sentry =
  variant === 'sentry'
    ? await import('@sentry/node').then((S) => {
        S.init({ dsn: process.env.BENCH_DSN, release: 'bench@1', environment: 'bench' });
        return S;
      })
    : undefined;
const boom = () => {
  throw new Error('db password=hunter2 at 10.0.0.5');
};
const hello = { hello: 'world' };

async function nodeServer() {
  const handler = async (req, res) => {
    if (req.url === '/ok') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify(hello));
    }
    boom();
  };
  if (faultline) {
    const { faultlineHandler } = await import('@faultline/server/node');
    return http.createServer(faultlineHandler(faultline, handler));
  }
  // What a hand-written node:http server does: catch, print the stack, answer 500.
  return http.createServer((req, res) => {
    handler(req, res).catch((err) => {
      console.error(err);
      res.statusCode = 500;
      res.end('Internal Server Error');
    });
  });
}

async function expressServer() {
  const { default: express } = await import('express');
  const app = express();
  const fl = faultline && (await import('@faultline/server/express'));
  if (fl) app.use(fl.faultlineMiddleware(faultline));
  app.get('/ok', (_req, res) => res.json(hello));
  app.get('/boom', boom);
  if (fl) app.use(fl.faultlineErrorHandler(faultline));
  Sentry?.setupExpressErrorHandler(app);
  return http.createServer(app);
}

async function fastifyServer() {
  const { default: Fastify } = await import('fastify');
  // Fastify's own handler logs 5xx through its pino logger; level 'error' keeps request logs out.
  const app = Fastify({
    logger: faultline
      ? false
      : { level: 'error', stream: pino.destination({ dest: logfile, sync: false, minLength: 4096 }) },
  });
  if (faultline) await app.register((await import('@faultline/server/fastify')).faultlineFastify(faultline));
  Sentry?.setupFastifyErrorHandler(app);
  app.get('/ok', async () => hello);
  app.get('/boom', async () => boom());
  await app.ready();
  return app.server;
}

async function honoServer() {
  const { Hono } = await import('hono');
  const { createAdaptorServer } = await import('@hono/node-server');
  const app = new Hono();
  if (faultline) {
    const fl = await import('@faultline/server/hono');
    app.use(fl.faultlineHono(faultline));
    app.onError(fl.faultlineOnError(faultline));
  }
  app.get('/ok', (c) => c.json(hello));
  app.get('/boom', () => boom());
  return createAdaptorServer({ fetch: app.fetch });
}

async function koaServer() {
  const { default: Koa } = await import('koa');
  const app = new Koa();
  if (faultline) app.use((await import('@faultline/server/koa')).faultlineKoa(faultline));
  app.use(async (ctx) => {
    if (ctx.path === '/ok') ctx.body = hello;
    else boom();
  });
  return http.createServer(app.callback());
}

const make = {
  node: nodeServer,
  express: expressServer,
  fastify: fastifyServer,
  hono: honoServer,
  koa: koaServer,
}[framework];
const server = await make();
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
// Exiting through process.exit writes the profile of a server run with --cpu-prof.
process.once('SIGTERM', () => process.exit(0));
