/** The events the browser tests send: one ordinary 500, one full of hostile data. */

import type { SentryEvent, StackFrame } from '@faultline/core';

export const GOLDEN_REQUEST_ID = 'req-golden-7f3a';
export const SECRET_BEARER = 'sk_live_DO_NOT_LEAK_123';
export const SECRET_COOKIE = 'sess-DO-NOT-LEAK-456';
export const IN_APP_LINE = '  const total = order.items.reduce(sum, 0).total;';
export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

const libraryFrame: StackFrame = {
  filename: 'node_modules/express/lib/router/layer.js',
  function: 'Layer.handle [as handle_request]',
  lineno: 95,
  colno: 5,
  in_app: false,
  pre_context: ['  try {'],
  context_line: '    fn(req, res, next);',
  post_context: ['  } catch (err) {'],
};

const inAppFrame: StackFrame = {
  filename: '/srv/shop/src/orders.js',
  function: 'computeTotal',
  lineno: 42,
  colno: 38,
  in_app: true,
  pre_context: ['export function computeTotal(order) {', '  // items may be missing for drafts'],
  context_line: IN_APP_LINE,
  post_context: ['  return total;', '}'],
};

export function goldenEvent(): SentryEvent {
  return {
    level: 'error',
    platform: 'node',
    release: 'shop@1.4.2',
    environment: 'production',
    server_name: 'shop-1',
    exception: {
      values: [
        { type: 'Error', value: 'connection reset by peer', mechanism: { type: 'chained', handled: true } },
        {
          type: 'TypeError',
          value: "Cannot read properties of undefined (reading 'total')",
          mechanism: { type: 'middleware', handled: false },
          stacktrace: { frames: [libraryFrame, inAppFrame] },
        },
      ],
    },
    request: {
      method: 'POST',
      url: 'https://shop.example/orders/7',
      query_string: 'page=2&api_token=also-secret',
      headers: {
        Authorization: `Bearer ${SECRET_BEARER}`,
        Cookie: `session=${SECRET_COOKIE}`,
        'Content-Type': 'application/json',
        'User-Agent': 'curl/8.0',
      },
      data: { sku: 'A-1', qty: 2 },
    },
    tags: { request_id: GOLDEN_REQUEST_ID, route: 'POST /orders/:id' },
    contexts: { trace: { trace_id: TRACE_ID, span_id: 'b7ad6b7169203331' } },
  };
}

export const HOSTILE_TITLE = '<script>alert(1)</script>';
/** One megabyte: the collector trims it (MAX_STRING_LENGTH); the page must not choke either way. */
export const ONE_MB = 1_000_000;

export function hostileEvent(): SentryEvent {
  return {
    level: 'error',
    message: `${HOSTILE_TITLE} <img src=x onerror=alert(2)>`,
    exception: {
      values: [
        {
          type: '"><img src=x onerror=alert(3)>',
          value: `${HOSTILE_TITLE} \u202Egnp.exe ${'A'.repeat(ONE_MB)}`,
          stacktrace: {
            frames: [
              {
                filename: '"><svg onload=alert(4)>.js',
                function: "x' onmouseover='alert(5)",
                lineno: 1,
                in_app: true,
                context_line: '</code><script>alert(6)</script>',
                vars: { '<b>local</b>': '<script>alert(11)</script>', nested: { x: '</td><img src=x>' } },
              },
            ],
          },
        },
      ],
    },
    request: {
      method: 'GET',
      url: 'javascript:alert(7)',
      headers: { 'X-Evil': '"><iframe src=javascript:alert(8)>' },
    },
    tags: { '<script>alert(9)</script>': '" autofocus onfocus="alert(10)', route: '\u202Eevil' },
    release: '<b>bold</b>',
    breadcrumbs: {
      values: [
        {
          timestamp: 1,
          category: '"><svg onload=alert(12)>',
          level: '" onmouseover="alert(13)',
          message: '<script>alert(14)</script>',
          data: { '<iframe>': '<script>alert(15)</script>' },
        },
      ],
    },
    user: { id: '<script>alert(16)</script>', email: '"><img src=x onerror=alert(19)>' },
    contexts: {
      '<img src=x onerror=alert(20)>': { value: '<script>alert(21)</script>', deep: { a: '</pre><script>' } },
    },
    extra: { '<b>key</b>': '<script>alert(22)</script>' },
    sdk: { name: '<script>alert(23)</script>', version: '"><b>1</b>' },
  };
}

/** A cascade over three services: gateway → orders → payments; payments failed first. */
export const CASCADE_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
export const CASCADE_SERVICES = ['gateway', 'orders', 'payments'] as const;

/**
 * The three error events of the cascade, each naming the attempt span of its failed downstream
 * call (`contexts.faultline.downstream_spans`) as Faultline's server does, so the collector can
 * hang the callee under its caller.
 */
export function cascadeEvents(names: readonly string[] = CASCADE_SERVICES): SentryEvent[] {
  const spans = ['a1a1a1a1a1a1a1a1', 'b2b2b2b2b2b2b2b2', 'c3c3c3c3c3c3c3c3'];
  const attempts = ['ab12ab12ab12ab12', 'bc23bc23bc23bc23'];
  const failures = [
    { title: 'upstream orders failed', status: 502, category: 'dependency' },
    { title: 'payments timed out', status: 504, category: 'timeout' },
    { title: 'db connection refused', status: 503, category: 'dependency' },
  ];
  return names.map((service, i) => ({
    level: 'error',
    platform: 'node',
    server_name: service,
    tags: { service, status: String(failures[i]?.status), category: failures[i]?.category ?? 'bug' },
    exception: { values: [{ type: 'Error', value: failures[i]?.title ?? 'failed' }] },
    contexts: {
      trace: {
        trace_id: CASCADE_TRACE_ID,
        span_id: spans[i] ?? 'd4d4d4d4d4d4d4d4',
        ...(i > 0 ? { parent_span_id: attempts[i - 1] } : {}),
      },
      ...(attempts[i] ? { faultline: { downstream_spans: [attempts[i]] } } : {}),
    },
  }));
}

/** Distinct bugs (one issue each), for the list's bulk actions and keyboard. */
export function distinctBug(n: number): SentryEvent {
  return {
    level: 'error',
    platform: 'node',
    exception: {
      values: [
        {
          type: `Bug${n}Error`,
          value: `bug number ${n}`,
          stacktrace: {
            frames: [{ filename: `/srv/app/bug${n}.js`, function: `bug${n}`, lineno: n, in_app: true }],
          },
        },
      ],
    },
  };
}

/** Per-route request counts as Faultline's middleware sends them (a `faultline_rates` item). */
export function ratesItem(
  release: string,
  routes: { method: string; route: string | null; requests: number; errors5xx: number }[],
  minutesAgo = 2,
): Record<string, unknown> {
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - minutesAgo * 60_000).toISOString();
  return {
    release,
    environment: 'production',
    service: 'shop',
    buckets: [{ minute, routes: routes.map((r) => ({ errors4xx: 0, shed: 0, ...r })) }],
  };
}

/** Service names for the hostile trace: markup, a broken-out attribute, an RTL override. */
export const HOSTILE_SERVICES = [
  '"><img src=x onerror=alert(12)>',
  '<script>alert(11)</script>',
  '\u202Egnp.exe',
] as const;
/** Route templates and a release name for the hostile rates. */
export const HOSTILE_ROUTES = [
  '/<script>alert(15)</script>',
  '/x" onmouseover="alert(16)',
  '/\u202Eevil',
] as const;
export const HOSTILE_RELEASE = 'javascript:alert(17)';
export const HOSTILE_PROJECT = '<img src=x onerror=alert(18)>';
