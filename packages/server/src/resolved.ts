import type { Classifier } from '@faultline/core';
import type { ErrorReport } from './error-report.js';
import type { LogRepeats } from './log-repeats.js';
import type { Logger } from './options.js';
import type { Reporter } from './reporter/reporter.js';
import type { ErrorSerializer } from './serialize-error.js';

/** The settings of one Faultline instance after defaults were applied. */
export interface ResolvedFaultline {
  service: string | undefined;
  release: string | undefined;
  environment: string;
  dsn: string | undefined;
  /** Sends events when `dsn` is set. */
  reporter: Reporter | undefined;
  logger: Logger;
  expose: boolean;
  classifiers: readonly Classifier[];
  clientErrorLevel: 'info' | 'warn';
  onError: ((report: ErrorReport) => void) | undefined;
  /** Scrubs secrets inside one string (built-in keys plus `redactKeys`). */
  scrub: (s: string) => string;
  scrubUrl: (url: string) => string;
  /** The error, its causes and stacks, scrubbed, for log lines. */
  serializeError: ErrorSerializer;
  /** Repeats of one 5xx within a window get compact lines; undefined when `logRepeats` is 'full'. */
  logRepeats: LogRepeats | undefined;
}
