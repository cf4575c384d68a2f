// What @sentry/node 11 writes into every event, shared by the benches that synthesise its
// events (bench/collector, bench/dashboard), so both send the same shape.

/** The default integrations of @sentry/node 11 with Express; `extra` adds the app's own. */
export function sentryNodeSdk(extra = []) {
  return {
    name: 'sentry.javascript.node',
    version: '11.12.0',
    integrations: [
      'InboundFilters',
      'FunctionToString',
      'LinkedErrors',
      'RequestData',
      'Console',
      'Http',
      'NodeFetch',
      'OnUncaughtException',
      'OnUnhandledRejection',
      'ContextLines',
      'LocalVariables',
      'Context',
      'Modules',
      'Express',
      ...extra,
    ],
    packages: [{ name: 'npm:@sentry/node', version: '11.12.0' }],
  };
}

/**
 * One stack frame as @sentry/node writes it: the module from the path, in_app outside
 * node_modules; line then column drawn from `r` (in that order, so seeded worlds stay the same).
 */
export function sentryFrame(r, filename, fn, inApp) {
  return {
    filename,
    module: filename
      .replace(/^\/app\/(node_modules\/)?/, '')
      .replace(/\.js$/, '')
      .replace(/\//g, '.'),
    function: fn,
    lineno: 10 + Math.floor(r() * 400),
    colno: 1 + Math.floor(r() * 60),
    in_app: inApp,
  };
}
