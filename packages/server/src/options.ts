import type { Classifier } from '@faultline/core';
import type { ErrorReport } from './error-report.js';

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
  /** Where events go. Without it Faultline only logs (the reporter arrives in a later release). */
  dsn?: string;
  /** Defaults to pino writing JSON lines to stdout. */
  logger?: Logger;
  /** Development only: show messages, types and categories of 5xx in responses. Default false. */
  expose?: boolean;
  /** Application rules run before the built-in classification table. */
  classifiers?: readonly Classifier[];
  /** Extra keys whose values are scrubbed from logs (added to the built-in list). */
  redactKeys?: readonly (string | RegExp)[];
  /** Level for 4xx log lines; 5xx are always logged at error. Default 'info' (as Fastify does). */
  clientErrorLevel?: 'info' | 'warn';
  /** Called once per handled error, after logging. Exceptions thrown by the hook are swallowed. */
  onError?: (report: ErrorReport) => void;
}
