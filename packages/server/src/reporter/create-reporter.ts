/**
 * The reporter for a Faultline instance's options, or undefined when there is no DSN.
 * Kept apart from create-faultline.ts so that the instance stays a thin shell.
 */

import { createRedactor } from '@faultline/core';
import { MAX_EVENT_REDACT_NODES } from '../limits.js';
import type { FaultlineOptions, Logger } from '../options.js';
import { Reporter } from './reporter.js';
import { resolveReporterOptions } from './reporter-options.js';
import { SourceContext } from './source-context.js';
import { SourceMaps } from './source-maps.js';

/**
 * @example createReporter({ dsn: 'http://key@127.0.0.1:8000/1' }, 'http://key@127.0.0.1:8000/1', 'production', logger)
 */
export function createReporter(
  options: FaultlineOptions,
  dsn: string | undefined,
  environment: string,
  logger: Logger,
): Reporter | undefined {
  if (dsn === undefined) return undefined;
  const resolved = resolveReporterOptions(options.reporter);
  const redactKeys = [...(options.redactKeys ?? [])];
  return new Reporter({
    dsn,
    reportClientErrors: options.reportClientErrors === true,
    options: resolved,
    env: {
      service: options.service,
      release: options.release,
      environment,
      root: resolved.root,
      redactKeys,
      redactEvent: createRedactor({ keys: redactKeys, maxNodes: MAX_EVENT_REDACT_NODES }),
      includeBody: resolved.requestBody,
      user: options.user,
      sourceContext: resolved.sourceContext ? new SourceContext({ root: resolved.root }) : undefined,
      sourceMaps:
        options.sourceMaps === true
          ? new SourceMaps(resolved.root, (obj, msg) => logger.warn(obj, msg))
          : undefined,
    },
  });
}
