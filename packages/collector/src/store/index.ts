/** The store: one interface, two implementations (SQLite default, PostgreSQL at scale). */
export * from './alert-incidents.js';
export * from './alert-records.js';
export * from './alert-write-tx.js';
export * from './cursor.js';
export * from './ids.js';
export * from './merge-records.js';
export { createPostgresStore, type PostgresStoreOptions } from './postgres/postgres-store.js';
export * from './queries.js';
export * from './records.js';
export { createSqliteStore, SQLITE_FILE_NAME, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export * from './store.js';
export * from './store-errors.js';
export * from './team-records.js';
export * from './write-tx.js';
