/**
 * Every wire format Faultline's components share, written once: whoever writes a format and
 * whoever reads it import it from here, so the two sides cannot drift apart.
 */
export * from './client-report.js';
export * from './dsn.js';
export * from './faultline-context.js';
export * from './items.js';
export * from './rate-limits.js';
export * from './retry-after.js';
export * from './route-rates.js';
export * from './sampled-occurrences.js';
export * from './sentry-auth.js';
export * from './sessions.js';
