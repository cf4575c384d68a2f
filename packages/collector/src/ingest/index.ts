/** The ingest half of the collector: Sentry-compatible endpoints → committed IngestBatches. */

export type { Credential } from './auth.js';
export { originAllowed } from './cors.js';
export { createIngestHandler, type IngestHandler, type IngestStats } from './handler.js';
export { IngestRejection } from './http-errors.js';
export { DEFAULT_INGEST_OPTIONS, type IngestOptions, resolveIngestOptions } from './options.js';
export { rateLimitHeaders } from './rate-limit.js';
export { type IngestEndpoint, type IngestRoute, matchIngestPath } from './routes.js';
