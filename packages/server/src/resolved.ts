import type { Classifier } from '@faultline/core';
import type { ErrorReport } from './error-report.js';
import type { Logger } from './options.js';

/** The settings of one Faultline instance after defaults were applied. */
export interface ResolvedFaultline {
  service: string | undefined;
  release: string | undefined;
  environment: string;
  dsn: string | undefined;
  logger: Logger;
  expose: boolean;
  classifiers: readonly Classifier[];
  clientErrorLevel: 'info' | 'warn';
  onError: ((report: ErrorReport) => void) | undefined;
  /** Scrubs secrets from a log entry (built-in keys plus `redactKeys`). */
  redact: <T>(value: T) => T;
  scrubUrl: (url: string) => string;
}
