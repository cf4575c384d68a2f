/**
 * Tuning for the reporter's transport and event. Every default is a named bound in
 * limits.ts; a bad value is a ConfigError at start-up, not a surprise at the first error.
 */

import { ConfigError } from '@faultline/core';
import {
  CLIENT_REPORT_INTERVAL_MS,
  REPORTER_GZIP_MIN_BYTES,
  REPORTER_MAX_IN_FLIGHT,
  REPORTER_QUEUE_SIZE,
  REPORTER_REQUEST_TIMEOUT_MS,
} from '../limits.js';
import type { AuthMode } from './dsn.js';

export interface ReporterOptions {
  /** Envelopes waiting to be sent; more are dropped and counted (`queue_overflow`). Default 64. */
  queueSize?: number;
  /** Envelope requests in flight at once. Default 4. */
  maxInFlight?: number;
  /** Per-request timeout in ms. Default 5000. */
  timeoutMs?: number;
  /** Bodies of at least this many bytes are gzipped. Default 1024. */
  gzipMinBytes?: number;
  /** `query` (`?sentry_key=…`, as the JS SDKs) or `header` (`X-Sentry-Auth`). Default 'query'. */
  auth?: AuthMode;
  /** The application root: frames under it are in-app, and only files under it are read for
   * source context. Default process.cwd(). */
  root?: string;
  /** Read source lines around in-app frames. Default true. */
  sourceContext?: boolean;
  /** Copy a JSON body a framework parsed onto the request (Express `req.body`), up to 10 KiB,
   * redacted. Default false: bodies are personal data more often than not. */
  requestBody?: boolean;
  /** How often pending client reports go out on their own. Default 30000. */
  clientReportIntervalMs?: number;
  /** Under a storm of one error, send its first events in full and then about one a second;
   * the others are counted (client report, `sample_rate`) and sent as one line each naming a
   * full event they are like, so the collector's counts stay exact and every request id still
   * resolves. Default true; false sends every error in full (up to the queue). */
  sampleStorms?: boolean;
}

export type ResolvedReporterOptions = Required<ReporterOptions>;

function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min)
    throw new ConfigError(`reporter.${name} must be a number ≥ ${min} (got ${String(value)})`);
  return Math.floor(value);
}

/**
 * Defaults applied and values checked.
 * @example resolveReporterOptions({ queueSize: 10 }).maxInFlight // 4
 */
export function resolveReporterOptions(options: ReporterOptions = {}): ResolvedReporterOptions {
  const auth = options.auth ?? 'query';
  if (auth !== 'query' && auth !== 'header')
    throw new ConfigError("reporter.auth must be 'query' or 'header'");
  if (options.sampleStorms !== undefined && typeof options.sampleStorms !== 'boolean')
    throw new ConfigError('reporter.sampleStorms must be true or false');
  return {
    queueSize: positive('queueSize', options.queueSize, REPORTER_QUEUE_SIZE),
    maxInFlight: positive('maxInFlight', options.maxInFlight, REPORTER_MAX_IN_FLIGHT),
    timeoutMs: positive('timeoutMs', options.timeoutMs, REPORTER_REQUEST_TIMEOUT_MS),
    gzipMinBytes: positive('gzipMinBytes', options.gzipMinBytes, REPORTER_GZIP_MIN_BYTES, 0),
    auth,
    root: options.root ?? process.cwd(),
    sourceContext: options.sourceContext ?? true,
    requestBody: options.requestBody ?? false,
    sampleStorms: options.sampleStorms ?? true,
    clientReportIntervalMs: positive(
      'clientReportIntervalMs',
      options.clientReportIntervalMs,
      CLIENT_REPORT_INTERVAL_MS,
    ),
  };
}
