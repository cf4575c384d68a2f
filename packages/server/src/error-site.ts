/**
 * An error's site under a storm (issue 18 §1): status, category, method, route template, error
 * type and the start of the message. Cheap to read, no stack needed, so it can be asked on every
 * failing request. The log (log-repeats.ts) and the reporter's sampling (reporter/storm-sampler.ts)
 * key on the same site, so a storm's compact log lines and its sampled events tell one story.
 */

import { errorMessage, errorTypeName } from '@faultline/core';
import type { ErrorReport } from './error-report.js';
import { MAX_LOG_REPEAT_KEY_MESSAGE } from './limits.js';

// The log and the reporter ask for the same report's key one after the other, in one
// synchronous call: remembering the last one is enough, and unlike a WeakMap entry per report
// it leaves the garbage collector nothing to do.
let lastReport: ErrorReport | undefined;
let lastKey = '';

/**
 * The site key of a report; two reports with the same key are "the same error".
 * @example errorSiteKey(report) // '500\nbug\nGET /boom\nError\nboom'
 */
export function errorSiteKey(r: ErrorReport): string {
  if (r !== lastReport) {
    lastKey = `${r.status}\n${r.classification.category}\n${r.method} ${r.route ?? ''}\n${errorTypeName(r.error)}\n${errorMessage(r.error).slice(0, MAX_LOG_REPEAT_KEY_MESSAGE)}`;
    lastReport = r;
  }
  return lastKey;
}
