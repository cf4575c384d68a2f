export * from './alerts/index.js';
export { emailProblem, hashPassword, passwordProblem, verifyPassword } from './api/passwords.js';
export * from './bootstrap.js';
export * from './collector.js';
export * from './digest/index.js';
export * from './ingest/index.js';
export * from './ingest-batch.js';
export type { MetricsOptions } from './ops/metrics-route.js';
export * from './store/index.js';
