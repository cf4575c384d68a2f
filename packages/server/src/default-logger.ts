import { pino } from 'pino';
import type { Logger } from './options.js';

/** pino writing JSON lines to stdout: the cheapest structured logger on Node. */
export function defaultLogger(): Logger {
  return pino({ name: 'faultline' });
}
