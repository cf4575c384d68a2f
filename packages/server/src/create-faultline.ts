import { ConfigError, createStringRedactor, type HttpError, notFound, redactUrl } from '@faultline/core';
import { defaultLogger } from './default-logger.js';
import { type ErrorContext, type ErrorResponse, handleError, handleLateError } from './handle-error.js';
import { REPORTER_FLUSH_TIMEOUT_MS } from './limits.js';
import type { FaultlineOptions, Logger } from './options.js';
import type { CrashKind } from './reporter/build-event.js';
import { createReporter } from './reporter/create-reporter.js';
import type { Reporter } from './reporter/reporter.js';
import type { HeaderGetter } from './request-id.js';
import { type RequestScope, scopeFor } from './request-scope.js';
import type { ResolvedFaultline } from './resolved.js';
import { createErrorSerializer } from './serialize-error.js';

function checkDsn(dsn: string | undefined): string | undefined {
  if (dsn === undefined || dsn === '') return undefined;
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw new ConfigError('dsn is not a URL; expected http(s)://<public_key>@<host>/<project_id>');
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    !url.username ||
    !/\/[^/]+$/.test(url.pathname)
  ) {
    throw new ConfigError('dsn must look like http(s)://<public_key>@<host>/<project_id>');
  }
  return dsn;
}

/** One Faultline instance: shared by every adapter and request of an application. */
export class Faultline {
  readonly settings: ResolvedFaultline;

  constructor(options: FaultlineOptions = {}) {
    const redactOptions = { keys: [...(options.redactKeys ?? [])] };
    const scrub = createStringRedactor(redactOptions);
    const environment = options.environment ?? process.env.NODE_ENV ?? 'production';
    const dsn = checkDsn(options.dsn);
    this.settings = {
      service: options.service,
      release: options.release,
      environment,
      dsn,
      reporter: createReporter(options, dsn, environment),
      logger: options.logger ?? defaultLogger(),
      expose: options.expose === true,
      classifiers: options.classifiers ?? [],
      clientErrorLevel: options.clientErrorLevel ?? 'info',
      onError: options.onError,
      scrub,
      scrubUrl: (url) => redactUrl(url, redactOptions),
      serializeError: createErrorSerializer(scrub),
    };
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
    const scope = scopeFor(request, getHeader);
    // The reporter reads headers and calls the `user` hook with the request, after the response.
    this.settings.reporter?.rememberRequest(scope, request);
    return scope;
  }

  /**
   * Waits until queued events were sent, or `timeoutMs` passed. Resolves true when all were
   * sent (or there is no reporter); never rejects.
   * @example await faultline.flush(2000);
   */
  flush(timeoutMs = REPORTER_FLUSH_TIMEOUT_MS): Promise<boolean> {
    return this.settings.reporter?.flush(timeoutMs) ?? Promise.resolve(true);
  }

  /**
   * Flushes, then stops the reporter (graceful shutdown): later errors are only logged.
   * @example process.on('SIGTERM', () => server.close(() => faultline.close(2000)));
   */
  close(timeoutMs = REPORTER_FLUSH_TIMEOUT_MS): Promise<boolean> {
    return this.settings.reporter?.close(timeoutMs) ?? Promise.resolve(true);
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
