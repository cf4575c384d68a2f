/** What Faultline's own tests share (private; never published). */
export * from './child-output.js';
export * from './cli-run.js';
export * from './pg-instance.js';
export * from './pgbouncer.js';
export * from './postgres-url.js';
export * from './scratch-database.js';
export * from './serve-child.js';
export * from './serve-children.js';
export * from './store-engines.js';
export * from './test-collector.js';
