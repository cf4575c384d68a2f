// A realistic error event, shaped as @sentry/node 11 sends it from Express's error handler:
// an exception with ~20 frames (node_modules and in-app), the request, tags, user, the
// contexts the Node integrations add (trace, runtime, app, os, device, culture), breadcrumbs
// (http, console, query) and, for big events, source context lines and `modules`. Padded to a
// target JSON size. Deterministic for a seed; ids and texts vary per event so events are
// distinct and compress like real ones (not like a repeated string).

import { sentryFrame } from '../shared/sentry-node-shape.mjs';

const ROUTES = [
  '/v1/orders/:id',
  '/v1/users/:id',
  '/v1/cart',
  '/v1/search',
  '/v1/payments/:id',
  '/v1/auth/login',
];
const BUGS = [
  ['TypeError', "Cannot read properties of undefined (reading 'id')", 'loadOrder'],
  ['TypeError', "Cannot read properties of null (reading 'email')", 'sendReceipt'],
  ['RangeError', 'Invalid time value', 'formatDeliveryDate'],
  ['Error', 'connect ECONNREFUSED 10.0.3.12:5432', 'queryInventory'],
  ['SyntaxError', 'Unexpected token < in JSON at position 0', 'parseGatewayReply'],
  ['Error', 'Request failed with status code 502', 'chargeCard'],
  ['TypeError', 'items.map is not a function', 'priceCart'],
  ['ReferenceError', 'discount is not defined', 'applyCoupon'],
  ['Error', 'ETIMEDOUT while reading from redis', 'getSession'],
  ['ValidationError', 'quantity must be a positive integer', 'validateLine'],
];
const LIBS = [
  ['express/lib/router/layer.js', 'Layer.handle [as handle_request]'],
  ['express/lib/router/index.js', 'next'],
  ['express/lib/router/route.js', 'Route.dispatch'],
  ['express/lib/router/index.js', 'Function.process_params'],
  ['body-parser/lib/types/json.js', 'jsonParser'],
  ['pg-pool/index.js', 'PendingItem.callback'],
  ['ioredis/built/Redis.js', 'Redis.sendCommand'],
  ['node:internal/process/task_queues', 'process.processTicksAndRejections'],
];
const MODULES = [
  'express',
  'body-parser',
  'pg',
  'pg-pool',
  'ioredis',
  'zod',
  'pino',
  'undici',
  'jsonwebtoken',
  'dayjs',
  'lodash',
  'uuid',
  'cookie',
  'qs',
  'debug',
  'ms',
  'semver',
  'mime-types',
  'on-finished',
  'raw-body',
];

const hex = (r, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
  return s;
};
const pick = (r, xs) => xs[Math.floor(r() * xs.length)];

function sourceLines(r, fn, n) {
  const lines = [];
  for (let i = 0; i < n; i++)
    lines.push(
      `    const ${fn}_${hex(r, 3)} = await ctx.${pick(r, ['db', 'cache', 'gateway'])}.get(req.params.id);`,
    );
  return lines;
}

function frames(r, bug, withContext) {
  const out = [];
  for (let i = 0; i < 20; i++) {
    const inApp = i >= 14; // the newest frames (last) are the app's own
    const [file, fn] = inApp
      ? [`/app/src/${pick(r, ['routes', 'services', 'lib'])}/${bug[2]}.js`, i === 19 ? bug[2] : `step${i}`]
      : LIBS[i % LIBS.length];
    const filename = inApp || file.startsWith('node:') ? file : `/app/node_modules/${file}`;
    const frame = sentryFrame(r, filename, fn, inApp);
    if (withContext) {
      frame.pre_context = sourceLines(r, fn, 7);
      frame.context_line = `    return ${fn}(order.${pick(r, ['id', 'items', 'customer'])}, options);`;
      frame.post_context = sourceLines(r, fn, 7);
    }
    out.push(frame);
  }
  return out;
}

function breadcrumb(r, ts) {
  const kind = r();
  if (kind < 0.5)
    return {
      timestamp: ts,
      category: 'http',
      type: 'http',
      data: {
        'http.method': pick(r, ['GET', 'POST']),
        url: `http://inventory.internal:8080/v2/items/${Math.floor(r() * 1e6)}?fields=price,stock`,
        status_code: pick(r, [200, 200, 200, 404, 503]),
      },
    };
  if (kind < 0.8)
    return {
      timestamp: ts,
      category: 'console',
      level: 'log',
      message: `order ${hex(r, 8)} step ${Math.floor(r() * 9)} took ${Math.floor(r() * 900)} ms (${pick(r, ['cache miss', 'retry', 'ok'])})`,
    };
  return {
    timestamp: ts,
    category: 'query',
    message: `SELECT id, sku, price FROM items WHERE order_id = $1 AND tenant = '${hex(r, 6)}'`,
    data: { rows: Math.floor(r() * 50), db: 'orders' },
  };
}

/**
 * One event of about `targetBytes` of JSON. `eventId` (32 hex) is the caller's.
 * @example const e = makeEvent(rng(1), { eventId: 'ab'.repeat(16), targetBytes: 5000 })
 */
export function makeEvent(r, { eventId, targetBytes, now = Date.now() }) {
  const bug = BUGS[Math.floor(r() ** 2 * BUGS.length)]; // skewed: a few hot issues, a long tail
  const route = pick(r, ROUTES);
  const big = targetBytes >= 20_000;
  const ts = now / 1000;
  const traceId = hex(r, 32);
  const release = `api@1.${Math.floor(r() * 3) + 40}.0`;
  const requestId = hex(r, 16);
  const path = route.replace(':id', String(Math.floor(r() * 1e6)));
  const event = {
    exception: {
      values: [
        {
          type: bug[0],
          value: bug[1],
          stacktrace: { frames: frames(r, bug, big) },
          mechanism: { type: 'auto.middleware.express', handled: false },
        },
      ],
    },
    event_id: eventId,
    level: 'error',
    platform: 'node',
    contexts: {
      trace: { trace_id: traceId, span_id: hex(r, 16), parent_span_id: hex(r, 16), op: 'http.server' },
      runtime: { name: 'node', version: 'v20.20.0' },
      app: {
        app_start_time: new Date(now - 3_600_000).toISOString(),
        app_memory: 80_000_000 + Math.floor(r() * 1e7),
      },
      os: { kernel_version: '6.1.0-26-cloud-amd64', name: 'Linux', version: '6.1.0', build: '#1 SMP Debian' },
      device: {
        boot_time: new Date(now - 86_400_000).toISOString(),
        arch: 'x64',
        memory_size: 4_111_572_992,
        free_memory: 1_000_000_000 + Math.floor(r() * 1e9),
        processor_count: 2,
        cpu_description: 'AMD EPYC',
        processor_frequency: 2445,
      },
      culture: { locale: 'en-US', timezone: 'UTC' },
      cloud_resource: {},
    },
    server_name: `api-7d9f8c-${hex(r, 5)}`,
    timestamp: ts,
    environment: 'production',
    release,
    transaction: `${pick(r, ['GET', 'POST'])} ${route}`,
    request: {
      method: 'POST',
      url: `https://api.example.com${path}?expand=items`,
      query_string: 'expand=items',
      headers: {
        host: 'api.example.com',
        'user-agent': `Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.${Math.floor(r() * 9999)}.0`,
        accept: 'application/json',
        'content-type': 'application/json',
        'x-request-id': requestId,
        'x-forwarded-for': `10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
      },
    },
    tags: { route, service: 'api', region: pick(r, ['eu-west-1', 'us-east-1']) },
    user: { id: `u_${Math.floor(r() * 50_000)}` },
    breadcrumbs: [],
    // What the SDK keeps for the envelope header's `trace` (dynamic sampling context).
    sdkProcessingMetadata: {
      dynamicSamplingContext: { trace_id: traceId, environment: 'production', release, sampled: 'false' },
    },
  };
  if (big)
    event.modules = Object.fromEntries(
      MODULES.map((m) => [m, `${Math.floor(r() * 9)}.${Math.floor(r() * 30)}.${Math.floor(r() * 9)}`]),
    );
  let size = JSON.stringify(event).length;
  // Breadcrumbs up to the SDK's default maxBreadcrumbs (100), then a request body for the rest.
  while (size < targetBytes - 300 && event.breadcrumbs.length < 100) {
    const b = breadcrumb(r, ts - (100 - event.breadcrumbs.length) * 0.05);
    event.breadcrumbs.push(b);
    size += JSON.stringify(b).length + 1;
  }
  if (size < targetBytes - 20) {
    let data = '';
    while (data.length < targetBytes - size - 20)
      data += `{"sku":"${hex(r, 10)}","qty":${Math.floor(r() * 9)}},`;
    event.request.data = data.slice(0, targetBytes - size - 20);
  }
  return event;
}
