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
  };
}
