// The hot helpers every request or every 500 goes through, as micro-benchmark cases. Each case
// is loaded from the built packages under `root` (a checkout), so the same cases run against
// this checkout and against the previous commit's; a case whose module or export the other
// checkout lacks is reported as missing there, not failed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';

// Core compiles to dist/, the server (which has a test project beside it) to dist/src/.
const DIST = { core: 'dist', server: join('dist', 'src') };

async function load(root, pkg, file) {
  const path = join(root, 'packages', pkg, DIST[pkg], file);
  return existsSync(path) ? import(pathToFileURL(path).href) : undefined;
}

const HEADERS = {
  host: 'api.example.com',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
  accept: 'application/json',
  'x-request-id': 'req-5f2c9a1e-7b44-4d0e-9b1a-2c3d4e5f6a7b',
};
const getHeader = (name) => HEADERS[name];
const noIdHeader = (name) => (name === 'x-request-id' ? undefined : HEADERS[name]);

/** A typical error event as the reporter hands it to the redactor: request, user, breadcrumbs. */
function typicalEvent() {
  return {
    event_id: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    level: 'error',
    platform: 'node',
    release: 'api@1.4.2',
    environment: 'production',
    request: {
      method: 'POST',
      url: 'https://api.example.com/orders?token=abc123&page=2',
      headers: { ...HEADERS, authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', cookie: 'sid=42' },
      data: { item: 'book', quantity: 2, card: '4111 1111 1111 1111', password: 'hunter2' },
    },
    user: { id: 'u-1', email: 'ada@example.com', ip_address: '10.0.0.5' },
    tags: { route: '/orders', category: 'dependency', status: '503' },
    exception: {
      values: [
        {
          type: 'Error',
          value: 'connect ECONNREFUSED 10.0.0.5:5432 password=hunter2',
          stacktrace: {
            frames: Array.from({ length: 12 }, (_, i) => ({
              function: `handler${i}`,
              filename: `/srv/app/src/module-${i}.js`,
              lineno: 10 + i,
              colno: 5,
              in_app: i > 6,
            })),
          },
        },
      ],
    },
    breadcrumbs: Array.from({ length: 10 }, (_, i) => ({
      timestamp: 1765000000 + i,
      category: 'http',
      message: `GET https://upstream.example.com/items/${i}?api_key=k${i}`,
      data: { status_code: 200 },
    })),
  };
}

const noop = () => undefined;
const NO_LOGGER = { error: noop, warn: noop, info: noop, fatal: noop };

/**
 * One 500 of a storm through the server's whole error path (classify, problem body, headers,
 * the compact log line), without HTTP: `handleError` as every adapter calls it. `logger`
 * undefined: a logger that drops the line, so only Faultline's own work is timed.
 */
function errorPath(server, scopes, logger) {
  const faultline = server.createFaultline({ logger: logger ?? NO_LOGGER });
  return () =>
    faultline.handleError(new Error('db password=hunter2 at 10.0.0.5'), {
      scope: scopes.scopeFor({}, noIdHeader),
      method: 'GET',
      url: '/boom?page=2',
      route: '/boom',
      framework: 'node',
    });
}

function dependencyError() {
  const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
  return new Error('query failed', { cause });
}

/**
 * @returns {Promise<Record<string, (() => unknown) | undefined>>} case name → one operation
 */
export async function loadCases(root) {
  const requestId = await load(root, 'server', 'request-id.js');
  const scope = await load(root, 'server', 'request-scope.js');
  const classify = await load(root, 'core', 'classify.js');
  const problem = await load(root, 'core', 'problem.js');
  const redact = await load(root, 'core', 'redact.js');
  const server = await load(root, 'server', 'index.js');
  const error = dependencyError();
  const plainError = new Error('boom');
  // pino as a service would set it up: buffered (4 KiB), written synchronously here so that the
  // batches of the timing loop cannot pile lines up in memory.
  const pinoLogger = pino(pino.destination({ dest: '/dev/null', sync: true, minLength: 4096 }));
  const redactor = redact?.createRedactor?.();
  const event = typicalEvent();
  return {
    'request id (incoming x-request-id)': requestId?.resolveIds && (() => requestId.resolveIds(getHeader)),
    'request id (generated)': requestId?.resolveIds && (() => requestId.resolveIds(noIdHeader)),
    'request scope (new request)': scope?.scopeFor && (() => scope.scopeFor({}, getHeader)),
    'classify (dependency error with cause)': classify?.classify && (() => classify.classify(error)),
    'classify (plain Error, a /boom)': classify?.classify && (() => classify.classify(plainError)),
    'toProblem (dependency error)':
      problem?.toProblem && (() => problem.toProblem(error, { requestId: HEADERS['x-request-id'] })),
    'redact a typical event': redactor && (() => redactor(event)),
    'error path: a 500 of a storm, no logger': server?.createFaultline && errorPath(server, scope),
    'error path: a 500 of a storm, pino (4 KiB buffer)':
      server?.createFaultline && errorPath(server, scope, pinoLogger),
  };
}
