export * from './alerts/index.js';
export { emailProblem, hashPassword, passwordProblem, verifyPassword } from './api/passwords.js';
export { TokenGrantError, type TokenGrantInput, tokenGrant } from './api/token-grant.js';
export { presentToken } from './api/token-routes.js';
export * from './bootstrap.js';
export * from './collector.js';
export * from './digest/index.js';
export * from './ingest/index.js';
export * from './ingest-batch.js';
/** The defaults and bounds a front end (the CLI's flags) shows and checks against. */
export {
  DEFAULT_INGEST_WORKERS,
  DEFAULT_MAX_EVENTS_PER_ISSUE,
  DEFAULT_RETENTION_DAYS,
  MAX_INGEST_WORKERS,
  MAX_TRUSTED_PROXY_HOPS,
} from './limits.js';
export type { MetricsOptions } from './ops/metrics-route.js';
export * from './store/index.js';
