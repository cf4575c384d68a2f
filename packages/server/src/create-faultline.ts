import {
  ConfigError,
  createStringRedactor,
  formatTraceparent,
  type HttpError,
  notFound,
  parseDsn,
  redactUrl,
} from '@faultline/core';
import { defaultLogger } from './default-logger.js';
import { type ErrorContext, type ErrorResponse, handleError, handleLateError } from './handle-error.js';
import { RATES_FLUSH_INTERVAL_MS, REPORTER_FLUSH_TIMEOUT_MS } from './limits.js';
import { LogRepeats } from './log-repeats.js';
import type { FaultlineOptions, Logger } from './options.js';
import { RateReporter } from './rates/rate-reporter.js';
import { RouteCounter } from './rates/route-counter.js';
import type { CrashKind } from './reporter/build-event.js';
import { createReporter } from './reporter/create-reporter.js';
import type { Reporter } from './reporter/reporter.js';
import type { HeaderGetter } from './request-id.js';
import { findScope, type RequestScope, scopeFor } from './request-scope.js';
import type { ResolvedFaultline } from './resolved.js';
import { createErrorSerializer } from './serialize-error.js';
import { resolveShedOptions } from './shed/shed-options.js';
import { shedResponse } from './shed/shed-response.js';
import { Shedder } from './shed/shedder.js';

function checkDsn(dsn: string | undefined): string | undefined {
  if (dsn === undefined || dsn === '') return undefined;
  try {
    parseDsn(dsn);
  } catch (cause) {
    throw new ConfigError(
      `dsn: ${(cause as Error).message}; expected http(s)://<public_key>@<host>/<project_id>`,
      { cause },
    );
  }
  return dsn;
}

function ratesInterval(options: FaultlineOptions): number | undefined {
  if (options.rates === false) return undefined;
  const ms = options.rates?.intervalMs ?? RATES_FLUSH_INTERVAL_MS;
  if (!Number.isFinite(ms) || ms < 100) throw new ConfigError('rates.intervalMs must be a number ≥ 100');
  return ms;
}

/** One Faultline instance: shared by every adapter and request of an application. */
export class Faultline {
  readonly settings: ResolvedFaultline;
  readonly #rates: RateReporter | undefined;
  readonly #shedder: Shedder | undefined;

  constructor(options: FaultlineOptions = {}) {
    // Validated first: a bad option throws before any timer or socket exists.
    const shed =
      options.shed === undefined || options.shed === false ? undefined : resolveShedOptions(options.shed);
    const redactOptions = { keys: [...(options.redactKeys ?? [])] };
    const scrub = createStringRedactor(redactOptions);
    const environment = options.environment ?? process.env.NODE_ENV ?? 'production';
    const dsn = checkDsn(options.dsn);
    if (options.logRepeats !== undefined && options.logRepeats !== 'compact' && options.logRepeats !== 'full')
      throw new ConfigError("logRepeats must be 'compact' or 'full'");
    const logger = options.logger ?? defaultLogger();
    this.settings = {
      service: options.service,
      release: options.release,
      environment,
      dsn,
      reporter: createReporter(options, dsn, environment, logger),
      logger,
      expose: options.expose === true,
      classifiers: options.classifiers ?? [],
      clientErrorLevel: options.clientErrorLevel ?? 'info',
      onError: options.onError,
      scrub,
      scrubUrl: (url) => redactUrl(url, redactOptions),
      serializeError: createErrorSerializer(scrub),
      logRepeats: options.logRepeats === 'full' ? undefined : new LogRepeats(logger),
    };
    if (shed !== undefined) this.#shedder = new Shedder(shed);
    const interval = ratesInterval(options);
    const reporter = this.settings.reporter;
    if (reporter !== undefined && interval !== undefined) {
      this.#rates = new RateReporter(
        new RouteCounter(),
        reporter,
        { release: options.release, environment, service: options.service },
        interval,
      );
    }
  }

  get logger(): Logger {
    return this.settings.logger;
  }

  /** The reporter, when `dsn` is set: `stats()`, and `enqueue()` for other envelope items. */
  get reporter(): Reporter | undefined {
    return this.settings.reporter;
  }

  /** The scope of a request (created on first use): request id, trace ids, start time. */
  scope(request: object, getHeader: HeaderGetter): RequestScope {
    return scopeFor(request, getHeader);
  }

  /**
   * The `traceparent` for a call this request makes to another service: same trace, this
   * request's span as the parent, so the callee's errors join this trace in the collector.
   * Takes the request object the adapter saw (node/Express `req`, Fastify `request` or
   * `request.raw`, Koa `ctx` or `ctx.req`, Hono `c.req` or `c.req.raw`); undefined for a
   * request Faultline never saw.
   * @example await api.get('/stock', { traceparent: faultline.traceparentFor(req) });
   * @example await fetch(url, { headers: { traceparent: faultline.traceparentFor(req) ?? '' } });
   */
  traceparentFor(request: object): string | undefined {
    const scope = findScope(request);
    if (scope === undefined) return undefined;
    return formatTraceparent({ traceId: scope.traceId, parentId: scope.spanId, sampled: scope.sampled });
  }

  /**
   * Waits until queued events were sent, or `timeoutMs` passed. Resolves true when all were
   * sent (or there is no reporter); never rejects.
   * @example await faultline.flush(2000);
   */
  flush(timeoutMs = REPORTER_FLUSH_TIMEOUT_MS): Promise<boolean> {
    this.#rates?.send();
    return this.settings.reporter?.flush(timeoutMs) ?? Promise.resolve(true);
  }

  /**
   * Flushes, then stops the reporter (graceful shutdown): later errors are only logged.
   * @example process.on('SIGTERM', () => server.close(() => faultline.close(2000)));
   */
  close(timeoutMs = REPORTER_FLUSH_TIMEOUT_MS): Promise<boolean> {
    this.settings.logRepeats?.flush();
    this.#rates?.stop();
    this.#shedder?.close();
    return this.settings.reporter?.close(timeoutMs) ?? Promise.resolve(true);
  }

  /** The load shedder, when `shed` is set: `stats()` (state, probability, signals, counts). */
  get shedder(): Shedder | undefined {
    return this.#shedder;
  }

  /**
   * The load-shedding check every adapter runs first, before any route: undefined admits the
   * request; otherwise the 503 to send instead (the scope is marked shed, so the rates count
   * it). Costs one number read while the server is not overloaded.
   */
  admit(scope: RequestScope, url: string): ErrorResponse | undefined {
    const retryAfter = this.#shedder?.decide(url);
    if (retryAfter === undefined) return undefined;
    scope.shed = true;
    return shedResponse(scope, retryAfter, this.settings.expose);
  }

  /** True when responses are counted for the rates (adapters skip the hook otherwise). */
  get counting(): boolean {
    return this.#rates !== undefined;
  }

  /**
   * Counts a finished response for the rates (adapters call it once per request, when the
   * response ended). `route` is the matched template, undefined when none matched. O(1).
   */
  finish(scope: RequestScope, method: string, route: string | undefined, status: number): void {
    this.#rates?.counter.record(
      method,
      route ?? scope.route,
      scope.failedLate ? 500 : status,
      scope.shed,
      scope.category,
    );
  }

  /** Reports an error no request owned (used by the process guards). Never throws. */
  reportCrash(error: unknown, kind: CrashKind): void {
    try {
      this.settings.reporter?.captureCrash(error, kind);
    } catch {
      // the reporter never throws; this is the last guard on a crashing process
    }
  }

  /** Classify, build the problem body, log and report. Never throws. */
  handleError(error: unknown, ctx: ErrorContext): ErrorResponse {
    return handleError(this.settings, error, ctx);
  }

  /** Log and report an error that happened after the response started. Never throws. */
  handleLateError(error: unknown, ctx: ErrorContext): void {
    handleLateError(this.settings, error, ctx);
  }

  /** The problem response for a request no route matched. */
  notFound(ctx: ErrorContext): ErrorResponse {
    const error: HttpError = notFound(`No route for ${ctx.method} ${pathOf(ctx.url)}`);
    return handleError(this.settings, error, ctx);
  }
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)).slice(0, 256);
}

/**
 * Creates the Faultline instance the adapters share.
 * @example
 * import { createFaultline } from '@faultline/server';
 * const faultline = createFaultline({ service: 'orders', release: '1.4.2' });
 */
export function createFaultline(options: FaultlineOptions = {}): Faultline {
  return new Faultline(options);
}
