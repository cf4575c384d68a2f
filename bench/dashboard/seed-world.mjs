// The synthetic production the dashboard bench is seeded with: three Node services (api,
// worker, web) of one project, RELEASES releases over DAYS days, three environments, ~150 route
// templates, and ISSUES distinct bugs whose event counts follow a Zipf law (a few hot issues
// with tens of thousands of events, a long tail with one or two). Every event is shaped as
// @sentry/node sends it: exception with in-app and library frames, request with headers,
// tags, user, contexts, breadcrumbs, sdk. Pure and deterministic for WORLD_SEED: the same
// seed gives the same events, the same fingerprints and so the same issues.

import { rng } from '../shared/rng.mjs';
import { sentryFrame, sentryNodeSdk } from '../shared/sentry-node-shape.mjs';

const DAY_MS = 86_400_000;
/**
 * Zipf exponent of events per issue beyond the first: ~1 is what error trackers see (a few
 * issues dominate); 1.1 gives the hottest issue ~13 % of the events and leaves ~10 % of the
 * issues with a single event.
 */
const ZIPF_S = 1.1;
/** The hottest issues exist from the start of the history (long-standing bugs that come back
 * whenever they are resolved). */
const EARLY_HOT_ISSUES = 200;
/** Share of issues that are log messages (captureMessage), not exceptions. */
const MESSAGE_SHARE = 0.05;
/** How an issue is triaged: [status, share]; the rest stay unresolved. */
const TRIAGE = [
  ['resolved', 0.25],
  ['resolved_in_release', 0.05],
  ['resolved_in_next_release', 0.03],
  ['ignored', 0.08],
];
/** Share of resolved issues that come back (events after the resolution: regressions). */
const REGRESSING_SHARE = 0.15;
/** Events of a release that still come from the previous one (rolling deploys, stale pods). */
const STALE_RELEASE_SHARE = 0.08;
/** Events without a signed-in user. */
const ANONYMOUS_SHARE = 0.3;
const USERS = 120_000;
const TENANTS = 800;
const PODS_PER_SERVICE = 12;
/** Callers (the in-app frames under the failing one) come from this many functions. */
const CALLER_POOL = 50_000;

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const weighted = (r, pairs) => {
  let x = r();
  for (const [value, w] of pairs) {
    x -= w;
    if (x < 0) return value;
  }
  return pairs.at(-1)[0];
};
const HEX = '0123456789abcdef';
const hex = (r, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX[Math.floor(r() * 16)];
  return s;
};
/** Zipf-distributed index in [0, n): few values take most of the draws (tenants, users). */
const zipfIndex = (r, n) => Math.min(n - 1, Math.floor(n ** r() - 1));

const AREAS = [
  'orders',
  'users',
  'payments',
  'cart',
  'search',
  'catalog',
  'shipping',
  'invoices',
  'auth',
  'notifications',
  'inventory',
  'reports',
  'webhooks',
  'subscriptions',
  'coupons',
  'reviews',
  'accounts',
  'exports',
];
const LAYERS = ['routes', 'services', 'lib', 'repositories', 'jobs', 'middleware', 'clients', 'validators'];
const VERBS = [
  'load',
  'fetch',
  'build',
  'apply',
  'compute',
  'validate',
  'sync',
  'send',
  'parse',
  'render',
  'resolve',
  'update',
  'create',
  'delete',
  'refresh',
  'price',
  'reserve',
  'charge',
  'refund',
  'notify',
  'export',
  'import',
  'merge',
  'map',
  'normalize',
];
const NOUNS = [
  'Order',
  'User',
  'Cart',
  'Invoice',
  'Payment',
  'Shipment',
  'Coupon',
  'Item',
  'Address',
  'Session',
  'Token',
  'Webhook',
  'Report',
  'Customer',
  'Product',
  'Price',
  'Discount',
  'Tax',
  'Receipt',
  'Refund',
  'Review',
  'Account',
  'Plan',
  'Subscription',
  'Stock',
  'Warehouse',
  'Carrier',
  'Label',
  'Quote',
  'Batch',
];
const PROPS = [
  'id',
  'email',
  'items',
  'total',
  'currency',
  'address',
  'status',
  'length',
  'customerId',
  'sku',
];
/** [type, message template, category tag, HTTP status]; `$p` a property, `$n` a number. */
const BUGS = [
  ['TypeError', "Cannot read properties of undefined (reading '$p')", 'bug', 500],
  ['TypeError', "Cannot read properties of null (reading '$p')", 'bug', 500],
  ['TypeError', '$v.map is not a function', 'bug', 500],
  ['ReferenceError', '$v is not defined', 'bug', 500],
  ['RangeError', 'Invalid time value', 'bug', 500],
  ['RangeError', 'Maximum call stack size exceeded', 'bug', 500],
  ['SyntaxError', 'Unexpected token < in JSON at position 0', 'dependency', 502],
  ['Error', 'connect ECONNREFUSED 10.0.$n.$n:5432', 'dependency', 503],
  ['AxiosError', 'Request failed with status code 502', 'dependency', 502],
  ['AxiosError', 'timeout of $n000ms exceeded', 'timeout', 504],
  ['Error', 'ETIMEDOUT while reading from redis', 'timeout', 504],
  ['Error', 'socket hang up', 'dependency', 502],
  ['AbortError', 'The operation was aborted', 'timeout', 504],
  ['NotFoundError', '$N $n not found', 'missing-resource', 500],
  ['ValidationError', '$p must be a positive integer', 'bug', 500],
  ['PrismaClientKnownRequestError', 'Unique constraint failed on the fields: (`$p`)', 'bug', 500],
  [
    'SequelizeDatabaseError',
    'Deadlock found when trying to get lock; try restarting transaction',
    'dependency',
    503,
  ],
  ['Error', 'Pool is draining and cannot accept work', 'overload', 503],
  ['JsonWebTokenError', 'jwt malformed', 'bug', 500],
  ['Error', 'Missing environment variable $V', 'config', 500],
];
const LIBS = [
  ['express/lib/router/layer.js', 'Layer.handle [as handle_request]'],
  ['express/lib/router/index.js', 'next'],
  ['express/lib/router/route.js', 'Route.dispatch'],
  ['express/lib/router/index.js', 'Function.process_params'],
  ['body-parser/lib/types/json.js', 'jsonParser'],
  ['pg-pool/index.js', 'PendingItem.callback'],
  ['ioredis/built/Redis.js', 'Redis.sendCommand'],
  ['axios/lib/core/settle.js', 'settle'],
  ['bullmq/dist/cjs/classes/worker.js', 'Worker.processJob'],
  ['node:internal/process/task_queues', 'process.processTicksAndRejections'],
];
const SERVICES = [
  ['api', 0.6],
  ['worker', 0.25],
  ['web', 0.15],
];
const ENVIRONMENTS = [
  ['production', 0.85],
  ['staging', 0.12],
  ['development', 0.03],
];
const REGIONS = [
  ['eu-west-1', 0.6],
  ['us-east-1', 0.35],
  ['ap-south-1', 0.05],
];
const BROWSERS = ['Chrome/131.0.6778.85', 'Firefox/133.0', 'Safari/605.1.15', 'Edg/131.0.2903.70'];

/** Route templates per service, per area (the `transaction` and the `route` tag). */
function routesOf(service, area) {
  if (service === 'api')
    return [`GET /v1/${area}`, `GET /v1/${area}/:id`, `POST /v1/${area}`, `PATCH /v1/${area}/:id`];
  if (service === 'worker') return [`queue:${area}.process`, `cron:${area}.reconcile`];
  return [`GET /${area}`, `GET /${area}/[id]`];
}

/** Every route template of the world, for the bench's filters. */
export function allRoutes() {
  return SERVICES.flatMap(([s]) => AREAS.flatMap((a) => routesOf(s, a)));
}

/**
 * The n-th distinct (layer, area, verb, noun): a fixed permutation of all combinations, so
 * issue i and issue j never share their top in-app frame and never group together.
 */
function combo(i) {
  const total = AREAS.length * LAYERS.length * VERBS.length * NOUNS.length;
  if (i >= total) throw new Error(`at most ${total} issues`);
  let k = (i * 7919) % total; // 7919 is prime and divides no factor of total: a permutation
  const noun = NOUNS[k % NOUNS.length];
  k = Math.floor(k / NOUNS.length);
  const verb = VERBS[k % VERBS.length];
  k = Math.floor(k / VERBS.length);
  const area = AREAS[k % AREAS.length];
  const layer = LAYERS[Math.floor(k / AREAS.length)];
  return { layer, area, verb, noun };
}

/**
 * A text only issue `index`'s culprit holds (`src.<layer>.<area> in <function>`), for a search
 * that matches one issue (none if that issue is a log message).
 */
export function culpritText(index) {
  const c = combo(index);
  return `${c.layer}.${c.area} in ${c.verb}${c.noun}`;
}

function fillTemplate(r, text, c) {
  return text
    .replaceAll('$p', pick(r, PROPS))
    .replaceAll('$v', `${c.verb}${c.noun}s`)
    .replaceAll('$N', c.noun)
    .replaceAll('$V', `${c.area.toUpperCase()}_${c.noun.toUpperCase()}_URL`)
    .replaceAll('$n', () => String(1 + Math.floor(r() * 250)));
}

/**
 * What stays the same across an issue's events: what makes them one issue (type and in-app
 * frames, or the message), and the service, routes, level and category it lives in.
 */
function issueSpec(index, r) {
  const c = combo(index);
  const service = weighted(r, SERVICES);
  const own = routesOf(service, c.area);
  const other = routesOf(service, pick(r, AREAS));
  const routes = [pick(r, own), ...(r() < 0.4 ? [pick(r, own)] : []), ...(r() < 0.2 ? [pick(r, other)] : [])];
  const [type, template, category, status] = pick(r, BUGS);
  const message = r() < MESSAGE_SHARE;
  const fn = `${c.verb}${c.noun}`;
  // Distinct callers: two equal frames in a row with equal line numbers read as recursion and
  // collapse into one grouping component, which would split the issue for the odd event.
  const callers = new Set();
  const wanted = 1 + Math.floor(r() * 3);
  while (callers.size < wanted) callers.add((index + 1 + Math.floor(r() * 97)) % CALLER_POOL);
  const inApp = [...callers].map((k) => {
    const caller = combo(k);
    return [`/app/src/${caller.layer}/${caller.area}.js`, `${caller.verb}${caller.noun}`];
  });
  inApp.push([`/app/src/${c.layer}/${c.area}.js`, fn]);
  const libs = [];
  const nLibs = 4 + Math.floor(r() * 6);
  for (let i = 0; i < nLibs; i++) libs.push(pick(r, LIBS));
  return {
    service,
    routes,
    level: weighted(r, [
      ['error', 0.9],
      ['warning', 0.07],
      ['fatal', 0.03],
    ]),
    category,
    status,
    type,
    value: fillTemplate(r, template, c),
    message: message
      ? `${c.verb} ${c.noun.toLowerCase()} job in ${c.area}/${c.layer} exceeded its retries`
      : null,
    libs: libs.map(([file, f]) => [file.startsWith('node:') ? file : `/app/node_modules/${file}`, f]),
    inApp,
  };
}

/**
 * Events per issue: one each, the rest by a Zipf law over the issue's rank (rank 0 hottest).
 * @example issueCounts(1000, 100).reduce((a, b) => a + b) // 1000
 */
export function issueCounts(events, issues) {
  if (events < issues) throw new Error('every issue needs at least one event');
  const weights = new Float64Array(issues);
  let total = 0;
  for (let k = 0; k < issues; k++) total += weights[k] = 1 / (k + 1) ** ZIPF_S;
  const extra = events - issues;
  const counts = new Uint32Array(issues);
  let given = 0;
  for (let k = 0; k < issues; k++) {
    counts[k] = 1 + Math.floor((extra * weights[k]) / total);
    given += counts[k];
  }
  for (let k = 0; given < events; k = (k + 1) % issues, given++) counts[k]++;
  return counts;
}

/**
 * The world: issue specs, their lives (birth, triage), and every event's (issue, time) in
 * time order. Big arrays are typed: 1,000,000 events cost ~12 MB here.
 */
export function createWorld({ seed, events, issues, days, releases, end }) {
  const r = rng(seed);
  const start = end - days * DAY_MS;
  const span = end - start;
  const releaseAt = Array.from({ length: releases }, (_, i) => start + (i * span) / releases);
  const releaseNames = releaseAt.map((_, i) => `api@2.${30 + i}.0`);
  const counts = issueCounts(events, issues);
  const specs = [];
  const birth = new Float64Array(issues);
  const stop = new Float64Array(issues);
  /** [time, issue index, status, inRelease?] status changes, in time order. */
  const triage = [];
  for (let i = 0; i < issues; i++) {
    specs.push(issueSpec(i, rng(seed ^ Math.imul(i + 1, 0x9e3779b1))));
    // Hot bugs are old; a few arrive with a release; the tail appears all along.
    birth[i] =
      i < EARLY_HOT_ISSUES
        ? r() < 0.7
          ? start + r() * span * 0.2
          : pick(r, releaseAt) + r() * 3_600_000
        : start + r() * span * 0.995;
    stop[i] = end;
    const decision = weighted(r, [...TRIAGE, ['unresolved', 1]]);
    if (decision === 'unresolved') continue;
    const at = Math.min(end - 60_000, birth[i] + (0.2 + r() * 4) * DAY_MS);
    const releaseIndex = releaseAt.findLastIndex((t) => t <= at);
    if (decision === 'resolved_in_release') triage.push([at, i, 'resolved', releaseNames[releaseIndex]]);
    else triage.push([at, i, decision, undefined]);
    // A fixed bug mostly stops; some come back (regressions), ignored ones go on.
    const comesBack = i < EARLY_HOT_ISSUES || r() < REGRESSING_SHARE;
    if (decision !== 'ignored' && !comesBack) stop[i] = at;
  }
  triage.sort((a, b) => a[0] - b[0]);

  const issueOf = new Uint32Array(events);
  const timeOf = new Float64Array(events);
  let e = 0;
  for (let i = 0; i < issues; i++) {
    issueOf[e] = i;
    timeOf[e++] = birth[i];
    for (let k = 1; k < counts[i]; k++) {
      issueOf[e] = i;
      timeOf[e++] = birth[i] + r() * (stop[i] - birth[i]);
    }
  }
  const order = new Uint32Array(events);
  for (let k = 0; k < events; k++) order[k] = k;
  order.sort((a, b) => timeOf[a] - timeOf[b] || a - b);
  return { seed, start, end, releaseAt, releaseNames, specs, counts, triage, issueOf, timeOf, order };
}

/** The release running at `time` (the previous one for some events: rolling deploys). */
function releaseAtTime(world, time, r) {
  let i = world.releaseAt.findLastIndex((t) => t <= time);
  if (i > 0 && r() < STALE_RELEASE_SHARE) i--;
  return world.releaseNames[Math.max(0, i)];
}

function breadcrumb(r, ts, area) {
  const kind = r();
  if (kind < 0.45)
    return {
      timestamp: ts,
      category: 'http',
      type: 'http',
      data: {
        'http.method': pick(r, ['GET', 'POST']),
        url: `http://${area}.internal:8080/v2/${area}/${Math.floor(r() * 1e6)}`,
        status_code: pick(r, [200, 200, 200, 404, 503]),
      },
    };
  if (kind < 0.8)
    return {
      timestamp: ts,
      category: 'console',
      level: 'log',
      message: `${area} ${hex(r, 8)} step ${Math.floor(r() * 9)} took ${Math.floor(r() * 900)} ms`,
    };
  return {
    timestamp: ts,
    category: 'query',
    message: `SELECT id, status, updated_at FROM ${area} WHERE tenant_id = $1 AND id = $2`,
    data: { rows: Math.floor(r() * 50), db: 'main' },
  };
}

const SDK = sentryNodeSdk(['Postgres', 'Redis']);

/**
 * Event number `n` (in time order) as @sentry/node would send it, and when it arrived.
 * @example const { eventId, event, receivedAt } = makeEvent(world, 0)
 */
export function makeEvent(world, n) {
  const k = world.order[n];
  const issue = world.issueOf[k];
  const time = world.timeOf[k];
  const spec = world.specs[issue];
  const r = rng(world.seed ^ Math.imul(k + 1, 0x85ebca6b));
  const eventId = hex(r, 32);
  const route = pick(r, spec.routes);
  const area = route.split(/[/ .:]/).find((s) => AREAS.includes(s)) ?? 'orders';
  const ts = time / 1000;
  const traceId = hex(r, 32);
  const requestId = hex(r, 16);
  const environment = weighted(r, ENVIRONMENTS);
  const release = releaseAtTime(world, time, r);
  const isHttp = spec.service !== 'worker';
  const [method, path = route] = isHttp ? route.split(' ') : ['POST', route];
  const url = `https://${spec.service === 'web' ? 'shop' : 'api'}.example.com${path.replace(/:id|\[id\]/, String(Math.floor(r() * 1e6)))}`;
  const frames = [
    ...spec.libs.map(([file, f]) => sentryFrame(r, file, f, false)),
    ...spec.inApp.map(([file, f]) => sentryFrame(r, file, f, true)),
  ];
  const user = r() < ANONYMOUS_SHARE ? undefined : { id: `u_${zipfIndex(r, USERS)}`, ip_address: '{{auto}}' };
  const breadcrumbs = [];
  const nCrumbs = 3 + Math.floor(r() * 18);
  for (let i = 0; i < nCrumbs; i++) breadcrumbs.push(breadcrumb(r, ts - (nCrumbs - i) * 0.05, area));
  const event = {
    event_id: eventId,
    level: spec.level,
    platform: 'node',
    timestamp: ts,
    environment,
    release,
    server_name: `${spec.service}-7d9f8c-${(Math.floor(r() * PODS_PER_SERVICE) * 7919).toString(36)}`,
    transaction: route,
    ...(spec.message
      ? { logentry: { message: spec.message, formatted: spec.message }, logger: `${spec.service}.${area}` }
      : {
          exception: {
            values: [
              {
                type: spec.type,
                value: spec.value,
                stacktrace: { frames },
                mechanism: { type: isHttp ? 'auto.middleware.express' : 'generic', handled: false },
              },
            ],
          },
        }),
    tags: {
      route,
      service: spec.service,
      category: spec.category,
      status_code: String(spec.status),
      region: weighted(r, REGIONS),
      tenant: `tenant-${String(zipfIndex(r, TENANTS)).padStart(4, '0')}`,
      request_id: requestId,
    },
    ...(user ? { user } : {}),
    contexts: {
      trace: {
        trace_id: traceId,
        span_id: hex(r, 16),
        op: isHttp ? 'http.server' : 'queue.process',
        status: 'internal_error',
      },
      runtime: { name: 'node', version: 'v20.19.2' },
      app: {
        app_start_time: new Date(time - 3_600_000).toISOString(),
        app_memory: 80_000_000 + Math.floor(r() * 1e7),
      },
      os: { kernel_version: '6.1.0-26-cloud-amd64', name: 'Linux', version: '6.1.0' },
      device: { arch: 'x64', memory_size: 4_111_572_992, processor_count: 2 },
      culture: { locale: 'en-US', timezone: 'UTC' },
    },
    ...(isHttp
      ? {
          request: {
            method,
            url,
            query_string: r() < 0.5 ? 'expand=items' : '',
            headers: {
              host: new URL(url).host,
              'user-agent': `Mozilla/5.0 (X11; Linux x86_64) ${pick(r, BROWSERS)}`,
              accept: 'application/json',
              'content-type': 'application/json',
              authorization: '[Filtered]',
              'x-request-id': requestId,
              'x-forwarded-for': `10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
            },
            ...(method === 'POST' || method === 'PATCH'
              ? { data: { id: Math.floor(r() * 1e6), quantity: Math.floor(r() * 9), note: hex(r, 12) } }
              : {}),
          },
        }
      : { extra: { job: { id: hex(r, 12), attempts: 1 + Math.floor(r() * 5), queue: area } } }),
    breadcrumbs,
    sdk: SDK,
  };
  return { eventId, event, receivedAt: Math.round(time) + 50 + Math.floor(r() * 1500), issue };
}
