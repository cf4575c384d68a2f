import type { SentryEvent } from './event.js';

/** STUB: being implemented. */
export function fingerprint(_event: SentryEvent): string {
  return '';
}
