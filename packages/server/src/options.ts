import type { Classifier } from '@faultline/core';
import type { ErrorReport } from './error-report.js';
import type { UserHook } from './reporter/build-event.js';
import type { ReporterOptions } from './reporter/reporter-options.js';
import type { ShedOptions } from './shed/shed-options.js';

/** Any pino-shaped logger: `error(obj, msg)`, `warn`, `info`. */
export interface Logger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  fatal?(obj: object, msg?: string): void;
}

export interface FaultlineOptions {
  /** The service name, written on every log line (and, later, every event). */
  service?: string;
  /** The release (e.g. a version or commit), for per-release rates and regressions. */
  release?: string;
  /** e.g. 'production', 'staging'. Defaults to NODE_ENV, else 'production'. */
  environment?: string;
  /**
   * Where events go: a Sentry-style DSN (`http(s)://<public_key>@<host>/<project_id>`) of a
   * Faultline collector, Sentry, GlitchTip or Bugsink. With it, each handled 5xx (and each
   * uncaught error, through the process guards) is also sent as a Sentry event; without it
   * Faultline only logs.
   */
  dsn?: string;
  /**
   * Map reported frames back to the sources in-process: for an app run from built files
   * (`tsc`, esbuild…) whose `//# sourceMappingURL=` comments name a map beside them or inline,
   * without `--enable-source-maps`. Frames then name `src/app.ts`, its line, column and
   * function, with the source lines around them, and need no upload step. Maps are read once
   * per built file, after the response, and cached within bounds (limits.ts); a map over
   * 16 MiB or broken leaves its frames as they are (logged once). Nothing is done when Node
   * maps stacks itself. Default false.
   */
  sourceMaps?: boolean;
  /** Also report 4xx responses (level `warning`). Default false: they are the caller's errors. */
  reportClientErrors?: boolean;
  /**
   * The user a failed request belongs to, for the event's `user` (affected-user counts). Gets
   * the request object the adapter has: an IncomingMessage (node:http, Express — so
   * `req.user` from passport works —, Fastify's `request.raw`, Koa's `ctx.req`) or a Fetch
   * Request (Hono). Runs after the response, off the request path; its exceptions are swallowed.
   */
  user?: UserHook;
  /**
   * Per-route request counts (for 5xx rates per route and per release), sent with the
   * reporter every `intervalMs` (default 10000) as Sentry `sessions` aggregates and a
   * `faultline_rates` item. On by default when `dsn` is set; `false` turns it off.
   */
  rates?: false | { intervalMs?: number };
  /**
   * Load shedding: while event-loop delay, event-loop utilization or heap use is past its
   * threshold, a growing share of new requests is refused with 503 `overload` and a jittered
   * Retry-After before any route runs (health paths never are). `true` for the defaults.
   */
  shed?: boolean | ShedOptions;
  /** Tuning for the reporter (queue, timeouts, gzip, auth style, source context, body). */
  reporter?: ReporterOptions;
  /** Defaults to pino writing JSON lines to stdout. */
  logger?: Logger;
  /** Development only: show messages, types and categories of 5xx in responses. Default false. */
  expose?: boolean;
  /** Application rules run before the built-in classification table. */
  classifiers?: readonly Classifier[];
  /** Extra keys whose values are scrubbed from logs (added to the built-in list). */
  redactKeys?: readonly (string | RegExp)[];
  /**
   * How repeats of one 5xx are logged. 'compact' (default): the first occurrence of an error site
   * in a 10 s window is logged in full, the others get one compact line each (request id, route,
   * status, category, `repeatOf`: the full line's request id), and the window ends with a count
   * line, so a storm costs little and every request id stays findable. 'full': every occurrence
   * in full.
   */
  logRepeats?: 'compact' | 'full';
  /** Level for 4xx log lines; 5xx are always logged at error. Default 'info' (as Fastify does). */
  clientErrorLevel?: 'info' | 'warn';
  /** Called once per handled error, after logging. Exceptions thrown by the hook are swallowed. */
  onError?: (report: ErrorReport) => void;
}
